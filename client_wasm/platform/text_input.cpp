#include "text_input.hpp"

#include <emscripten/bind.h>
#include <emscripten/em_js.h>
#include <emscripten/emscripten.h>

#include <cstring>

namespace duet::platform {

namespace {

text_input* instance = nullptr;

// clang-format off
EM_JS(void, duet_text_input_install, (), {
    if (Module["duetTextInput"]) return;
    var el = document.createElement("input");
    el.id = "duet-text-input";
    el.type = "text";
    ["autocomplete", "autocorrect", "autocapitalize"].forEach(function (a) { el.setAttribute(a, "off"); });
    el.setAttribute("spellcheck", "false");
    el.setAttribute("enterkeyhint", "go");
    el.setAttribute("aria-label", "text input");
    el.tabIndex = -1;
    // Invisible but focusable (display:none or visibility:hidden would not be); 16px keeps
    // iOS Safari from zooming into it.
    el.style.cssText = "position:fixed;left:0;top:0;width:1px;height:1px;opacity:0;border:0;" +
        "padding:0;margin:0;outline:none;font-size:16px;background:transparent;color:transparent;" +
        "caret-color:transparent;pointer-events:none;z-index:-1";
    document.body.appendChild(el);
    var SENTINEL = " ";
    var composing = false;
    var composedLength = 0;
    var state = { el: el, focusedInGesture: false };
    function reset() {
        el.value = SENTINEL;
        try { el.setSelectionRange(SENTINEL.length, SENTINEL.length); } catch (e) {}
    }
    function mods(e) {
        return (e.ctrlKey ? 1 : 0) | (e.shiftKey ? 2 : 0) | (e.altKey ? 4 : 0) | (e.metaKey ? 8 : 0);
    }
    function typed() {
        var v = el.value;
        return v.indexOf(SENTINEL) === 0 ? v.slice(SENTINEL.length) : v;
    }
    state.reset = reset;
    reset();
    el.addEventListener("keydown", function (e) {
        if (e.isComposing || e.keyCode === 229) return;  // the IME's, not ours
        if (Module["duet_text_key"](e.key || "", true, mods(e))) e.preventDefault();
    });
    el.addEventListener("keyup", function (e) {
        if (e.isComposing || e.keyCode === 229) return;
        Module["duet_text_key"](e.key || "", false, mods(e));
    });
    el.addEventListener("compositionstart", function () { composing = true; composedLength = 0; });
    el.addEventListener("compositionend", function () {
        composing = false;
        Module["duet_text_edit"](composedLength, typed());
        composedLength = 0;
        reset();
    });
    el.addEventListener("input", function () {
        var text = typed();
        if (composing) {
            // The composition so far replaces what it showed last time.
            Module["duet_text_edit"](composedLength, text);
            composedLength = Array.from(text).length;
            return;
        }
        if (el.value.length === 0) Module["duet_text_edit"](1, "");  // the sentinel went: backspace
        else if (text.length > 0) Module["duet_text_edit"](0, text);
        reset();
    });
    // Keys released after the focus moved on never reach us: let them all go now, or ImGui
    // would see Enter held (and repeating) in the next field that takes the keyboard.
    el.addEventListener("blur", function () {
        state.focusedInGesture = false;
        Module["duet_text_blur"]();
    });
    Module["duetTextInput"] = state;
});

EM_JS(void, duet_text_input_sync, (int want, float x, float y, float w, float h, int gesture), {
    var state = Module["duetTextInput"];
    if (!state) return;
    var el = state.el;
    var focused = document.activeElement === el;
    if (!want) {
        if (focused) el.blur();
        return;
    }
    el.style.left = x + "px";
    el.style.top = y + "px";
    el.style.width = Math.max(1, w) + "px";
    el.style.height = Math.max(1, h) + "px";
    if (focused && !(gesture && !state.focusedInGesture)) return;
    // A focus given outside a gesture may not have opened the keyboard: renew it here.
    if (focused) el.blur();
    el.focus({ preventScroll: true });
    state.reset();
    state.focusedInGesture = !!gesture;
});

EM_JS(void, duet_clipboard_write, (char const* text), {
    var s = UTF8ToString(text);
    try {
        if (navigator.clipboard) navigator.clipboard.writeText(s).catch(function () {});
    } catch (e) {}
});
// clang-format on

key key_named(std::string const& name, int mods) {
    static constexpr struct {
        char const* name;
        key k;
    } named[] = {
        {"Tab", key::tab},
        {"ArrowLeft", key::left},
        {"ArrowRight", key::right},
        {"ArrowUp", key::up},
        {"ArrowDown", key::down},
        {"PageUp", key::page_up},
        {"PageDown", key::page_down},
        {"Home", key::home},
        {"End", key::end},
        {"Insert", key::insert},
        {"Delete", key::del},
        {"Enter", key::enter},
        {"Escape", key::escape},
    };
    for (auto const& n : named) {
        if (name == n.name) return n.k;
    }
    // Shortcuts only; plain letters are text. Paste (ctrl+V) stays with the browser, whose
    // paste lands in the element as text.
    bool shortcut = (mods & (1 | 8)) != 0;
    if (shortcut && name.size() == 1) {
        switch (name[0] | 0x20) {
            case 'a':
                return key::a;
            case 'c':
                return key::c;
            case 'x':
                return key::x;
            case 'y':
                return key::y;
            case 'z':
                return key::z;
            default:
                break;
        }
    }
    return key::none;
}

bool on_key_js(std::string const& name, bool down, int mods) {
    return instance != nullptr && instance->on_key(name, down, mods);
}

void on_edit_js(int delete_before, std::string const& text) {
    if (instance != nullptr) instance->on_edit(delete_before, text);
}

void on_blur_js() {
    if (instance != nullptr) instance->release_keys();
}

char const* get_clipboard(void* user) { return static_cast<std::string*>(user)->c_str(); }

void set_clipboard(void* user, char const* text) {
    *static_cast<std::string*>(user) = text;
    duet_clipboard_write(text);
}

}  // namespace

text_input::text_input(input_queue& queue, std::function<void()> on_input)
    : queue_(queue), on_input_(std::move(on_input)) {
    instance = this;
    duet_text_input_install();
}

text_input::~text_input() {
    if (instance == this) instance = nullptr;
}

void text_input::sync(bool want_text, css_rect field, bool in_gesture) {
    duet_text_input_sync(want_text ? 1 : 0, field.x, field.y, field.w, field.h, in_gesture ? 1 : 0);
}

void text_input::install_clipboard(ImGuiIO& io) {
    io.ClipboardUserData = &clipboard_;
    io.GetClipboardTextFn = get_clipboard;
    io.SetClipboardTextFn = set_clipboard;
}

bool text_input::on_key(std::string const& name, bool down, int mods) {
    // A release counts whatever the modifiers are now: ctrl may go up before the letter.
    key k = key_named(name, down ? mods : (mods | 1));
    if (k == key::none) return false;
    input_event e;
    e.type = input_event::kind::key;
    e.k = k;
    e.down = down;
    e.mods = {(mods & 1) != 0, (mods & 2) != 0, (mods & 4) != 0, (mods & 8) != 0};
    held_[static_cast<std::size_t>(k)] = down;
    queue_.push(e);
    on_input_();
    return true;
}

void text_input::release_keys() {
    bool any = false;
    for (std::size_t i = 0; i < held_.size(); ++i) {
        if (!held_[i]) continue;
        held_[i] = false;
        input_event e;
        e.type = input_event::kind::key;
        e.k = static_cast<key>(i);
        e.down = false;
        queue_.push(e);
        any = true;
    }
    if (any) on_input_();
}

void text_input::on_edit(int delete_before, std::string const& text) {
    if (delete_before <= 0 && text.empty()) return;
    input_event e;
    e.type = input_event::kind::edit;
    e.edit.delete_before = delete_before < 0 ? 0 : delete_before;
    e.edit.insert = text;
    queue_.push(e);
    on_input_();
}

}  // namespace duet::platform

EMSCRIPTEN_BINDINGS(duet_platform) {
    emscripten::function("duet_text_key", &duet::platform::on_key_js);
    emscripten::function("duet_text_edit", &duet::platform::on_edit_js);
    emscripten::function("duet_text_blur", &duet::platform::on_blur_js);
}
