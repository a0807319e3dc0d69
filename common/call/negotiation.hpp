// Perfect negotiation for one peer connection (webrtc/samples, "perfect negotiation"): who
// may offer when, what to do with an offer that collides with ours, and the ICE candidates
// that arrive too early on either side.
//
// The browser only executes: whether an offer it made is still wanted, and whether ours
// must be rolled back before theirs is applied, is decided here, where it is tested. Each
// step returns what to do; call_machine turns that into actions for its connection.
#pragma once

#include <cstddef>
#include <string_view>
#include <utility>
#include <vector>

#include "protocol/protocol.hpp"

namespace duet::call {

// Remote candidates wait for the remote description; local ones wait for our offer or answer
// to be sent. A partner that sends more than this before either happens is misbehaving.
inline constexpr std::size_t max_queued_candidates = 256;

// The glare rule: when both users call each other at once (or both offer), the polite one
// gives up its own attempt and takes the other's. Both sides evaluate it with the names
// swapped, so exactly one of them is polite.
bool is_polite(std::string_view self, std::string_view partner);

class negotiation {
  public:
    using json = protocol::json;

    enum class offer_verdict {
        ignore,  // ours stands (impolite side), or we are mid-answer to their last offer
        apply,   // no collision: apply theirs
        yield,   // polite side of a collision: ours is abandoned and theirs applied
    };
    enum class local_kind { drop, offer, answer };  // what a local description is, to send

    // We start an offer: createOffer follows.
    void start_offer();
    // createOffer produced an offer: true if it is still wanted (set it as the local
    // description); false when a colliding offer from the partner was taken meanwhile.
    bool on_offer_created();
    // What the partner's offer means while a connection exists.
    offer_verdict on_partner_offer(bool polite);
    // setRemoteDescription is asked for. Returns whether our own offer, set locally and
    // unanswered, must be rolled back first (browsers without implicit rollback need it).
    bool start_apply(bool is_offer);
    bool applying_remote() const { return applying_remote_; }
    // An answer now would answer our outstanding offer.
    bool answer_expected() const { return offer_in_flight_ && !making_offer_ && !applying_remote_; }
    // The local description is set: which kind goes to the partner, if any.
    local_kind on_local_description(std::string_view type);
    // Our description went out: the candidates held back for the first one.
    std::vector<json> take_local_candidates_after_first_send();
    // The remote description is set: true if an answer must be made now.
    bool on_remote_applied();
    std::vector<json> take_remote_candidates() { return std::exchange(remote_queue_, {}); }

    // The partner's candidates are added once its description is; until then they are held
    // (up to max_queued_candidates). Likewise ours are sent only after our description.
    bool can_add_remote_candidate() const { return remote_applied_ && !applying_remote_; }
    bool can_send_local_candidate() const { return local_sent_; }
    void hold_remote_candidate(json candidate);
    void hold_local_candidate(json candidate);

    // An ICE restart may start: our first description is out and nothing is outstanding.
    bool can_restart_ice() const;
    // Our offer did not reach the partner (its socket is down): a later restart may try again.
    void forget_offer();
    // A step failed inside a call: forget what was outstanding; the call stands.
    void forget_outstanding();
    void reset() { *this = negotiation(); }

    std::size_t queued_remote_candidates() const { return remote_queue_.size(); }
    std::size_t queued_local_candidates() const { return local_queue_.size(); }

  private:
    bool local_sent_ = false;       // our first offer or answer has gone to the partner
    bool remote_applied_ = false;   // a remote description has been applied
    bool making_offer_ = false;     // createOffer..setLocalDescription, not yet sent
    bool local_offer_set_ = false;  // our offer is (being) set locally and unanswered
    bool offer_in_flight_ = false;  // our offer is out and its answer not yet applied
    bool applying_remote_ = false;  // setRemoteDescription in progress
    bool remote_is_offer_ = false;  // ... of an offer, so an answer follows
    bool answering_ = false;        // createAnswer..setLocalDescription, not yet sent
    std::vector<json> remote_queue_;
    std::vector<json> local_queue_;
};

}  // namespace duet::call
