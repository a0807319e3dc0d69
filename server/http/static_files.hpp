#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace duet {

// Where an HTTP request target points inside the web root, or why it points nowhere.
struct resolved_path {
    enum class status { ok, bad_request, not_found };
    status result = status::not_found;
    std::filesystem::path file;  // canonical, inside the root, a regular file (when ok)
};

// Maps a request target ("/a/b.js?x=1") to a file under `canonical_root`. Refuses anything
// that could leave the root: ".." segments (raw or percent-encoded), NUL bytes, backslashes,
// and symlinks whose target lies outside. A folder yields its index.html; there are no
// listings.
resolved_path resolve_target(std::filesystem::path const& canonical_root, std::string_view target);

// Percent-decodes a URL path; false on a malformed escape.
bool percent_decode(std::string_view in, std::string& out);

std::string_view mime_type(std::filesystem::path const& file);

// `file` + `suffix` (".gz", ".br") if that exists as a regular file inside the root.
std::optional<std::filesystem::path> precompressed_variant(
    std::filesystem::path const& canonical_root, std::filesystem::path const& file,
    std::string_view suffix);

// Whether an Accept-Encoding header admits `coding` ("gzip", "br"): listed, or by "*",
// and not with q=0.
bool accepts_encoding(std::string_view accept_encoding, std::string_view coding);

// A validator that changes whenever the file does: size and modification time.
std::string entity_tag(std::filesystem::path const& file, std::string_view coding);

// Whether an If-None-Match header lists `etag` (or is "*").
bool etag_matches(std::string_view if_none_match, std::string_view etag);

}  // namespace duet
