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

// Once both descriptions of a peer connection are applied. The last call's code stays
// (window.duet.safetyCode) until the next peer connection: a call whose handshake fails
// because a fingerprint was swapped ends at once, and its code is what shows why.
void app::sync_safety_code() {
    if (!pc_) return;
    if (pc_->id() != safety_pc_) {
        safety_pc_ = pc_->id();
        safety_done_ = false;
        model_.safety_code.clear();
    }
    if (safety_done_) return;
    std::string local = web::current_sdp(pc_->connection(), true);
    std::string remote = web::current_sdp(pc_->connection(), false);
    if (local.empty() || remote.empty()) return;
    safety_done_ = true;
    call::safety_code code = call::safety_code_of(local, remote);
    if (code.error != call::safety_error::none) {
        page::log_error(std::string("no safety code: ") + call::to_string(code.error));
        return;
    }
    model_.safety_code = code.code;
}

}  // namespace duet
