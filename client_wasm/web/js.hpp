// Internal to client_wasm/web: the only header that brings in emscripten::val.
//
// Rules every web/*.cpp follows: a JS value is checked (is_set) before as<T>(); anything
// that may throw is called through attempt()/construct(), which catch in JS (bridge.js).
#pragma once

#include <emscripten/val.h>

#include <functional>
#include <string>
#include <string_view>

#include "js_ref.hpp"
#include "protocol/protocol.hpp"

namespace duet::web {

using emscripten::val;

// Module.duetBridge, defined in bridge.js.
val bridge();

inline bool is_set(val const& v) { return !v.isUndefined() && !v.isNull(); }

// A string property or a string value, or `fallback` when it is something else.
std::string string_or(val const& v, std::string fallback = {});

// The result of a JS call that may have thrown.
struct attempted {
    bool ok = false;
    val value = val::null();
    std::string error;
};
attempted attempt(val const& object, char const* method, val const& args = val::array());
attempted construct(char const* constructor, val const& args);

// Puts a JS object in the bridge's table; an empty ref for undefined/null.
js_ref hold(val const& object);
// The object behind a ref, or undefined.
val get(js_ref const& ref);

void log(char const* level, std::string const& text);

// JSON text both ways, through the browser's own JSON (toJSON of RTCSessionDescription and
// RTCIceCandidate gives exactly the Init dictionaries the protocol carries).
protocol::json to_json(val const& v);
val from_json(protocol::json const& j);

template <class... Args>
val array_of(Args&&... args) {
    val a = val::array();
    (a.call<void>("push", std::forward<Args>(args)), ...);
    return a;
}

// The registration of one C++ owner of JS objects, by number (the typed face is
// event_owner below). JS never names an event: it calls a function handler_for() made, which
// carries the owner and the kind chosen here, so a late event for a dead owner goes nowhere.
class owner_registration {
  public:
    using raw_handler = std::function<void(int kind, val const& payload)>;

    explicit owner_registration(raw_handler on_event);
    ~owner_registration();
    owner_registration(owner_registration const&) = delete;
    owner_registration& operator=(owner_registration const&) = delete;

    // A JS function that delivers its argument as `kind` and returns whether the owner was
    // still alive to take it.
    val handler_for(int kind) const;
    // Delivers a promise's value as `ok_kind`, or its error message as `error_kind`.
    void settle(val const& promise, int ok_kind, int error_kind) const;

  private:
    int id_;
};

// One C++ owner of JS objects and the events they raise, each a value of the owner's own
// `enum class` (its JS callbacks cannot raise anything else). Events arrive through
// `on_event` until the owner is destroyed; after that bridge.js drops them.
template <class Kind>
class event_owner {
  public:
    using handler = std::function<void(Kind kind, val const& payload)>;

    explicit event_owner(handler on_event)
        : registration_([on_event = std::move(on_event)](int kind, val const& payload) {
              on_event(static_cast<Kind>(kind), payload);
          }) {}

    val handler_for(Kind kind) const { return registration_.handler_for(static_cast<int>(kind)); }
    void settle(val const& promise, Kind ok_kind, Kind error_kind) const {
        registration_.settle(promise, static_cast<int>(ok_kind), static_cast<int>(error_kind));
    }

  private:
    owner_registration registration_;
};

}  // namespace duet::web
