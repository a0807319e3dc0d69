// The enums' wire names: a client compares them, so each is pinned here.
#include "protocol/enum_names.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <utility>
#include <vector>

using namespace duet;
namespace proto = protocol;
using proto::error_code;
using json = proto::json;

TEST_CASE("error codes have stable wire names", "[protocol]") {
    std::vector<std::pair<error_code, std::string>> const all{
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
    };
    for (auto const& [code, name] : all) {
        CHECK(proto::to_string(code) == name);
        auto back = proto::error_code_from_string(name);
        REQUIRE(back.has_value());
        CHECK(*back == code);
    }
    CHECK_FALSE(proto::error_code_from_string("").has_value());
    CHECK_FALSE(proto::error_code_from_string("Name_Taken").has_value());
}

TEST_CASE("end reasons and availability have stable wire names", "[protocol]") {
    std::vector<std::pair<proto::end_reason, std::string>> const reasons{
        {proto::end_reason::hung_up, "hung_up"},
        {proto::end_reason::declined, "declined"},
        {proto::end_reason::cancelled, "cancelled"},
        {proto::end_reason::no_answer, "no_answer"},
        {proto::end_reason::busy, "busy"},
        {proto::end_reason::connection_lost, "connection_lost"},
    };
    for (auto const& [reason, name] : reasons) {
        CHECK(proto::to_string(reason) == name);
        CHECK(proto::end_reason_from_string(name) == reason);
    }
    CHECK_FALSE(proto::end_reason_from_string("").has_value());
    CHECK_FALSE(proto::end_reason_from_string("Declined").has_value());

    using proto::to_client::availability;
    std::vector<std::pair<availability, std::string>> const statuses{
        {availability::available, "available"},
        {availability::busy, "busy"},
        {availability::offline, "offline"},
    };
    for (auto const& [status, name] : statuses) {
        CHECK(proto::to_client::to_string(status) == name);
        CHECK(proto::to_client::availability_from_string(name) == status);
    }
    CHECK_FALSE(proto::to_client::availability_from_string("away").has_value());
}

TEST_CASE("the accepted values are listed for error messages", "[protocol]") {
    CHECK(proto::end_reason_choices() ==
          "hung_up, declined, cancelled, no_answer, busy or connection_lost");
    CHECK(proto::to_client::availability_choices() == "available, busy or offline");
}
