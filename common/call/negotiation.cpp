// Perfect negotiation's bookkeeping (see negotiation.hpp).
#include "call/negotiation.hpp"

namespace duet::call {

bool is_polite(std::string_view self, std::string_view partner) { return self > partner; }

void negotiation::start_offer() {
    making_offer_ = true;
    offer_in_flight_ = true;
}

bool negotiation::on_offer_created() {
    if (!making_offer_) return false;
    local_offer_set_ = true;
    return true;
}

negotiation::offer_verdict negotiation::on_partner_offer(bool polite) {
    if (applying_remote_ || answering_) return offer_verdict::ignore;
    if (!offer_in_flight_) return offer_verdict::apply;
    if (!polite) return offer_verdict::ignore;
    making_offer_ = false;
    offer_in_flight_ = false;
    return offer_verdict::yield;
}

bool negotiation::start_apply(bool is_offer) {
    applying_remote_ = true;
    remote_is_offer_ = is_offer;
    bool roll_back = is_offer && local_offer_set_;
    if (roll_back) local_offer_set_ = false;
    return roll_back;
}

negotiation::local_kind negotiation::on_local_description(std::string_view type) {
    if (making_offer_ && type != "answer") {
        making_offer_ = false;
        local_sent_ = true;
        return local_kind::offer;
    }
    if (answering_ && type != "offer") {
        answering_ = false;
        local_sent_ = true;
        return local_kind::answer;
    }
    return local_kind::drop;  // an offer we gave up in a collision, or a stale result
}

std::vector<negotiation::json> negotiation::take_local_candidates_after_first_send() {
    if (!local_sent_) return {};
    return std::exchange(local_queue_, {});  // empty after the first: later ones go directly
}

bool negotiation::on_remote_applied() {
    applying_remote_ = false;
    remote_applied_ = true;
    if (remote_is_offer_) {
        answering_ = true;
        return true;
    }
    offer_in_flight_ = false;
    local_offer_set_ = false;  // answered: the connection is stable again
    return false;
}

void negotiation::hold_remote_candidate(json candidate) {
    if (remote_queue_.size() < max_queued_candidates) remote_queue_.push_back(std::move(candidate));
}

void negotiation::hold_local_candidate(json candidate) {
    if (local_queue_.size() < max_queued_candidates) local_queue_.push_back(std::move(candidate));
}

bool negotiation::can_restart_ice() const {
    return local_sent_ && !offer_in_flight_ && !applying_remote_ && !answering_;
}

void negotiation::forget_offer() {
    making_offer_ = false;
    offer_in_flight_ = false;
}

void negotiation::forget_outstanding() {
    forget_offer();
    applying_remote_ = false;
    answering_ = false;
}

}  // namespace duet::call
