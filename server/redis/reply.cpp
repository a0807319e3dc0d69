// Reply conversions: see reply.hpp.
#include "redis/reply.hpp"

namespace duet::redis {

std::string_view to_string(failure f) {
    switch (f) {
        case failure::none:
            return "none";
        case failure::not_connected:
            return "not_connected";
        case failure::connection_lost:
            return "connection_lost";
        case failure::server_error:
            return "server_error";
        case failure::wrong_type:
            return "wrong_type";
    }
    return "unknown";
}

namespace {

template <class T, class Take>
result<T> expect(command_result const& r, reply::kind wanted, char const* name, Take take) {
    if (!r) return result<T>::failed(r.error, r.message);
    if (r.value->type != wanted) {
        return result<T>::failed(failure::wrong_type, std::string("expected ") + name);
    }
    return {take(*r.value), failure::none, {}};
}

}  // namespace

result<long long> as_integer(command_result const& r) {
    return expect<long long>(r, reply::kind::integer, "an integer",
                             [](reply const& v) { return v.integer; });
}

result<std::string> as_string(command_result const& r) {
    return expect<std::string>(r, reply::kind::string, "a string",
                               [](reply const& v) { return v.text; });
}

result<std::optional<std::string>> as_optional_string(command_result const& r) {
    if (r && r.value->type == reply::kind::nil) return {std::optional<std::string>(), {}, {}};
    return expect<std::optional<std::string>>(
        r, reply::kind::string, "a string or nil",
        [](reply const& v) { return std::optional<std::string>(v.text); });
}

result<std::vector<reply>> as_array(command_result const& r) {
    return expect<std::vector<reply>>(r, reply::kind::array, "an array",
                                      [](reply const& v) { return v.elements; });
}

result<std::string> as_status(command_result const& r) {
    return expect<std::string>(r, reply::kind::status, "a status",
                               [](reply const& v) { return v.text; });
}

}  // namespace duet::redis
