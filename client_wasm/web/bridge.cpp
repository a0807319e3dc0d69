// The C++ side of js/bridge.js: the object table, and events delivered to live owners.
#include <emscripten/bind.h>

#include <unordered_map>

#include "js.hpp"
#include "js_ref.hpp"

namespace duet::web {

namespace {

std::unordered_map<int, owner_registration::raw_handler>& owners() {
    static std::unordered_map<int, owner_registration::raw_handler> map;
    return map;
}

int next_owner_id = 1;

// Called from bridge.js for a live owner only.
void dispatch(int owner, int kind, val const& payload) {
    auto it = owners().find(owner);
    if (it == owners().end()) return;
    // Copy: the handler may destroy its own owner (a 'close' that ends a call).
    auto handler = it->second;
    handler(kind, payload);
}

}  // namespace

val bridge() {
    static val b = val::module_property("duetBridge");
    return b;
}

std::string string_or(val const& v, std::string fallback) {
    if (is_set(v) && v.typeOf().as<std::string>() == "string") return v.as<std::string>();
    return fallback;
}

attempted attempt(val const& object, char const* method, val const& args) {
    attempted out;
    if (!is_set(object)) {
        out.error = std::string("no object for ") + method;
        return out;
    }
    val r = bridge().call<val>("attempt", object, val(method), args);
    out.ok = r["ok"].as<bool>();
    out.value = r["value"];
    out.error = string_or(r["error"]);
    return out;
}

attempted construct(char const* constructor, val const& args) {
    attempted out;
    val r = bridge().call<val>("construct", val(constructor), args);
    out.ok = r["ok"].as<bool>();
    out.value = r["value"];
    out.error = string_or(r["error"]);
    return out;
}

protocol::json to_json(val const& v) {
    auto text = bridge().call<std::string>("stringify", v);
    if (text.empty()) return nullptr;
    auto j = protocol::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) return nullptr;
    return j;
}

val from_json(protocol::json const& j) {
    return bridge().call<val>(
        "parse", val(j.dump(-1, ' ', false, protocol::json::error_handler_t::replace)));
}

owner_registration::owner_registration(raw_handler on_event) : id_(next_owner_id++) {
    owners().emplace(id_, std::move(on_event));
    bridge().call<void>("live", id_, true);
}

owner_registration::~owner_registration() {
    bridge().call<void>("live", id_, false);
    owners().erase(id_);
}

val owner_registration::handler_for(int kind) const {
    return bridge().call<val>("handler", id_, kind);
}

void owner_registration::settle(val const& promise, int ok_kind, int error_kind) const {
    bridge().call<void>("settle", promise, id_, ok_kind, error_kind);
}

void js_ref::reset() {
    if (id_ != 0) bridge().call<void>("drop", std::exchange(id_, 0));
}

js_ref hold(val const& object) {
    if (!is_set(object)) return {};
    return js_ref(bridge().call<int>("put", object));
}

val get(js_ref const& ref) {
    if (!ref) return val::undefined();
    return bridge().call<val>("get", ref.id());
}

void log(char const* level, std::string const& text) {
    bridge().call<void>("log", val(level), val(text));
}

}  // namespace duet::web

EMSCRIPTEN_BINDINGS(duet_web) { emscripten::function("duet_dispatch", &duet::web::dispatch); }
