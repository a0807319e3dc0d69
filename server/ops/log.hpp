#pragma once

#include <string_view>

#include "net/beast.hpp"

namespace duet {

// One line to stderr, whole, even with several I/O threads. Not for the per-message path:
// signaling payloads hold IP addresses and are never logged.
void log_line(std::string_view what);

// Logs an async operation's failure unless it is one of the ordinary ways a connection ends
// (the peer left, we closed it, a timeout fired), which are not worth a line each.
void log_failure(error_code ec, char const* what);

}  // namespace duet
