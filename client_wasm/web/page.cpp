// window.duet, performance marks, the shell's hooks and the console (page.hpp).
#include "page.hpp"

#include "js.hpp"

namespace duet::web::page {

void publish_state(std::string const& json_text) { bridge().call<void>("publish", val(json_text)); }

void mark(char const* name) { bridge().call<void>("mark", val(name)); }

void measure(char const* name, double start_ms) {
    bridge().call<void>("measure", val(name), val(start_ms));
}

void ready() { bridge().call<void>("ready"); }

void fatal(std::string const& text) { bridge().call<void>("fatal", val(text)); }

namespace {

bool media_matches(char const* query) {
    val mm = val::global("matchMedia");
    if (!is_set(mm)) return false;
    auto r = attempt(val::global(), "matchMedia", array_of(val(query)));
    return r.ok && is_set(r.value) && r.value["matches"].as<bool>();
}

}  // namespace

bool coarse_pointer() { return media_matches("(pointer: coarse)"); }

bool prefers_reduced_motion() { return media_matches("(prefers-reduced-motion: reduce)"); }

bool prefers_light() { return media_matches("(prefers-color-scheme: light)"); }

void watch_color_scheme(std::function<void(bool light)> on_change) {
    enum class js_event : int { change };
    static auto* owner = new event_owner<js_event>([on_change](js_event, val const& payload) {
        if (on_change && payload.isTrue()) on_change(true);
        if (on_change && payload.isFalse()) on_change(false);
    });
    bridge().call<void>("watchColorScheme", owner->handler_for(js_event::change));
}

void on_page_hide(std::function<void()> on_hide) {
    enum class js_event : int { hide };
    // Lives for the page's lifetime, as the app does (main never returns it).
    static auto* owner = new event_owner<js_event>([on_hide](js_event, val const&) {
        if (on_hide) on_hide();
    });
    bridge().call<void>("watchPageHide", owner->handler_for(js_event::hide));
}

void watch_shortcut_keys(event_sink& sink) {
    enum class js_event : int { key };
    static auto* owner = new event_owner<js_event>([&sink](js_event, val const& payload) {
        if (payload.isString()) sink.push(key_pressed{payload.as<std::string>()});
    });
    val::module_property("duetMedia").call<void>("watchKeys", owner->handler_for(js_event::key));
}

void toggle_fullscreen() { val::module_property("duetMedia").call<void>("toggleFullscreen"); }

bool can_fullscreen() { return val::module_property("duetMedia").call<bool>("canFullscreen"); }

bool fullscreen() { return val::module_property("duetMedia").call<bool>("isFullscreen"); }

std::vector<std::string> preferred_languages() {
    val list = bridge().call<val>("languages");
    std::vector<std::string> out;
    int n = list["length"].as<int>();
    for (int i = 0; i < n; ++i) {
        if (list[i].isString()) out.push_back(list[i].as<std::string>());
    }
    return out;
}

void set_document_language(std::string const& tag) {
    bridge().call<void>("setDocumentLanguage", val(tag));
}

std::string setting(char const* key) {
    val v = bridge().call<val>("setting", val(key));
    return v.isString() ? v.as<std::string>() : std::string();
}

void save_setting(char const* key, std::string const& value) {
    bridge().call<void>("saveSetting", val(key), val(value));
}

void navigate(std::string const& path) {
    val::module_property("duetAuth").call<void>("navigate", val(path));
}

void log_info(std::string const& text) { log("info", text); }

void log_error(std::string const& text) { log("error", text); }

}  // namespace duet::web::page
