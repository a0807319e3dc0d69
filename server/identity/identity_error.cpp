#include "identity/identity_error.hpp"

namespace duet::identity {

std::string_view to_string(error_code code) {
    switch (code) {
        case error_code::bad_encoding:
            return "bad_encoding";
        case error_code::bad_key:
            return "bad_key";
        case error_code::unsupported_alg:
            return "unsupported_alg";
        case error_code::unknown_key:
            return "unknown_key";
        case error_code::bad_signature:
            return "bad_signature";
        case error_code::bad_issuer:
            return "bad_issuer";
        case error_code::bad_audience:
            return "bad_audience";
        case error_code::bad_authorized_party:
            return "bad_authorized_party";
        case error_code::bad_nonce:
            return "bad_nonce";
        case error_code::expired:
            return "expired";
        case error_code::not_yet_valid:
            return "not_yet_valid";
        case error_code::missing_claim:
            return "missing_claim";
        case error_code::bad_cookie:
            return "bad_cookie";
        case error_code::cookie_expired:
            return "cookie_expired";
        case error_code::name_bound:
            return "name_bound";
        case error_code::storage:
            return "storage";
        case error_code::provider:
            return "provider";
        case error_code::bad_state:
            return "bad_state";
        case error_code::unavailable:
            return "unavailable";
        case error_code::bad_subject:
            return "bad_subject";
    }
    return "unknown";
}

}  // namespace duet::identity
