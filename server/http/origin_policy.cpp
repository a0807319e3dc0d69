#include "http/origin_policy.hpp"

#include <algorithm>
#include <cctype>

namespace duet {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// "host:80" and "host" name the same http authority (and 443 for https).
std::string without_default_port(std::string authority, std::string_view scheme) {
    std::string_view port = scheme == "https" ? ":443" : ":80";
    if (authority.size() > port.size() &&
        authority.compare(authority.size() - port.size(), port.size(), port) == 0) {
        authority.resize(authority.size() - port.size());
    }
    return authority;
}

}  // namespace

bool origin_allowed(std::string_view origin, std::string_view host,
                    std::vector<std::string> const& allowed_origins) {
    if (origin.empty()) return true;
    std::string o = lower(origin);
    for (auto const& extra : allowed_origins) {
        if (lower(extra) == o) return true;
    }
    auto sep = o.find("://");
    if (sep == std::string::npos) return false;  // includes the opaque origin "null"
    std::string scheme = o.substr(0, sep);
    if (scheme != "http" && scheme != "https") return false;
    std::string authority = o.substr(sep + 3);
    if (authority.empty() || authority.find('/') != std::string::npos) return false;
    return without_default_port(authority, scheme) == without_default_port(lower(host), scheme);
}

}  // namespace duet
