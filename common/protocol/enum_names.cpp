#include "protocol/enum_names.hpp"

#include <array>
#include <cstddef>
#include <utility>

namespace duet::protocol {

namespace {

constexpr std::array<std::pair<error_code, std::string_view>, 19> error_names{{
    {error_code::invalid_json, "invalid_json"},
    {error_code::invalid_message, "invalid_message"},
    {error_code::unknown_type, "unknown_type"},
    {error_code::invalid_name, "invalid_name"},
    {error_code::name_taken, "name_taken"},
    {error_code::already_logged_in, "already_logged_in"},
    {error_code::not_logged_in, "not_logged_in"},
    {error_code::not_online, "not_online"},
    {error_code::self_call, "self_call"},
    {error_code::no_partner, "no_partner"},
    {error_code::rate_limited, "rate_limited"},
    {error_code::login_timeout, "login_timeout"},
    {error_code::replaced, "replaced"},
    {error_code::busy, "busy"},
    {error_code::already_in_call, "already_in_call"},
    {error_code::not_ringing, "not_ringing"},
    {error_code::unavailable, "unavailable"},
    {error_code::name_bound, "name_bound"},
    {error_code::identity_required, "identity_required"},
}};

constexpr std::array<std::pair<end_reason, std::string_view>, 6> end_reason_names{{
    {end_reason::hung_up, "hung_up"},
    {end_reason::declined, "declined"},
    {end_reason::cancelled, "cancelled"},
    {end_reason::no_answer, "no_answer"},
    {end_reason::busy, "busy"},
    {end_reason::connection_lost, "connection_lost"},
}};

constexpr std::array<std::pair<to_client::availability, std::string_view>, 3> availability_names{{
    {to_client::availability::available, "available"},
    {to_client::availability::busy, "busy"},
    {to_client::availability::offline, "offline"},
}};

template <class Table, class Value>
std::string_view name_in(Table const& table, Value value) {
    for (auto const& [v, name] : table) {
        if (v == value) return name;
    }
    return table.front().second;
}

template <class Table>
auto value_in(Table const& table, std::string_view text)
    -> std::optional<typename Table::value_type::first_type> {
    for (auto const& [v, name] : table) {
        if (name == text) return v;
    }
    return std::nullopt;
}

// "a, b or c": the accepted values, for an error message.
template <class Table>
std::string one_of(Table const& table) {
    std::string out;
    for (std::size_t i = 0; i < table.size(); ++i) {
        if (i > 0) out += i + 1 == table.size() ? " or " : ", ";
        out += table[i].second;
    }
    return out;
}

}  // namespace

std::string_view to_string(error_code code) { return name_in(error_names, code); }

std::optional<error_code> error_code_from_string(std::string_view text) {
    return value_in(error_names, text);
}

std::string_view to_string(end_reason reason) { return name_in(end_reason_names, reason); }

std::optional<end_reason> end_reason_from_string(std::string_view text) {
    return value_in(end_reason_names, text);
}

std::string end_reason_choices() { return one_of(end_reason_names); }

namespace to_client {

std::string_view to_string(availability a) { return name_in(availability_names, a); }

std::optional<availability> availability_from_string(std::string_view text) {
    return value_in(availability_names, text);
}

std::string availability_choices() { return one_of(availability_names); }

}  // namespace to_client

}  // namespace duet::protocol
