// The static-file resolver on arbitrary request targets, against a real web root (made once
// in a temporary folder) that has links pointing out of it and within it:
//
//   <tmp>/root/index.html, app.js, style.css, sub/index.html, sub/page.txt, empty/
//   <tmp>/root/out_file -> ../outside/secret.txt     (escapes)
//   <tmp>/root/out_dir  -> ../outside                (escapes; has an index.html)
//   <tmp>/root/sibling  -> ../root-evil/secret.txt   (escapes to a name sharing the prefix)
//   <tmp>/root/in_file  -> app.js                    (stays inside)
//   <tmp>/root/in_dir   -> sub                       (stays inside)
//   <tmp>/root/sub/up   -> ..                        (stays inside: the root itself)
//
// Whatever the target, a success is a regular file whose canonical path lies in the root.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "http/static_files.hpp"

namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(char const* what, std::string_view detail = {}) {
    std::fprintf(stderr, "fuzz_http_path: %s\n", what);
    if (!detail.empty()) {
        std::fprintf(stderr, "  %.*s\n", static_cast<int>(detail.size()), detail.data());
    }
    std::abort();
}

void require(bool ok, char const* what, std::string_view detail = {}) {
    if (!ok) fail(what, detail);
}

void write_file(fs::path const& p, std::string_view text) {
    std::ofstream(p, std::ios::binary) << text;
}

struct web_root {
    fs::path base;  // the temporary folder holding root, outside and root-evil
    fs::path root;  // canonical

    web_root() {
        std::string pattern = (fs::temp_directory_path() / "duet-fuzz-http-XXXXXX").string();
        if (!::mkdtemp(pattern.data())) fail("cannot make a temporary folder");
        base = fs::canonical(pattern);
        fs::create_directories(base / "root" / "sub");
        fs::create_directories(base / "root" / "empty");
        fs::create_directories(base / "outside");
        fs::create_directories(base / "root-evil");
        write_file(base / "root" / "index.html", "<!doctype html>");
        write_file(base / "root" / "app.js", "main();");
        write_file(base / "root" / "style.css", "body{}");
        write_file(base / "root" / "sub" / "index.html", "<!doctype html>");
        write_file(base / "root" / "sub" / "page.txt", "text");
        write_file(base / "outside" / "secret.txt", "secret");
        write_file(base / "outside" / "index.html", "secret");
        write_file(base / "root-evil" / "secret.txt", "secret");
        fs::create_symlink("../outside/secret.txt", base / "root" / "out_file");
        fs::create_directory_symlink("../outside", base / "root" / "out_dir");
        fs::create_symlink("../root-evil/secret.txt", base / "root" / "sibling");
        fs::create_symlink("app.js", base / "root" / "in_file");
        fs::create_directory_symlink("sub", base / "root" / "in_dir");
        fs::create_directory_symlink("..", base / "root" / "sub" / "up");
        root = fs::canonical(base / "root");
    }
    ~web_root() {
        std::error_code ec;
        fs::remove_all(base, ec);
    }
};

web_root const& the_root() {
    static web_root const r;
    return r;
}

bool starts_with_folder(std::string const& path, std::string const& folder) {
    return path.size() > folder.size() && path.compare(0, folder.size(), folder) == 0 &&
           path[folder.size()] == '/';
}

void check_percent_decode(std::string_view in) {
    std::string out;
    if (duet::percent_decode(in, out)) {
        require(out.size() <= in.size(), "decoding made the text longer");
        if (in.find('%') == std::string_view::npos) require(out == in, "plain text changed");
    }
    // Every byte escaped must come back exactly.
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string escaped;
    for (unsigned char c : in) {
        escaped += '%';
        escaped += digits[c >> 4];
        escaped += digits[c & 0xF];
    }
    require(duet::percent_decode(escaped, out) && out == in, "escaped bytes did not round trip");
}

// The web root is what makes the invariant worth checking: make sure it is as described
// (symlinks can be refused by the file system) and that the resolver serves what it should.
void check_fixture() {
    auto const& r = the_root();
    using st = duet::resolved_path::status;
    auto serves = [&](std::string_view target, fs::path const& file) {
        auto got = duet::resolve_target(r.root, target);
        require(got.result == st::ok && got.file == file, "fixture: not served", target);
    };
    auto refuses = [&](std::string_view target) {
        require(duet::resolve_target(r.root, target).result != st::ok, "fixture: served", target);
    };
    serves("/", r.root / "index.html");
    serves("/sub/", r.root / "sub" / "index.html");
    serves("/in_file", r.root / "app.js");
    serves("/in_dir/page.txt", r.root / "sub" / "page.txt");
    serves("/sub/up/style.css", r.root / "style.css");
    refuses("/out_file");
    refuses("/out_dir/secret.txt");
    refuses("/sibling");
    refuses("/empty/");
    refuses("/%2e%2e/outside/secret.txt");
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    check_fixture();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    std::string_view target(reinterpret_cast<char const*>(data), size);
    check_percent_decode(target);

    auto const& r = the_root();
    auto resolved = duet::resolve_target(r.root, target);
    using st = duet::resolved_path::status;
    if (resolved.result != st::ok) {
        require(resolved.file.empty(), "a refusal names a file", target);
        return 0;
    }
    auto const& file = resolved.file;
    std::error_code ec;
    require(fs::is_regular_file(file, ec), "resolved to something not a regular file", target);
    require(fs::canonical(file, ec) == file && !ec, "resolved path is not canonical", target);
    require(starts_with_folder(file.string(), r.root.string()), "resolved outside the root",
            target);
    (void)duet::mime_type(file);
    return 0;
}
