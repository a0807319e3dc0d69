// The words beside a caller's name (issue 15): who their account says they are and which
// provider vouches for it, or that nothing does. Shared by the ring and the in-call view.
#pragma once

#include <string>

#include "model.hpp"

namespace duet::ui {

// "Alice Wang (alice@example.org, verified by Example)", "Not verified: ..."; empty when the
// server said nothing (it has no provider), and for an unverified caller when we ourselves
// signed in by name: the mark is for someone who signed in with the provider.
std::string partner_identity_text(model const& m);

}  // namespace duet::ui
