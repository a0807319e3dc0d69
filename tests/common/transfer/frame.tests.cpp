// File transfer's control frames, its limits and its figures (common/transfer/).
#include "transfer/frame.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "transfer/figures.hpp"
#include "transfer/limits.hpp"

using namespace duet::transfer;

TEST_CASE("transfer frames: round trip, typed under t", "[transfer]") {
    SECTION("each kind comes back as it went") {
        auto o = decode(encode(offer{7, "报告 final.pdf", 20971520, "application/pdf"}));
        REQUIRE(o);
        REQUIRE(std::holds_alternative<offer>(*o));
        CHECK(std::get<offer>(*o).id == 7);
        CHECK(std::get<offer>(*o).name == "报告 final.pdf");
        CHECK(std::get<offer>(*o).size == 20971520);
        CHECK(std::get<offer>(*o).mime == "application/pdf");
        CHECK(std::get<accept>(*decode(encode(accept{3}))).id == 3);
        CHECK(std::get<decline>(*decode(encode(decline{4}))).id == 4);
        CHECK(std::get<cancel>(*decode(encode(cancel{5}))).id == 5);
        auto d = decode(encode(done{6, std::string(64, 'a')}));
        REQUIRE(d);
        CHECK(std::get<done>(*d).sha256 == std::string(64, 'a'));
        CHECK(std::holds_alternative<hello>(*decode(encode(hello{}))));
    }
    SECTION("the wire text") {
        CHECK(encode(hello{}) == R"({"t":"hello","v":1})");
        CHECK(encode(accept{1}) == R"({"id":1,"t":"accept"})");
    }
    SECTION("malformed, unknown and mistyped are nothing") {
        std::vector<std::string> const bad{
            "",
            "not json",
            "[]",
            R"({"t":"offer","id":1,"name":"a"})",
            R"({"t":"offer","id":-1,"name":"a","size":1})",
            R"({"t":"offer","id":1,"name":"a","size":-5})",
            R"({"t":"offer","id":1,"name":"a","size":1.5})",
            R"({"t":"offer","id":"1","name":"a","size":1})",
            R"({"t":"offer","id":1,"name":7,"size":1})",
            R"({"t":"accept"})",
            R"({"t":"done","id":1})",
            R"({"t":"chat","text":"hi"})",
            R"({"t":"offer","id":1,"name":")" + std::string(max_frame_bytes, 'a') +
                "\",\"size\":1}",
        };
        for (auto const& text : bad) {
            INFO(text.substr(0, 80));
            CHECK_FALSE(decode(text));
        }
    }
    SECTION("a missing type is empty, unknown keys are ignored") {
        auto o = decode(R"({"t":"offer","id":2,"name":"a","size":0,"extra":[1]})");
        REQUIRE(o);
        CHECK(std::get<offer>(*o).mime.empty());
    }
}

TEST_CASE("transfer limits: names, sizes, types and digests from the partner", "[transfer]") {
    SECTION("names") {
        CHECK(check_name("photo.jpg") == offer_problem::none);
        CHECK(check_name("照片 2026.jpg") == offer_problem::none);
        CHECK(check_name(std::string(max_name_bytes, 'a')) == offer_problem::none);
        for (std::string bad :
             {std::string(), std::string(max_name_bytes + 1, 'a'), std::string("../etc/passwd"),
              std::string("a\\b"), std::string("a\nb"), std::string("tab\there"), std::string(".."),
              std::string(". ."), std::string("\xC3\x28.txt"), std::string("nul\0x", 5)}) {
            INFO(bad);
            CHECK(check_name(bad) == offer_problem::bad_name);
        }
    }
    SECTION("sizes: empty files pass, over the limit does not") {
        CHECK(check_size(0) == offer_problem::none);
        CHECK(check_size(max_file_bytes) == offer_problem::none);
        CHECK(check_size(max_file_bytes + 1) == offer_problem::bad_size);
        CHECK(check_offer("a", max_file_bytes + 1) == offer_problem::bad_size);
        CHECK(check_offer("", 1) == offer_problem::bad_name);
    }
    SECTION("types are a hint: a bad one becomes octet-stream") {
        CHECK(safe_mime("image/png") == "image/png");
        CHECK(safe_mime("text/plain;charset=utf-8") == "text/plain;charset=utf-8");
        for (std::string bad :
             {"", "png", "/png", "image/", "text/html\"><x", "a b/c", "image/\xE5\x9B\xBE"}) {
            CHECK(safe_mime(bad) == "application/octet-stream");
        }
    }
    SECTION("digests are 64 lower-case hex digits") {
        CHECK(is_sha256_hex(std::string(64, 'f')));
        CHECK_FALSE(is_sha256_hex(std::string(64, 'F')));
        CHECK_FALSE(is_sha256_hex(std::string(63, 'a')));
        CHECK_FALSE(is_sha256_hex(std::string(63, 'a') + "g"));
    }
}

TEST_CASE("transfer figures: rate, time left, sizes", "[transfer]") {
    SECTION("the rate over the window, and the time left at it") {
        rate_meter r;
        CHECK(r.bytes_per_second() == 0);
        CHECK_FALSE(r.seconds_left(0, 100));
        r.add(0, 0);
        r.add(50, 1000);
        CHECK(r.bytes_per_second() == 0);  // under 100 ms: no figure yet
        r.add(1000, 1000000);
        CHECK(r.bytes_per_second() == Approx(1000000));
        REQUIRE(r.seconds_left(1000000, 3000000));
        CHECK(*r.seconds_left(1000000, 3000000) == Approx(2));
    }
    SECTION("a stall shows: old samples leave the window") {
        rate_meter r;
        r.add(0, 0);
        r.add(1000, 10000000);
        for (double t = 2000; t <= 10000; t += 500) r.add(t, 10000000);
        CHECK(r.bytes_per_second() == 0);
    }
    SECTION("a count going back starts again") {
        rate_meter r;
        r.add(0, 5000);
        r.add(1000, 100);
        CHECK(r.bytes_per_second() == 0);
    }
    SECTION("sizes, rates and durations as people read them") {
        CHECK(format_bytes(0) == "0 B");
        CHECK(format_bytes(1023) == "1023 B");
        CHECK(format_bytes(16384) == "16.0 KB");
        CHECK(format_bytes(20 * 1024 * 1024) == "20.0 MB");
        CHECK(format_bytes(1048575) == "1.0 MB");
        CHECK(format_bytes(std::uint64_t(3) << 29) == "1.5 GB");
        CHECK(format_rate(12.5 * 1024 * 1024) == "12.5 MB/s");
        CHECK(format_rate(0) == "0 B/s");
        CHECK(format_duration(0) == "0:00");
        CHECK(format_duration(0.2) == "0:01");
        CHECK(format_duration(754) == "12:34");
        CHECK(format_duration(3723) == "1:02:03");
    }
}
