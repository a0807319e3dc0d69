// The wire names of the protocol's enums (`code`, `reason`, `status`), both ways. The names
// are the wire format: a client compares them, so they never change once sent.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "protocol/messages.hpp"

namespace duet::protocol {

std::string_view to_string(error_code code);
std::optional<error_code> error_code_from_string(std::string_view text);

std::string_view to_string(end_reason reason);
std::optional<end_reason> end_reason_from_string(std::string_view text);
// "hung_up, declined, ... or connection_lost": what a decode error says is accepted.
std::string end_reason_choices();

namespace to_client {
std::string_view to_string(availability a);
std::optional<availability> availability_from_string(std::string_view text);
std::string availability_choices();
}  // namespace to_client

}  // namespace duet::protocol
