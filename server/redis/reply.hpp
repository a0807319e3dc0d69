// What a Redis command gives back, as a value: a reply, or why there is none. hiredis hands
// replies to callbacks as C structs freed right after; these are copies the caller owns.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace duet::redis {

struct reply {
    enum class kind { string, array, integer, nil, status, error };
    kind type = kind::nil;
    std::string text;  // string, status and error replies
    long long integer = 0;
    std::vector<reply> elements;  // array replies
};

// Why a command has no usable reply.
enum class failure {
    none,
    not_connected,    // Redis is not reachable now (refused, down, reconnecting): not sent
    connection_lost,  // sent, but the connection went before the reply came
    server_error,     // Redis answered with an error reply (its text in `message`)
    wrong_type,       // a reply, but not of the type the caller expects
};

std::string_view to_string(failure f);

// A reply or a failure, never both.
template <class T>
struct result {
    std::optional<T> value;
    failure error = failure::none;
    std::string message;  // what went wrong, for logs

    explicit operator bool() const { return value.has_value(); }
    static result failed(failure why, std::string what) {
        return {std::nullopt, why, std::move(what)};
    }
};

// A command's reply; an error reply is a failure (server_error).
using command_result = result<reply>;

// The reply as the type the caller expects; anything else is wrong_type, and a failure stays
// what it was. A nil reply is neither a string nor an integer: as_optional_string takes it.
result<long long> as_integer(command_result const& r);
result<std::string> as_string(command_result const& r);
result<std::optional<std::string>> as_optional_string(command_result const& r);
result<std::vector<reply>> as_array(command_result const& r);
// A status reply such as OK.
result<std::string> as_status(command_result const& r);

}  // namespace duet::redis
