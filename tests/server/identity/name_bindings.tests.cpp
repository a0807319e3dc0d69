#include "identity/name_bindings.hpp"

#include <catch2/catch.hpp>
#include <optional>

#include "identity/binding_store.hpp"

#include "temp_dir.hpp"

using namespace duet::identity;

namespace {

id_claims claims(std::string preferred, std::string email, std::string name) {
    id_claims c;
    c.preferred_username = std::move(preferred);
    c.email = std::move(email);
    c.name = std::move(name);
    return c;
}

}  // namespace

TEST_CASE("Name candidates", "[identity]") {
    SECTION("preferred_username, then the email's local part, then the name") {
        auto c = name_candidates(claims("alice", "awang@example.org", "Alice Wang"));
        CHECK(c == std::vector<std::string>{"alice", "awang", "Alice Wang"});
        CHECK(name_candidates(claims("", "awang@example.org", "Alice Wang")).front() == "awang");
        CHECK(name_candidates(claims("", "", "Alice Wang")).front() == "Alice Wang");
    }
    SECTION("invalid ones are dropped, long ones cut to leave room for a number") {
        CHECK(name_candidates(claims("   ", "not-an-email", "\x01")).empty());
        auto c = name_candidates(claims(std::string(40, 'a'), "", ""));
        REQUIRE(c.size() == 1);
        CHECK(c.front() == std::string(28, 'a'));
        auto accented = name_candidates(claims("", "", [] {
            std::string s;
            for (int i = 0; i < 30; ++i) s += "\xc3\xa9";
            return s;
        }()));
        REQUIRE(accented.size() == 1);
        CHECK(accented.front().size() == 28 * 2);
    }
}

TEST_CASE("Name bindings", "[identity]") {
    duet::testing::temp_dir dir;
    auto const file = dir.path() / "identities.json";
    auto opened = name_bindings::open(file);
    REQUIRE(opened);
    auto& bindings = **opened.value;

    SECTION("an account keeps its name; a taken name is numbered for another account") {
        CHECK(*bindings.bind(account_key("1", "https://a"), {"alice"}).value == "alice");
        CHECK(*bindings.bind(account_key("1", "https://a"), {"something else"}).value == "alice");
        CHECK(*bindings.bind(account_key("2", "https://a"), {"alice", "awang"}).value == "alice2");
        CHECK(*bindings.bind(account_key("1", "https://b"), {"alice"}).value == "alice3");
        CHECK(bindings.holder_of("alice") == "1@https://a");
        CHECK(bindings.holder_of("alice2") == "2@https://a");
        CHECK(bindings.holder_of("bob").empty());
        CHECK(*bindings.bind(account_key("3", "https://a"), {}).value == "user");
    }
    SECTION("bindings survive a restart, read back from the file") {
        REQUIRE(bindings.bind(account_key("1", "https://a"), {"alice"}));
        REQUIRE(bindings.bind(account_key("2", "https://a"), {"alice"}));
        auto again = name_bindings::open(file);
        REQUIRE(again);
        CHECK((*again.value)->size() == 2);
        CHECK((*again.value)->holder_of("alice2") == "2@https://a");
        CHECK(*(*again.value)->bind(account_key("1", "https://a"), {"x"}).value == "alice");
        CHECK_FALSE(std::filesystem::exists(file.string() + ".tmp"));
    }
    SECTION("a file that cannot be written binds nothing") {
        auto blocked = name_bindings::open(dir.path() / "no-such-folder" / "identities.json");
        REQUIRE(blocked);
        auto bound = (*blocked.value)->bind(account_key("1", "https://a"), {"alice"});
        CHECK(bound.failure.code == error_code::storage);
        CHECK((*blocked.value)->holder_of("alice").empty());
    }
    SECTION("a corrupt file is an error, not an empty list") {
        CHECK(name_bindings::open(dir.write("bad.json", "{\"bindings\": 3}")).failure.code ==
              error_code::storage);
        CHECK_FALSE(name_bindings::open(dir.write("twice.json",
                                                  R"({"bindings":[{"account":"a","name":"x"},
                                                      {"account":"b","name":"x"}]})")));
    }
    SECTION("in memory only, with no file") {
        auto memory = name_bindings::open({});
        REQUIRE(memory);
        CHECK(*(*memory.value)->bind("1@x", {"bob"}).value == "bob");
    }
}

TEST_CASE("Name bindings behind the binding_store interface (one process)", "[identity]") {
    auto opened = name_bindings::open({});
    REQUIRE(opened);
    auto store = make_local_binding_store(std::move(*opened.value));
    std::optional<result<std::string>> bound;
    store->bind("1@https://a", {"alice"}, [&bound](result<std::string> r) { bound = r; });
    REQUIRE(bound);  // at once: no round trip
    CHECK(*bound->value == "alice");
    std::optional<duet::name_holder> holder;
    store->holder_of("alice", [&holder](duet::name_holder h) { holder = h; });
    REQUIRE(holder);
    CHECK(holder->account == "1@https://a");
    CHECK_FALSE(holder->unavailable);
    store->holder_of("bob", [&holder](duet::name_holder h) { holder = h; });
    CHECK(holder->account.empty());
}
