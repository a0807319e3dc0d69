// The real duet-server's static file serving, over loopback, targets sent verbatim.
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "../temp_dir.hpp"
#include "http_client.hpp"
#include "server_process.hpp"
#include "ws_client.hpp"

using namespace duet::testing;
namespace fs = std::filesystem;

namespace {

std::string const secret = "TOP-SECRET-OUTSIDE-THE-ROOT";
std::string const wasm_bytes("\0asm\x01\0\0\0\x01\x04\x01\x60\0\0", 14);

// <tmp>/secret.txt beside <tmp>/web, the root, which links out to it.
struct site {
    temp_dir tmp;
    fs::path root;

    site() {
        tmp.write("secret.txt", secret);
        tmp.write("web/index.html", "<!doctype html><title>Duet</title>");
        tmp.write("web/duet.js", "console.log('duet');");
        tmp.write("web/duet.wasm", wasm_bytes);
        tmp.write("web/style.css", "body{}");
        tmp.write("web/sub/index.html", "sub");
        root = tmp.path() / "web";
        fs::create_symlink(tmp.path() / "secret.txt", root / "link_out.txt");
        fs::create_directory_symlink(tmp.path(), root / "up");
        fs::create_symlink("duet.js", root / "link_in.js");
    }
};

struct live_site {
    site files;
    server_process server{files.root};
    unsigned short port() const { return server.port(); }
};

std::string header(http_response const& res, http::field f) { return std::string(res[f]); }

}  // namespace

TEST_CASE("static files: content, MIME types, index.html", "[integration]") {
    live_site s;

    SECTION("/ serves index.html") {
        auto res = http_get(s.port(), "/");
        CHECK(res.result() == http::status::ok);
        CHECK(header(res, http::field::content_type) == "text/html; charset=utf-8");
        CHECK(res.body() == "<!doctype html><title>Duet</title>");
        CHECK(res["X-Content-Type-Options"] == "nosniff");
    }
    SECTION("each type with its MIME type, bytes intact") {
        struct expected {
            char const* target;
            char const* type;
            std::string body;
        };
        for (auto const& e :
             {expected{"/duet.js", "text/javascript; charset=utf-8", "console.log('duet');"},
              expected{"/duet.wasm", "application/wasm", wasm_bytes},
              expected{"/index.html", "text/html; charset=utf-8",
                       "<!doctype html><title>Duet</title>"},
              expected{"/style.css", "text/css; charset=utf-8", "body{}"},
              expected{"/sub/", "text/html; charset=utf-8", "sub"},
              expected{"/duet.js?v=3", "text/javascript; charset=utf-8", "console.log('duet');"},
              expected{"/link_in.js", "text/javascript; charset=utf-8", "console.log('duet');"}}) {
            INFO("target " << e.target);
            auto res = http_get(s.port(), e.target);
            CHECK(res.result() == http::status::ok);
            CHECK(header(res, http::field::content_type) == e.type);
            CHECK(res.body() == e.body);
        }
    }
    SECTION("HEAD: the headers of a GET, no body") {
        auto res = http_get(s.port(), "/duet.wasm", http::verb::head);
        CHECK(res.result() == http::status::ok);
        CHECK(header(res, http::field::content_type) == "application/wasm");
        CHECK(header(res, http::field::content_length) == std::to_string(wasm_bytes.size()));
        CHECK(res.body().empty());
    }
    SECTION("keep-alive: several requests on one connection") {
        auto responses = http_exchange(s.port(), {http_request(http::verb::get, "/duet.js"),
                                                  http_request(http::verb::head, "/"),
                                                  http_request(http::verb::get, "/missing"),
                                                  http_request(http::verb::get, "/duet.wasm")});
        CHECK(responses[0].body() == "console.log('duet');");
        CHECK(responses[1].result() == http::status::ok);
        CHECK(responses[2].result() == http::status::not_found);
        CHECK(responses[3].body() == wasm_bytes);
    }
    CHECK(s.server.stop() == 0);
}

TEST_CASE("static files: errors", "[integration]") {
    live_site s;

    SECTION("a missing file is 404") {
        for (char const* target : {"/missing.js", "/sub/missing.html", "/nope/"}) {
            INFO("target " << target);
            auto res = http_get(s.port(), target);
            CHECK(res.result() == http::status::not_found);
            CHECK(res.body() == "Not found\n");
        }
    }
    SECTION("methods other than GET and HEAD are 405") {
        for (auto method : {http::verb::post, http::verb::put, http::verb::delete_}) {
            auto res = http_get(s.port(), "/index.html", method);
            CHECK(res.result() == http::status::method_not_allowed);
            CHECK(header(res, http::field::allow) == "GET, HEAD");
        }
    }
    SECTION("a header over the limit is 413") {
        auto req = http_request(http::verb::get, "/");
        req.set("X-Padding", std::string(16 * 1024, 'p'));
        auto res = http_exchange(s.port(), {req}).front();
        CHECK(res.result() == http::status::payload_too_large);
    }
    SECTION("a WebSocket upgrade anywhere but / and /ws is 404") {
        CHECK(ws_client::upgrade_status(s.port(), "/other") == 404);
        CHECK(ws_client::upgrade_status(s.port(), "/ws/") == 404);
        CHECK(ws_client::upgrade_status(s.port(), "/index.html") == 404);
    }
    CHECK(s.server.stop() == 0);
}

TEST_CASE("static files: no way out of the web root", "[integration]") {
    live_site s;
    auto const secret_path = (s.files.tmp.path() / "secret.txt").string();

    SECTION("traversal attempts are refused, raw or encoded") {
        for (std::string target :
             {"/../secret.txt", "/..", "/%2e%2e/secret.txt", "/%2E%2e%2fsecret.txt",
              "/sub/../../secret.txt", "/sub/%2e%2e/%2e%2e/secret.txt", "/.%2e/secret.txt",
              "/..%5csecret.txt", "/..\\secret.txt", "/%5c..%5csecret.txt", "/duet.js%00", "/%zz",
              "/%2"}) {
            INFO("target " << target);
            auto res = http_get(s.port(), target);
            CHECK(res.result() == http::status::bad_request);
            CHECK(res.body().find(secret) == std::string::npos);
        }
    }
    SECTION("absolute paths stay inside the root") {
        for (std::string target : {"/" + secret_path, "//" + secret_path.substr(1),
                                   "/%2F" + secret_path.substr(1), std::string("//etc/passwd")}) {
            INFO("target " << target);
            auto res = http_get(s.port(), target);
            CHECK(res.result() == http::status::not_found);
            CHECK(res.body().find(secret) == std::string::npos);
        }
    }
    SECTION("targets that are not a path are refused") {
        for (std::string target : {"secret.txt", "http://127.0.0.1/../secret.txt"}) {
            INFO("target " << target);
            auto res = http_get(s.port(), target);
            CHECK(res.result() == http::status::bad_request);
        }
    }
    SECTION("symlinks that point outside are 404") {
        for (char const* target : {"/link_out.txt", "/up/secret.txt", "/up/"}) {
            INFO("target " << target);
            auto res = http_get(s.port(), target);
            CHECK(res.result() == http::status::not_found);
            CHECK(res.body().find(secret) == std::string::npos);
        }
    }
    CHECK(s.server.stop() == 0);
}
