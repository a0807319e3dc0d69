#include "static_files.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace duet {

namespace fs = std::filesystem;

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool is_inside(fs::path const& root, fs::path const& p) {
    auto [root_end, _] = std::mismatch(root.begin(), root.end(), p.begin(), p.end());
    return root_end == root.end();
}

}  // namespace

bool percent_decode(std::string_view in, std::string& out) {
    out.clear();
    out.reserve(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] != '%') {
            out.push_back(in[i]);
            continue;
        }
        if (i + 2 >= in.size()) return false;
        int hi = hex_value(in[i + 1]);
        int lo = hex_value(in[i + 2]);
        if (hi < 0 || lo < 0) return false;
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
    }
    return true;
}

resolved_path resolve_target(fs::path const& canonical_root, std::string_view target) {
    using st = resolved_path::status;
    if (auto q = target.find_first_of("?#"); q != std::string_view::npos) {
        target = target.substr(0, q);
    }
    if (target.empty() || target.front() != '/') return {st::bad_request, {}};

    std::string path;
    if (!percent_decode(target, path)) return {st::bad_request, {}};
    if (path.find('\0') != std::string::npos || path.find('\\') != std::string::npos) {
        return {st::bad_request, {}};
    }

    // Walk the segments ourselves: "..", even when it arrived as %2e%2e, is refused outright
    // rather than normalised, and "//" or "/./" collapse.
    fs::path relative;
    std::size_t start = 1;
    while (start <= path.size()) {
        auto end = path.find('/', start);
        if (end == std::string::npos) end = path.size();
        std::string_view segment(path.data() + start, end - start);
        if (segment == "..") return {st::bad_request, {}};
        if (!segment.empty() && segment != ".") relative /= fs::path(std::string(segment));
        start = end + 1;
    }

    std::error_code ec;
    fs::path candidate = canonical_root / relative;
    if (fs::is_directory(candidate, ec)) candidate /= "index.html";

    // canonical() resolves every symlink, so the prefix check below sees where a link lands.
    fs::path real = fs::canonical(candidate, ec);
    if (ec || !is_inside(canonical_root, real) || !fs::is_regular_file(real, ec)) {
        return {st::not_found, {}};
    }
    return {st::ok, std::move(real)};
}

std::string_view mime_type(fs::path const& file) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 22> types{{
        {".html", "text/html; charset=utf-8"},
        {".htm", "text/html; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".json", "application/json"},
        {".map", "application/json"},
        {".wasm", "application/wasm"},  // required for WebAssembly.instantiateStreaming
        {".txt", "text/plain; charset=utf-8"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".jpeg", "image/jpeg"},
        {".gif", "image/gif"},
        {".webp", "image/webp"},
        {".svg", "image/svg+xml"},
        {".ico", "image/vnd.microsoft.icon"},
        {".ttf", "font/ttf"},
        {".woff", "font/woff"},
        {".woff2", "font/woff2"},
        {".mp3", "audio/mpeg"},
        {".ogg", "audio/ogg"},
        {".wav", "audio/wav"},
    }};
    std::string ext = file.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (auto const& [e, type] : types) {
        if (e == ext) return type;
    }
    return "application/octet-stream";
}

}  // namespace duet
