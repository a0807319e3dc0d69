// Invites and the safety code, wired: the invite link the person can hand out, the call an
// invite link asks for once signed in, Copy link and Share, and the call's safety code from
// the two applied descriptions. The rules are call/invite_link and call/safety_code.
#include <string>
#include <utility>

#include "app.hpp"
#include "call/invite_link.hpp"
#include "call/safety_code.hpp"
#include "web/page.hpp"

namespace duet {

namespace page = web::page;

// At start: a page opened from an invite link shows who invites, and calls them on sign-in.
void app::read_invite() {
    invite_origin_ = web::page_origin();
    pending_invite_ = call::invited_by(web::page_hash());
    model_.invited_by = pending_invite_.value_or(std::string());
}

void app::sync_invite() {
    bool signed_in = session_.signed_in();
    std::string link = signed_in ? call::invite_link(invite_origin_, machine_.self()) : "";
    if (link != model_.invite_link) model_.invite_copied = false;
    model_.invite_link = std::move(link);
    sync_safety_code();
    if (!signed_in || !pending_invite_ || !machine_.allowed_now().call) return;
    // Taken before the call: apply() comes back here, and must find nothing left to do.
    std::string inviter = std::move(*pending_invite_);
    pending_invite_.reset();
    model_.invited_by.clear();
    web::clear_page_hash();
    // An inviter who is offline gets the server's "not online", shown as the status line.
    apply(machine_.call(inviter));
}

void app::handle_invite_intents(ui::intents const& intents) {
    if (intents.copy_invite && !model_.invite_link.empty()) copy_door_.copy(model_.invite_link);
    if (intents.share_invite && !model_.invite_link.empty()) {
        copy_door_.share(model_.invite_link, words::say(words::word::app_title, model_.lang));
    }
}

void app::on_invite_copied(bool ok) {
    if (model_.invite_copied == ok) return;
    model_.invite_copied = ok;
    redraw_if_changed();
    publish();
}

// Once this page has both descriptions of a peer connection. The last call's code stays
// (window.duet.safetyCode) until the next peer connection: a call whose handshake fails
// because a fingerprint was swapped ends at once, and its code is what shows why.
void app::sync_safety_code() {
    if (!pc_) return;
    // A connection this page has handed no description yet: forget the last one's code.
    if (pc_->id() != safety_pc_) note_description(pc_->id(), {}, true);
    if (safety_done_) return;
    // The texts this page handed over (the partner's as soon as it arrived): the browser's
    // own descriptions become current only once the remote one is applied, and the call
    // that a swapped fingerprint breaks may be over before that (the partner's side fails
    // its handshake and hangs up while this page still applies the answer). The browser's
    // are the fallback for the answer it creates itself.
    std::string local = safety_local_sdp_.empty() ? web::current_sdp(pc_->connection(), true)
                                                  : safety_local_sdp_;
    std::string remote = safety_remote_sdp_.empty() ? web::current_sdp(pc_->connection(), false)
                                                    : safety_remote_sdp_;
    if (local.empty() || remote.empty()) return;
    safety_done_ = true;
    call::safety_code code = call::safety_code_of(local, remote);
    if (code.error != call::safety_error::none) {
        page::log_error(std::string("no safety code: ") + call::to_string(code.error));
        return;
    }
    model_.safety_code = code.code;
}

// A description handed to the browser: the first of each side is kept for the code (a
// later one, an ICE restart or a renegotiation, carries the same certificates).
void app::note_description(call::pc_id pc, call::json const& sdp, bool local) {
    if (pc != safety_pc_) {
        safety_pc_ = pc;
        safety_done_ = false;
        model_.safety_code.clear();
        safety_local_sdp_.clear();
        safety_remote_sdp_.clear();
    }
    if (!sdp.is_object()) return;
    auto text = sdp.find("sdp");
    if (text == sdp.end() || !text->is_string()) return;
    std::string& kept = local ? safety_local_sdp_ : safety_remote_sdp_;
    if (kept.empty()) kept = text->get<std::string>();
}

}  // namespace duet
