#include "http/static_files.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstdio>
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

std::optional<fs::path> precompressed_variant(fs::path const& canonical_root, fs::path const& file,
                                             std::string_view suffix) {
    fs::path variant = file;
    variant += std::string(suffix);
    std::error_code ec;
    fs::path real = fs::canonical(variant, ec);
    if (ec || !is_inside(canonical_root, real) || !fs::is_regular_file(real, ec)) {
        return std::nullopt;
    }
    return real;
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

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

// Calls `f(token, params)` for each comma-separated element of a header list.
template <class F>
void for_each_element(std::string_view list, F f) {
    while (!list.empty()) {
        auto comma = list.find(',');
        auto element = trim(list.substr(0, comma));
        list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
        auto semi = element.find(';');
        f(trim(element.substr(0, semi)),
          semi == std::string_view::npos ? std::string_view{} : element.substr(semi + 1));
    }
}

bool is_q_zero(std::string_view params) {
    auto q = params.find("q=");
    if (q == std::string_view::npos) return false;
    auto value = trim(params.substr(q + 2));
    value = value.substr(0, value.find(';'));
    for (char c : value) {
        if (c != '0' && c != '.') return false;
    }
    return true;
}

}  // namespace

bool accepts_encoding(std::string_view accept_encoding, std::string_view coding) {
    bool listed = false;
    bool star = false;
    bool refused = false;
    for_each_element(accept_encoding, [&](std::string_view token, std::string_view params) {
        if (iequals(token, coding)) {
            listed = true;
            refused = is_q_zero(params);
        } else if (token == "*" && !is_q_zero(params)) {
            star = true;
        }
    });
    return listed ? !refused : star;
}

std::string entity_tag(fs::path const& file, std::string_view coding) {
    std::error_code ec;
    auto size = fs::file_size(file, ec);
    auto time = static_cast<std::uint64_t>(fs::last_write_time(file, ec).time_since_epoch().count());
    char tag[64];
    int n = std::snprintf(tag, sizeof tag, "\"%llx-%016llx", static_cast<unsigned long long>(size),
                          static_cast<unsigned long long>(time));
    std::string out(tag, static_cast<std::size_t>(n));
    if (!coding.empty()) {
        out += '-';
        out += coding;
    }
    out += '"';
    return out;
}

bool etag_matches(std::string_view if_none_match, std::string_view etag) {
    bool match = false;
    for_each_element(if_none_match, [&](std::string_view token, std::string_view) {
        if (token.substr(0, 2) == "W/") token.remove_prefix(2);
        if (token == "*" || token == etag) match = true;
    });
    return match;
}

}  // namespace duet
