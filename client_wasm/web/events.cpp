// The browser's words for its states, turned into enums once, where they arrive.
#include "events.hpp"

namespace duet::web {

std::string_view to_string(pc_state s) {
    switch (s) {
        case pc_state::new_:
            return "new";
        case pc_state::connecting:
            return "connecting";
        case pc_state::connected:
            return "connected";
        case pc_state::disconnected:
            return "disconnected";
        case pc_state::failed:
            return "failed";
        case pc_state::closed:
            return "closed";
    }
    return "new";
}

std::optional<pc_state> pc_state_named(std::string_view word) {
    for (auto s : {pc_state::new_, pc_state::connecting, pc_state::connected,
                   pc_state::disconnected, pc_state::failed, pc_state::closed}) {
        if (word == to_string(s)) return s;
    }
    // iceConnectionState's own words, for browsers without connectionState.
    if (word == "completed") return pc_state::connected;
    if (word == "checking") return pc_state::connecting;
    return std::nullopt;
}

std::string_view to_string(audio_state s) {
    switch (s) {
        case audio_state::none:
            return "none";
        case audio_state::suspended:
            return "suspended";
        case audio_state::running:
            return "running";
        case audio_state::closed:
            return "closed";
        case audio_state::interrupted:
            return "interrupted";
    }
    return "none";
}

audio_state audio_state_named(std::string_view word) {
    for (auto s : {audio_state::suspended, audio_state::running, audio_state::closed,
                   audio_state::interrupted}) {
        if (word == to_string(s)) return s;
    }
    return audio_state::none;
}

std::string_view to_string(auth_request r) {
    switch (r) {
        case auth_request::config:
            return "config";
        case auth_request::me:
            return "me";
        case auth_request::sign_out:
            return "sign_out";
    }
    return "config";
}

int stream_id(channel c) {
    switch (c) {
        case channel::chat:
            return 1;
        case channel::file:
            return 2;
    }
    return 1;
}

std::string_view to_string(channel c) {
    switch (c) {
        case channel::chat:
            return "chat";
        case channel::file:
            return "file";
    }
    return "chat";
}

}  // namespace duet::web
