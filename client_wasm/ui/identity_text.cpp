// The caller's identity in words (identity_text.hpp).
#include "identity_text.hpp"

#include "words/word.hpp"

namespace duet::ui {

std::string partner_identity_text(model const& m) {
    if (!m.partner_identity) return {};
    auto const& who = *m.partner_identity;
    using words::word;
    // "Not verified" is news only to someone who signed in with the provider: they expect
    // verified callers, so a typed name is marked. A page signed in by name on the same
    // server (anonymous itself, calling and called by typed names) is shown no mark.
    if (!who.verified) return m.account.me ? words::say(word::identity_unverified, m.lang) : "";
    // The label is ours (the same server's provider); the issuer stands in if we lack it.
    std::string const& label =
        m.account.provider_label.empty() ? who.issuer : m.account.provider_label;
    return words::fill(words::say(word::identity_verified, m.lang),
                       {{"who", who.name.empty() ? m.partner : who.name},
                        {"email", who.email.empty() ? m.partner : who.email},
                        {"label", label}});
}

}  // namespace duet::ui
