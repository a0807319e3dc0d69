#include "signaling_socket.hpp"

#include "call/signaling_link.hpp"
#include "js.hpp"
#include "scheduler.hpp"

namespace duet::web {

enum class signaling_socket::js_event : int { open, message, close };

signaling_socket::signaling_socket(event_sink& sink) : sink_(sink) {
    owner_ = std::make_unique<event_owner<js_event>>(
        [this](js_event kind, val const& payload) { on_event(kind, payload); });
}

signaling_socket::~signaling_socket() {
    owner_.reset();
    detach();
}

void signaling_socket::open() {
    if (ws_) return;
    auto url = bridge().call<std::string>("socketUrl", val("/ws"));
    auto created = construct("WebSocket", array_of(val(url)));
    if (!created.ok || !is_set(created.value)) {
        log("error", "WebSocket: " + created.error);
        sink_.push(socket_closed{"cannot open " + url + ": " + created.error});
        return;
    }
    val ws = created.value;
    ws_ = hold(ws);
    ws.set("onopen", owner_->handler_for(js_event::open));
    ws.set("onmessage", owner_->handler_for(js_event::message));
    ws.set("onclose", owner_->handler_for(js_event::close));
    // onerror is always followed by onclose, which is where we act.
    connect_timer_ = scheduler::set_timeout(&signaling_socket::on_connect_timeout,
                                            call::connect_timeout_ms, this);
}

void signaling_socket::on_connect_timeout(void* self) {
    auto& s = *static_cast<signaling_socket*>(self);
    s.connect_timer_ = 0;
    if (s.open_ || !s.ws_) return;
    log("warn",
        "WebSocket not open after " + std::to_string(call::connect_timeout_ms) + " ms: given up");
    s.detach();
    s.sink_.push(socket_closed{"connect timeout"});
}

void signaling_socket::send(std::string text) {
    if (!open_) {
        log("warn", "WebSocket send before open: dropped");
        return;
    }
    auto r = attempt(get(ws_), "send", array_of(val(text)));
    if (!r.ok) log("error", "WebSocket send: " + r.error);
}

void signaling_socket::on_event(js_event kind, val const& payload) {
    switch (kind) {
        case js_event::open:
            open_ = true;
            if (connect_timer_) scheduler::clear_timeout(connect_timer_);
            connect_timer_ = 0;
            sink_.push(socket_opened{});
            return;
        case js_event::message: {
            if (!is_set(payload)) return;
            val data = payload["data"];
            // The protocol is JSON text frames only; a binary frame is not for us.
            if (!is_set(data) || data.typeOf().as<std::string>() != "string") return;
            if (data["length"].as<double>() > double(max_message_bytes)) {
                log("warn", "dropped an oversized signaling message");
                return;
            }
            sink_.push(socket_message{data.as<std::string>()});
            return;
        }
        case js_event::close: {
            std::string reason;
            if (is_set(payload)) {
                reason = string_or(payload["reason"]);
                if (reason.empty() && is_set(payload["code"])) {
                    reason = "code " + std::to_string(payload["code"].as<int>());
                }
            }
            detach();
            sink_.push(socket_closed{std::move(reason)});
            return;
        }
    }
}

void signaling_socket::detach() {
    if (connect_timer_) scheduler::clear_timeout(connect_timer_);
    connect_timer_ = 0;
    val ws = get(ws_);
    if (is_set(ws)) {
        for (char const* h : {"onopen", "onmessage", "onclose"}) ws.set(h, val::null());
        attempt(ws, "close");
    }
    ws_.reset();
    open_ = false;
}

}  // namespace duet::web
