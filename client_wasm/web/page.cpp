// window.duet, performance marks, the shell's hooks and the console (page.hpp).
#include "page.hpp"

#include "js.hpp"

namespace duet::web::page {

void publish_state(std::string const& json_text) { bridge().call<void>("publish", val(json_text)); }

void mark(char const* name) { bridge().call<void>("mark", val(name)); }

void ready() { bridge().call<void>("ready"); }

void fatal(std::string const& text) { bridge().call<void>("fatal", val(text)); }

bool coarse_pointer() {
    val mm = val::global("matchMedia");
    if (!is_set(mm)) return false;
    auto r = attempt(val::global(), "matchMedia", array_of(val("(pointer: coarse)")));
    return r.ok && is_set(r.value) && r.value["matches"].as<bool>();
}

void on_page_hide(std::function<void()> on_hide) {
    enum class js_event : int { hide };
    // Lives for the page's lifetime, as the app does (main never returns it).
    static auto* owner = new event_owner<js_event>([on_hide](js_event, val const&) {
        if (on_hide) on_hide();
    });
    bridge().call<void>("watchPageHide", owner->handler_for(js_event::hide));
}

void on_shortcut_key(std::string const& keys, std::function<void(std::string const&)> on_key) {
    // Lives for the page's lifetime, as the app does.
    enum class js_event : int { key };
    auto* owner = new event_owner<js_event>([on_key](js_event, val const& payload) {
        if (on_key) on_key(string_or(payload));
    });
    bridge().call<void>("watchShortcutKeys", val(keys), owner->handler_for(js_event::key));
}

void log_info(std::string const& text) { log("info", text); }

void log_error(std::string const& text) { log("error", text); }

}  // namespace duet::web::page
