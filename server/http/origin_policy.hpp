#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace duet {

// Whether a page from `origin` (the upgrade request's Origin header, empty when absent) may
// open a signaling socket on this server, reached under the request's `host` header.
// Same origin is always allowed, and so are the extra origins configured. A request with no
// Origin comes from a program, not a page, and cannot ride a user's browser, so it passes.
bool origin_allowed(std::string_view origin, std::string_view host,
                    std::vector<std::string> const& allowed_origins);

}  // namespace duet
