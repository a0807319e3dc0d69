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

// The registration of one C++ owner of JS objects. Events addressed to it arrive through
// `on_event` until it is destroyed; after that bridge.js drops them.
class event_owner {
  public:
    using handler = std::function<void(std::string const& kind, val const& payload)>;

    explicit event_owner(handler on_event);
    ~event_owner();
    event_owner(event_owner const&) = delete;
    event_owner& operator=(event_owner const&) = delete;

    int id() const { return id_; }
    // A JS function that delivers its argument to this owner as `kind`.
    val handler_for(char const* kind) const;
    // Delivers a promise's value as `ok_kind`, or its error message as `error_kind`.
    void settle(val const& promise, char const* ok_kind, char const* error_kind) const;

  private:
    int id_;
};

}  // namespace duet::web
