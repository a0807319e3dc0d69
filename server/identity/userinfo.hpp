// The claims an ID token may leave out, from the provider's userinfo endpoint (OpenID Connect
// Core 5.3). A provider may put only `sub` in the ID token of the code flow and keep the
// profile and email at userinfo (Core 5.4: scope claims go to userinfo when an access token is
// issued); without them a person would get the name "user" and an empty line on the callee's
// screen. Pure functions: the relying party does the fetching and decides what a failure means.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "identity/id_token.hpp"
#include "identity/identity_error.hpp"

namespace duet::identity {

// A profile is a few hundred bytes; a provider that adds groups or pictures stays well under
// this. Beyond it the answer is not read as JSON at all.
inline constexpr std::size_t max_userinfo_bytes = 64 * 1024;

// Whether the token lacks a claim Duet uses: the name's sources (preferred_username, email,
// name), the email shown to callees, and whether it is verified.
bool lacks_profile_claims(id_claims const& claims);

// The access token of a token endpoint's answer (RFC 6749 5.1) when it is a Bearer token
// (RFC 6750), else empty: another token type (DPoP, say) cannot be sent as Bearer.
std::string bearer_access_token(std::string_view token_answer);

// `claims` with what they lack filled from a userinfo answer: only empty claims are filled,
// so what the ID token says always wins. A claim that is not a string (a boolean for
// email_verified) is left out. email_verified is taken only for the very email it speaks of.
// Refused, and nothing filled, when the answer is not 200, too large, not a JSON object,
// has no sub, or names another sub than the token (Core 5.3.2: the answer may be about
// someone else, substituted on the way).
result<id_claims> with_userinfo(id_claims claims, unsigned status, std::string_view body);

}  // namespace duet::identity
