// The JS half of web/text_input_element: the offscreen <input> that holds the keyboard's
// focus for the canvas (why: platform/text_input.hpp). Linked with --js-library.
mergeInto(LibraryManager.library, {
  duet_text_input_install: function () {
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
        // Tab moves the keyboard on through the screen (js/dom_mirror.js), not within ImGui.
        var mirror = Module["duetMirror"];
        if (e.key === "Tab" && mirror && mirror.tabFromField(e.shiftKey)) {
            e.preventDefault();
            return;
        }
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
  },

  duet_text_input_sync: function (want, x, y, w, h, gesture, label) {
    var state = Module["duetTextInput"];
    if (!state) return;
    var el = state.el;
    var name = UTF8ToString(label);
    if (name && el.getAttribute("aria-label") !== name) el.setAttribute("aria-label", name);
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
  },

  duet_clipboard_write: function (text) {
    var s = UTF8ToString(text);
    try {
        if (navigator.clipboard) navigator.clipboard.writeText(s).catch(function () {});
    } catch (e) {}
  },
});
