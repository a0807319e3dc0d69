// What the person asked for this frame, carried out: each intent the ImGui views recorded
// (ui::intents) goes to the call machine, the media, the page or a feature's own wiring
// (account.cpp, invite.cpp, chat.cpp). The views only record; the decisions are here and in
// the machine, so a button and its shortcut or mirrored twin do the same thing.
#include "app.hpp"
#include "test_probe.hpp"
#include "web/page.hpp"

namespace duet {

namespace page = web::page;

void app::handle_intents(ui::intents const& intents) {
    if (intents.sign_in) {
        // The login goes through the machine's outbox like every message; the socket is
        // opened by a connect_signaling action if it is not open.
        apply(session_.sign_in(*intents.sign_in));
        wake();
    }
    handle_account_intents(intents);
    if (intents.call) {
        test_probe::mark("duet-call-pressed");
        apply(machine_.call(*intents.call));
    }
    // The machine debounces what is typed (its search timer) and never sends a search to a
    // server without presence windows.
    if (intents.search_typed) apply(machine_.search_typed(*intents.search_typed));
    if (intents.search) apply(machine_.search(*intents.search));
    if (intents.accept) {
        test_probe::mark("duet-accept-pressed");
        apply(machine_.accept());
    }
    if (intents.decline) apply(machine_.decline());
    if (intents.cancel) apply(machine_.cancel());
    if (intents.hang_up) apply(machine_.hang_up());
    if (intents.toggle_mic) apply_media(controls_.toggle_mic());
    if (intents.toggle_camera) apply_media(controls_.toggle_camera());
    if (intents.toggle_fullscreen) page::toggle_fullscreen();
    // Within the press (gesture() has tried already; this is the button's own word for it).
    if (intents.hear_audio) remote_video_.unmute_if_blocked();
    if (intents.choose_device) choose_device(*intents.choose_device);
    if (intents.flip_camera) flip_camera();
    if (intents.share_screen) share_.start();  // within the press: a user gesture
    if (intents.stop_sharing) set_sharing(false);
    if (intents.preview) {
        media_.request();  // its media_ready tells the machine: a call then needs no request
        model_.media_requested = true;
    }
    handle_invite_intents(intents);
    if (intents.toggle_ring_mute) {
        ring_muted_ = !ring_muted_;
        sync_model();
        wake();
    }
    if (intents.toggle_stats) {
        model_.health.panel_open = !model_.health.panel_open;
        sync_health();
        wake();
    }
    if (intents.switch_language) switch_language();
    if (intents.toggle_help) {
        model_.help_open = !model_.help_open;
        wake();
    }
    handle_chat_intents(intents);
    handle_file_intents(intents);
    if (intents.dismiss_notice) {
        session_.dismiss_notice();
        sync_model();
        wake();
    }
}

}  // namespace duet
