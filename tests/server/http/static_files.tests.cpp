#include "http/static_files.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "temp_dir.hpp"

using namespace duet;
namespace fs = std::filesystem;
using status = resolved_path::status;

namespace {

char const* to_string(status s) {
    switch (s) {
        case status::ok:
            return "ok";
        case status::bad_request:
            return "bad_request";
        case status::not_found:
            return "not_found";
    }
    return "?";
}

// A web root with a secret beside it, and links that try to reach the secret:
//   <tmp>/secret.txt  <tmp>/web-evil/x.txt  <tmp>/outside/
//   <tmp>/web/{index.html, app.js, sub/index.html, empty/, with space.txt, ...links}
struct site {
    testing::temp_dir tmp;
    fs::path root;

    site() {
        tmp.write("secret.txt", "top secret");
        tmp.write("outside/index.html", "outside index");
        // Shares the root's name as a prefix: a string-prefix check would let it through.
        tmp.write("web-evil/x.txt", "evil");
        tmp.write("web/index.html", "<h1>home</h1>");
        tmp.write("web/app.js", "console.log(1)");
        tmp.write("web/sub/index.html", "sub home");
        tmp.write("web/with space.txt", "spaced");
        fs::create_directories(tmp.path() / "web/empty");
        root = fs::canonical(tmp.path() / "web");
        fs::create_symlink("app.js", root / "link_in.js");
        fs::create_directory_symlink("sub", root / "sub_link");
        fs::create_symlink(tmp.path() / "secret.txt", root / "link_out.txt");
        fs::create_symlink("../secret.txt", root / "relative_out.txt");
        fs::create_directory_symlink(tmp.path() / "outside", root / "dir_out");
        fs::create_symlink("../web-evil/x.txt", root / "prefix_out.txt");
        fs::create_symlink("missing.js", root / "dangling.js");
    }

    resolved_path resolve(std::string_view target) const {
        auto r = resolve_target(root, target);
        UNSCOPED_INFO("target " << target << " -> " << to_string(r.result) << " "
                                << r.file.string());
        return r;
    }
    bool serves(std::string_view target, fs::path const& relative) const {
        auto r = resolve(target);
        return r.result == status::ok && r.file == root / relative;
    }
    status result(std::string_view target) const { return resolve(target).result; }
};

}  // namespace

TEST_CASE("resolve_target serves files inside the web root", "[static]") {
    site s;

    SECTION("a file") { CHECK(s.serves("/app.js", "app.js")); }
    SECTION("/ is index.html") { CHECK(s.serves("/", "index.html")); }
    SECTION("a folder, with or without its slash, is its index.html") {
        CHECK(s.serves("/sub", "sub/index.html"));
        CHECK(s.serves("/sub/", "sub/index.html"));
        CHECK(s.serves("/sub/index.html", "sub/index.html"));
    }
    SECTION("a folder without index.html is not found: there are no listings") {
        CHECK(s.result("/empty") == status::not_found);
        CHECK(s.result("/empty/") == status::not_found);
    }
    SECTION("missing files are not found") {
        CHECK(s.result("/missing.js") == status::not_found);
        CHECK(s.result("/sub/missing/deeper.js") == status::not_found);
        CHECK(s.result("/dangling.js") == status::not_found);
    }
    SECTION("query strings and fragments are stripped") {
        CHECK(s.serves("/app.js?v=123", "app.js"));
        CHECK(s.serves("/app.js#top", "app.js"));
        CHECK(s.serves("/?x=/../../secret.txt", "index.html"));
        CHECK(s.serves("/sub/?a=1&b=2", "sub/index.html"));
    }
    SECTION("percent-encoding is decoded") {
        CHECK(s.serves("/with%20space.txt", "with space.txt"));
        CHECK(s.serves("/%61pp.js", "app.js"));
        CHECK(s.serves("/sub%2Findex.html", "sub/index.html"));
    }
    SECTION("empty and '.' segments collapse") {
        CHECK(s.serves("/./app.js", "app.js"));
        CHECK(s.serves("//app.js", "app.js"));
        CHECK(s.serves("/sub//./index.html", "sub/index.html"));
    }
    SECTION("symlinks that stay inside the root are followed") {
        CHECK(s.serves("/link_in.js", "app.js"));
        CHECK(s.serves("/sub_link/", "sub/index.html"));
    }
}

TEST_CASE("resolve_target never leaves the web root", "[static]") {
    site s;

    SECTION("dot-dot segments, raw or percent-encoded, are refused outright") {
        for (char const* target :
             {"/..", "/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2e%2fsecret.txt",
              "/%2e%2E%2Fsecret.txt", "/a/../../secret.txt", "/sub/../index.html", "/sub/..",
              "/.%2e/secret.txt", "/%2e./secret.txt", "/sub/%2e%2e/%2e%2e/secret.txt"}) {
            CHECK(s.result(target) == status::bad_request);
        }
    }
    SECTION("absolute-looking paths stay inside the root") {
        auto secret = (s.tmp.path() / "secret.txt").string();
        CHECK(s.result("//etc/passwd") == status::not_found);
        CHECK(s.result("/" + secret) == status::not_found);
        CHECK(s.result("/%2F" + secret.substr(1)) == status::not_found);
    }
    SECTION("backslashes are refused, raw or encoded") {
        CHECK(s.result("/..\\secret.txt") == status::bad_request);
        CHECK(s.result("/%5c..%5csecret.txt") == status::bad_request);
        CHECK(s.result("/sub\\index.html") == status::bad_request);
    }
    SECTION("NUL bytes are refused") {
        CHECK(s.result("/%00") == status::bad_request);
        CHECK(s.result("/app.js%00.html") == status::bad_request);
        CHECK(s.result(std::string_view("/app.js\0", 8)) == status::bad_request);
    }
    SECTION("malformed escapes are refused") {
        for (char const* target : {"/%zz", "/%2", "/%", "/app.js%", "/%g0", "/%0g", "/a%2"}) {
            CHECK(s.result(target) == status::bad_request);
        }
    }
    SECTION("targets that are not an origin-form path are refused") {
        for (char const* target : {"", "app.js", "*", "http://example.com/app.js", "?x=1"}) {
            CHECK(s.result(target) == status::bad_request);
        }
    }
    SECTION("symlinks that point outside are not found") {
        CHECK(s.result("/link_out.txt") == status::not_found);
        CHECK(s.result("/relative_out.txt") == status::not_found);
        CHECK(s.result("/prefix_out.txt") == status::not_found);
        CHECK(s.result("/dir_out/") == status::not_found);
        CHECK(s.result("/dir_out/index.html") == status::not_found);
    }
}

