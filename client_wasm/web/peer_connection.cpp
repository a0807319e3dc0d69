#include "peer_connection.hpp"

#include "js.hpp"
#include "local_media.hpp"

namespace duet::web {

namespace {

val call_media() { return val::module_property("duetMedia"); }

val rtc_configuration(ice_config const& config) {
    protocol::json c{{"iceServers", protocol::ice_servers_to_json(config.servers)}};
    if (config.transport_policy == "relay" || config.transport_policy == "all") {
        c["iceTransportPolicy"] = config.transport_policy;
    }
    return from_json(c);
}

}  // namespace

// What the connection's JS side reports: its own callbacks, and each promise's outcome.
enum class peer_connection::js_event : int {
    ice,
    state,
    pair,
    track,
    offer_created,
    offer_failed,
    answer_created,
    answer_failed,
    local_set,
    local_failed,
    remote_set,
    remote_failed,
    candidate_added,
    candidate_failed,
    control_open,     // the call's control channel (call/media_controls)
    control_message,
};

peer_connection::peer_connection(call::pc_id id, ice_config const& config, local_media const& media,
                                 event_sink& sink)
    : id_(id), sink_(sink) {
    owner_ = std::make_unique<event_owner<js_event>>(
        [this](js_event kind, val const& payload) { on_event(kind, payload); });

    auto created = construct("RTCPeerConnection", array_of(rtc_configuration(config)));
    if (!created.ok || !is_set(created.value)) {
        // Reported as an event, not from here: the app is in the middle of applying actions.
        fail("cannot create the connection: " + created.error);
        return;
    }
    val pc = created.value;
    pc_ = hold(pc);
    pc.set("onicecandidate", owner_->handler_for(js_event::ice));
    pc.set("onconnectionstatechange", owner_->handler_for(js_event::state));
    pc.set("oniceconnectionstatechange", owner_->handler_for(js_event::state));
    pc.set("ontrack", owner_->handler_for(js_event::track));

    if (media.ready()) {
        auto error = bridge().call<std::string>("addTracks", pc, get(media.stream()));
        if (!error.empty()) log("warn", "addTrack: " + error);
        has_local_media_ = error.empty();
        // The camera may be off as the call starts; it can come on later without an offer.
        if (has_local_media_) call_media().call<void>("addVideoPlaceholder", pc, get(media.stream()));
    }
    // Before any offer, so the first offer carries the data channel's m-line: the channel
    // then needs no renegotiation, and it is the same on both sides (negotiated, id 0).
    control_ = hold(call_media().call<val>("openControl", pc, owner_->handler_for(js_event::control_open),
                                           owner_->handler_for(js_event::control_message)));
}

void peer_connection::replace_video(local_media const& media) { replace_from(media, "video"); }

void peer_connection::replace_audio(local_media const& media) { replace_from(media, "audio"); }

void peer_connection::send_video(js_ref const& track) {
    val pc = get(pc_);
    if (!is_set(pc) || !has_local_media_) return;
    auto error = call_media().call<std::string>("replaceWith", pc, val("video"), get(track));
    if (!error.empty()) log("warn", "replaceTrack: " + error);
}

void peer_connection::replace_from(local_media const& media, char const* kind) {
    val pc = get(pc_);
    if (!is_set(pc) || !has_local_media_) return;
    auto error =
        call_media().call<std::string>("replaceFromStream", pc, get(media.stream()), val(kind));
    if (!error.empty()) log("warn", "replaceTrack: " + error);
}

bool peer_connection::send_control(std::string const& text) {
    val dc = get(control_);
    return is_set(dc) && call_media().call<bool>("sendControl", dc, text);
}

peer_connection::~peer_connection() {
    owner_.reset();
    if (val dc = get(control_); is_set(dc)) call_media().call<void>("closeControl", dc);
    val pc = get(pc_);
    if (is_set(pc)) {
        for (char const* h : {"onicecandidate", "onconnectionstatechange",
                              "oniceconnectionstatechange", "ontrack"}) {
            pc.set(h, val::null());
        }
        attempt(pc, "close");
    }
}

void peer_connection::create_offer(bool ice_restart) {
    val pc = get(pc_);
    if (!is_set(pc)) return;
    // Without a camera, ask to receive anyway: an offer with no m-lines carries no media.
    if (!has_local_media_) bridge().call<std::string>("addReceiveOnly", pc);
    val options = val::object();
    if (ice_restart) options.set("iceRestart", true);
    auto r = attempt(pc, "createOffer", array_of(options));
    if (!r.ok) return fail("createOffer: " + r.error);
    owner_->settle(r.value, js_event::offer_created, js_event::offer_failed);
}

void peer_connection::set_local_description(protocol::json const& sdp) {
    val pc = get(pc_);
    if (!is_set(pc)) return;
    val desc = from_json(sdp);
    if (!is_set(desc)) return fail("no offer to set");
    // setLocalDescription(description) starts ICE gathering for it.
    auto r = attempt(pc, "setLocalDescription", array_of(desc));
    if (!r.ok) return fail("setLocalDescription: " + r.error);
    owner_->settle(r.value, js_event::local_set, js_event::local_failed);
}

void peer_connection::create_answer() {
    val pc = get(pc_);
    if (!is_set(pc)) return;
    auto r = attempt(pc, "createAnswer");
    if (!r.ok) return fail("createAnswer: " + r.error);
    owner_->settle(r.value, js_event::answer_created, js_event::answer_failed);
}

void peer_connection::set_configuration(ice_config const& config) {
    val pc = get(pc_);
    if (!is_set(pc)) return;
    auto r = attempt(pc, "setConfiguration", array_of(rtc_configuration(config)));
    // Not fatal: the connection keeps working with the credentials it has.
    if (!r.ok) log("warn", "setConfiguration: " + r.error);
}

void peer_connection::set_remote_description(protocol::json const& sdp, bool rollback) {
    val pc = get(pc_);
    if (!is_set(pc)) return;
    val desc = from_json(sdp);
    if (!is_set(desc)) return fail("the peer sent an empty session description");
    val promise = bridge().call<val>("setRemote", pc, desc, rollback);
    owner_->settle(promise, js_event::remote_set, js_event::remote_failed);
}

void peer_connection::add_ice_candidate(protocol::json const& candidate) {
    val pc = get(pc_);
    // null is the peer's end-of-candidates; the browser infers that on its own.
    if (!is_set(pc) || candidate.is_null()) return;
    auto r = attempt(pc, "addIceCandidate", array_of(from_json(candidate)));
    if (!r.ok) return fail("addIceCandidate: " + r.error, false);
    owner_->settle(r.value, js_event::candidate_added, js_event::candidate_failed);
}

void peer_connection::on_event(js_event kind, val const& payload) {
    val pc = get(pc_);
    switch (kind) {
        case js_event::ice: {
            // A null candidate marks the end of gathering; the peer does not need it.
            if (!is_set(payload)) return;
            val candidate = payload["candidate"];
            if (!is_set(candidate)) return;
            sink_.push(ice_candidate{id_, to_json(candidate)});
            return;
        }
        case js_event::state: {
            if (!is_set(pc)) return;
            // connectionState where the browser has it (it covers DTLS too); iceConnectionState
            // otherwise, in the same words.
            std::string word = string_or(pc["connectionState"]);
            if (word.empty()) word = string_or(pc["iceConnectionState"]);
            auto state = pc_state_named(word);
            if (!state || state == last_state_) return;
            last_state_ = state;
            sink_.push(connection_state{id_, *state});
            // Which path the call took (direct or relayed), after each (re)connection.
            if (state == pc_state::connected) {
                bridge().call<void>("selectedPair", pc, owner_->handler_for(js_event::pair));
            }
            return;
        }
        case js_event::pair:
            if (!is_set(payload)) return;
            sink_.push(candidate_pair{id_, string_or(payload["local"]),
                                      string_or(payload["remote"]), string_or(payload["protocol"])});
            return;
        case js_event::track: {
            val stream = bridge().call<val>("trackStream", payload);
            if (!is_set(stream)) return;
            val current = get(remote_stream_);
            if (is_set(current) && current.strictlyEquals(stream)) return;
            remote_stream_ = hold(stream);
            sink_.push(remote_track{id_});
            return;
        }
        case js_event::offer_created: {
            // Whether it is still wanted (it may have lost a collision meanwhile) is the call
            // machine's decision: see call/negotiation.hpp.
            auto sdp = to_json(payload);
            if (sdp.is_null()) return fail("createOffer gave no offer");
            sink_.push(offer_created{id_, std::move(sdp)});
            return;
        }
        case js_event::answer_created: {
            // setLocalDescription(description) starts ICE gathering for it.
            auto r = attempt(pc, "setLocalDescription", array_of(payload));
            if (!r.ok) return fail("setLocalDescription: " + r.error);
            owner_->settle(r.value, js_event::local_set, js_event::local_failed);
            return;
        }
        case js_event::local_set: {
            if (!is_set(pc)) return;
            auto sdp = to_json(pc["localDescription"]);
            if (sdp.is_null()) return fail("no local description");
            sink_.push(local_description{id_, std::move(sdp)});
            return;
        }
        case js_event::control_open:
            sink_.push(control_open{id_});
            return;
        case js_event::control_message:
            if (payload.isString()) sink_.push(control_message{id_, payload.as<std::string>()});
            return;
        case js_event::remote_set:
            sink_.push(remote_description_applied{id_});
            return;
        case js_event::candidate_added:
            return;
        case js_event::offer_failed: return fail("createOffer: " + string_or(payload));
        case js_event::answer_failed: return fail("createAnswer: " + string_or(payload));
        case js_event::local_failed: return fail("setLocalDescription: " + string_or(payload));
        case js_event::remote_failed: return fail("setRemoteDescription: " + string_or(payload));
        case js_event::candidate_failed:
            // A candidate for an abandoned negotiation (after glare) is refused; harmless.
            return fail("addIceCandidate: " + string_or(payload), false);
    }
}

void peer_connection::fail(std::string what, bool fatal) {
    log(fatal ? "error" : "warn", what);
    sink_.push(operation_failed{id_, std::move(what), fatal});
}

}  // namespace duet::web
