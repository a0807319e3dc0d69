// Invite links: "https://<host>/#call=<name>" opens the app with a call to <name> waiting
// for sign-in. The name rides in the fragment, so it never reaches the server in a request;
// it is percent-encoded (RFC 3986) so any name the server accepts (Chinese, spaces) survives
// copying, sharing and a QR code, and checked with the server's own name rules when read back.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace duet::call {

// `origin` as the page's location.origin ("https://example.org:8443"); no trailing slash.
std::string invite_link(std::string_view origin, std::string_view name);

// The inviter named by a location.hash ("#call=al%C3%AFce", maybe among other "&" parts), or
// nothing for a hash without one, a bad escape, or a name the server would refuse.
std::optional<std::string> invited_by(std::string_view hash);

std::string percent_encode(std::string_view text);
std::optional<std::string> percent_decode(std::string_view text);

}  // namespace duet::call
