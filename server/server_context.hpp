#pragma once

#include <filesystem>

#include "session_list.hpp"
#include "signaling_handler.hpp"
#include "user_registry.hpp"

namespace duet {

// What every connection of one server shares; outlives them all.
struct server_context {
    user_registry& registry;
    signaling_config signaling;
    std::filesystem::path web_root;  // canonical
    session_list sessions;
};

}  // namespace duet
