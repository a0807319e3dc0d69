// The page's view of sign-in through a provider: the server's /auth/ answers read without
// trusting them, what the login screen offers, and the caller's identity a callee is shown.
#include "call/account.hpp"

#include <catch2/catch.hpp>

#include "call/machine_helpers.hpp"
#include "call/session.hpp"

using namespace duet::call_test;
using call::account;
using call::http_reply;

namespace {

http_reply config(bool required) {
    return {200, std::string(R"({"enabled":true,"label":"Test ID","required":)") +
                     (required ? "true" : "false") + "}"};
}

http_reply const me_alice{200, R"({"verified":true,"issuer":"https://id.example","sub":"alice-0001",
  "name":"alice","email":"alice@example.org","display":"Alice Wang","label":"Test ID"})"};

}  // namespace

TEST_CASE("account: what the server's /auth/ answers say", "[account]") {
    SECTION("a provider, its label and whether it is required") {
        auto p = call::provider_from(config(true));
        REQUIRE(p);
        CHECK(p->label == "Test ID");
        CHECK(p->required);
        CHECK_FALSE(call::provider_from(config(false))->required);
    }
    SECTION("no provider: a 404, a failed request, anything unreadable") {
        CHECK_FALSE(call::provider_from({404, "Not found\n"}));
        CHECK_FALSE(call::provider_from({200, R"({"enabled":false})"}));  // what ours says
        CHECK_FALSE(call::provider_from({0, ""}));
        CHECK_FALSE(call::provider_from({200, "<html>"}));
        CHECK_FALSE(call::provider_from({200, "[true]"}));
        CHECK_FALSE(call::provider_from({200, R"({"enabled":"yes"})"}));
        CHECK_FALSE(call::provider_from({500, config(true).body}));
    }
    SECTION("who the session names, or nobody") {
        auto me = call::identity_from(me_alice);
        REQUIRE(me);
        CHECK(*me == call::account_identity{"https://id.example", "alice-0001", "alice",
                                            "alice@example.org", "Alice Wang"});
        CHECK_FALSE(call::identity_from({200, R"({"verified":false,"label":"Test ID"})"}));
        CHECK_FALSE(call::identity_from({200, R"({"verified":true,"name":""})"}));
        CHECK_FALSE(call::identity_from({200, R"({"verified":true,"name":7})"}));
        CHECK_FALSE(call::identity_from({0, ""}));
    }
}

TEST_CASE("account: what the login screen offers", "[account]") {
    account a;
    SECTION("before any answer, and without a provider: the name login only") {
        CHECK(a.offers_name_login());
        CHECK_FALSE(a.offers_provider());
        CHECK_FALSE(a.on_config({404, "Not found\n"}));
        CHECK(a.offers_name_login());
        CHECK_FALSE(a.offers_provider());
        // A stray /auth/me answer names nobody on a server without a provider.
        CHECK_FALSE(a.on_me(me_alice));
        CHECK_FALSE(a.me());
    }
    SECTION("a provider: both; required: the provider only") {
        CHECK(a.on_config(config(false)));
        CHECK(a.offers_name_login());
        CHECK(a.offers_provider());
        CHECK(a.on_config(config(true)));
        CHECK_FALSE(a.offers_name_login());
        CHECK(a.offers_provider());
    }
    SECTION("signed in through the provider: the bound name, neither button; signed out: back") {
        a.on_config(config(true));
        CHECK(a.on_me(me_alice) == std::optional<std::string>("alice"));
        CHECK_FALSE(a.offers_name_login());
        CHECK_FALSE(a.offers_provider());
        a.on_signed_out();
        CHECK_FALSE(a.me());
        CHECK(a.offers_provider());
        CHECK_FALSE(a.on_me({200, R"({"verified":false})"}));
    }
    SECTION("a login refused with identity_required takes the name login away") {
        a.on_config(config(false));
        CHECK_FALSE(a.on_login_refused(proto::error_code::name_taken));
        CHECK(a.offers_name_login());
        CHECK_FALSE(a.on_login_refused(proto::error_code::identity_required));
        CHECK_FALSE(a.offers_name_login());
        CHECK(a.offers_provider());
    }
    SECTION("refused so without a known provider: the configuration is asked for again") {
        CHECK(a.on_login_refused(proto::error_code::identity_required));
        CHECK_FALSE(a.on_login_refused(std::nullopt));
    }
}

TEST_CASE("session: the partner's identity, as the server told it", "[account][session]") {
    auto m = ready_machine();
    call::session s(m);
    proto::to_client::caller_identity bob{true, "Bob Stone", "bob@example.org",
                                          "https://id.example"};
    SECTION("from the ring, while bob is the partner") {
        CHECK_FALSE(s.partner_identity());
        s.on_message(proto::to_client::call{"bob", bob});
        REQUIRE(s.partner_identity());
        CHECK(*s.partner_identity() == bob);
        s.on_message(leave_from("bob", proto::end_reason::cancelled));
        CHECK_FALSE(s.partner_identity());
    }
    SECTION("an unverified caller is one too; a server without a provider says nothing") {
        s.on_message(proto::to_client::call{"bob", proto::to_client::caller_identity{}});
        REQUIRE(s.partner_identity());
        CHECK_FALSE(s.partner_identity()->verified);
        s.on_message(leave_from("bob", proto::end_reason::cancelled));
        s.on_message(proto::to_client::call{"carol"});
        CHECK(m.partner() == "carol");
        CHECK_FALSE(s.partner_identity());
    }
    SECTION("from an offer without a ring (a tutorial caller)") {
        auto offer = offer_from("tut");
        offer.identity = proto::to_client::caller_identity{};
        s.on_message(offer);
        REQUIRE(m.partner() == "tut");
        REQUIRE(s.partner_identity());
        CHECK_FALSE(s.partner_identity()->verified);
    }
}
