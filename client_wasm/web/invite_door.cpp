// The browser's side of invites and the safety code (invite_door.hpp).
#include "invite_door.hpp"

#include "js.hpp"

namespace duet::web {

namespace {

enum class js_event : int { copied, copy_failed, shared, share_failed };

val location() { return val::global("location"); }

}  // namespace

std::string page_origin() { return string_or(location()["origin"]); }

std::string page_hash() { return string_or(location()["hash"]); }

void clear_page_hash() {
    val history = val::global("history");
    if (!is_set(history)) return;
    std::string here = string_or(location()["pathname"], "/") + string_or(location()["search"]);
    attempt(history, "replaceState", array_of(val::null(), val(""), val(here)));
}

std::string current_sdp(js_ref const& peer_connection, bool local) {
    val pc = get(peer_connection);
    if (!is_set(pc)) return {};
    val d = pc[local ? "currentLocalDescription" : "currentRemoteDescription"];
    return is_set(d) ? string_or(d["sdp"]) : std::string();
}

struct invite_door::owner {
    explicit owner(event_owner<js_event>::handler on_event) : events(std::move(on_event)) {}
    event_owner<js_event> events;
};

invite_door::invite_door(std::function<void(bool copied)> on_copied)
    : owner_(std::make_unique<owner>(
          [on_copied = std::move(on_copied)](js_event kind, val const& payload) {
              // A share the person cancelled is no failure to report.
              if (kind != js_event::copied && kind != js_event::copy_failed) return;
              if (kind == js_event::copy_failed) log("warn", "clipboard: " + string_or(payload));
              if (on_copied) on_copied(kind == js_event::copied);
          })) {}

invite_door::~invite_door() = default;

bool invite_door::can_share() {
    val navigator = val::global("navigator");
    return is_set(navigator) && navigator["share"].typeOf().as<std::string>() == "function";
}

void invite_door::copy(std::string const& text) {
    val clipboard = val::global("navigator")["clipboard"];
    if (!is_set(clipboard)) {
        log("warn", "clipboard: not available (an http page other than localhost?)");
        return;
    }
    auto r = attempt(clipboard, "writeText", array_of(val(text)));
    if (r.ok) owner_->events.settle(r.value, js_event::copied, js_event::copy_failed);
}

void invite_door::share(std::string const& url, std::string const& title) {
    if (!can_share()) return;
    val data = val::object();
    data.set("url", val(url));
    data.set("title", val(title));
    auto r = attempt(val::global("navigator"), "share", array_of(data));
    if (r.ok) owner_->events.settle(r.value, js_event::shared, js_event::share_failed);
}

}  // namespace duet::web
