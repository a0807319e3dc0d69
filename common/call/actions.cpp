// The names of states and timers, for logs and window.duet (see actions.hpp).
#include "call/actions.hpp"

namespace duet::call {

std::string_view to_string(state s) {
    switch (s) {
        case state::idle:
            return "idle";
        case state::ringing_out:
            return "ringing_out";
        case state::ringing_in:
            return "ringing_in";
        case state::connecting:
            return "connecting";
        case state::in_call:
            return "in_call";
        case state::ended:
            return "ended";
    }
    return "idle";
}

std::string_view to_string(timer t) {
    switch (t) {
        case timer::ring:
            return "ring";
        case timer::ice_grace:
            return "ice_grace";
        case timer::lost:
            return "lost";
        case timer::ice_refresh:
            return "ice_refresh";
        case timer::reconnect:
            return "reconnect";
        case timer::search:
            return "search";
    }
    return "ring";
}

}  // namespace duet::call
