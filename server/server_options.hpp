#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "protocol.hpp"

namespace duet {

struct server_options {
    std::string host = "::";  // all interfaces (dual stack), so phones on the LAN can join
    std::uint16_t port = 8080;
    std::string web_root = ".";
    unsigned threads = 1;
    std::vector<protocol::ice_server> ice_servers;  // filled with the default when not given
};

struct parsed_options {
    std::optional<server_options> options;  // empty: exit (help shown, or an error)
    std::string message;                    // help text or the error
    bool is_error = false;
};

parsed_options parse_server_options(int argc, char const* const* argv);
std::string server_usage();

}  // namespace duet