TEST_CASE("percent_decode", "[static]") {
    std::string out;
    CHECK(percent_decode("/plain/path.js", out));
    CHECK(out == "/plain/path.js");
    CHECK(percent_decode("/a%20b%2Fc%2fd", out));
    CHECK(out == "/a b/c/d");
    CHECK(percent_decode("%E5%BC%A0", out));
    CHECK(out == "张");
    CHECK(percent_decode("%41", out));  // an escape that ends the input
    CHECK(out == "A");
    CHECK(percent_decode("", out));
    CHECK(out.empty());
    CHECK(percent_decode("%2541", out));  // decoded once, not twice
    CHECK(out == "%41");
    for (char const* bad : {"%", "%2", "a%", "%zz", "%2g", "%g2", "%%41"}) {
        INFO("input: " << bad);
        CHECK_FALSE(percent_decode(bad, out));
    }
}

TEST_CASE("mime_type", "[static]") {
    CHECK(mime_type("index.html") == "text/html; charset=utf-8");
    CHECK(mime_type("/srv/web/duet.js") == "text/javascript; charset=utf-8");
    CHECK(mime_type("module.mjs") == "text/javascript; charset=utf-8");
    // Without it, WebAssembly.instantiateStreaming refuses the module.
    CHECK(mime_type("duet.wasm") == "application/wasm");
    CHECK(mime_type("DUET.WASM") == "application/wasm");
    CHECK(mime_type("style.css") == "text/css; charset=utf-8");
    CHECK(mime_type("data.json") == "application/json");
    CHECK(mime_type("duet.js.map") == "application/json");
    CHECK(mime_type("icon.png") == "image/png");
    CHECK(mime_type("photo.JPG") == "image/jpeg");
    CHECK(mime_type("logo.svg") == "image/svg+xml");
    CHECK(mime_type("favicon.ico") == "image/vnd.microsoft.icon");
    CHECK(mime_type("font.woff2") == "font/woff2");
    CHECK(mime_type("ring.ogg") == "audio/ogg");
    CHECK(mime_type("notes.txt") == "text/plain; charset=utf-8");
    CHECK(mime_type("archive.tar.gz") == "application/octet-stream");
    CHECK(mime_type("Makefile") == "application/octet-stream");
    CHECK(mime_type(".html") == "application/octet-stream");  // a dotfile, no extension
}

TEST_CASE("accepts_encoding reads Accept-Encoding lists", "[static]") {
    CHECK(accepts_encoding("gzip, deflate, br", "gzip"));
    CHECK(accepts_encoding("gzip, deflate, br", "br"));
    CHECK(accepts_encoding("GZIP", "gzip"));
    CHECK(accepts_encoding("br;q=0.5, gzip;q=1.0", "br"));
    CHECK(accepts_encoding("*", "br"));
    CHECK_FALSE(accepts_encoding("", "gzip"));
    CHECK_FALSE(accepts_encoding("deflate", "gzip"));
    CHECK_FALSE(accepts_encoding("gzip;q=0", "gzip"));
    CHECK_FALSE(accepts_encoding("gzip;q=0.000, *", "gzip"));  // listed and refused beats *
    CHECK_FALSE(accepts_encoding("*;q=0", "br"));
    CHECK_FALSE(accepts_encoding("xgzip", "gzip"));
}

TEST_CASE("entity tags and If-None-Match", "[static]") {
    site s;
    auto const app = s.root / "app.js";
    auto const tag = entity_tag(app, "");
    CHECK(tag.front() == '"');
    CHECK(tag.back() == '"');
    CHECK(entity_tag(app, "gzip") != tag);  // each encoding is its own representation
    CHECK(etag_matches(tag, tag));
    CHECK(etag_matches("\"other\", " + tag, tag));
    CHECK(etag_matches("W/" + tag, tag));
    CHECK(etag_matches("*", tag));
    CHECK_FALSE(etag_matches("", tag));
    CHECK_FALSE(etag_matches("\"other\"", tag));

    s.tmp.write("web/app.js", "console.log(2); // longer now");
    CHECK(entity_tag(app, "") != tag);
}

TEST_CASE("precompressed_variant stays inside the web root", "[static]") {
    site s;
    s.tmp.write("web/app.js.gz", "gz bytes");
    s.tmp.write("secret.txt.gz", "top secret gz");
    fs::create_symlink(s.tmp.path() / "secret.txt.gz", s.root / "index.html.gz");
    auto gz = precompressed_variant(s.root, s.root / "app.js", ".gz");
    REQUIRE(gz.has_value());
    CHECK(*gz == s.root / "app.js.gz");
    CHECK_FALSE(precompressed_variant(s.root, s.root / "app.js", ".br").has_value());
    CHECK_FALSE(precompressed_variant(s.root, s.root / "index.html", ".gz").has_value());
}
