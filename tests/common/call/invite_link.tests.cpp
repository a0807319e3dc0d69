// Invite links: what is written reads back to the same name, and a hash that names no valid
// inviter gives none.
#include "call/invite_link.hpp"

#include <catch2/catch.hpp>
#include <string>

using namespace duet;

TEST_CASE("invite link: written and read back", "[call][invite]") {
    SECTION("a plain name") {
        CHECK(call::invite_link("https://duet.example:8443", "alice") ==
              "https://duet.example:8443/#call=alice");
        CHECK(call::invited_by("#call=alice") == std::optional<std::string>("alice"));
    }
    SECTION("spaces, punctuation and Chinese are escaped, and come back") {
        for (std::string name : {"al ice", "a&b=c#d", "张伟", "o'brien%", "ä/ö?"}) {
            INFO(name);
            std::string link = call::invite_link("http://127.0.0.1:8080", name);
            auto hash = link.substr(link.find('#'));
            // Only unreserved characters and escapes after "#call=".
            CHECK(hash.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                         "0123456789-._~%",
                                         6) == std::string::npos);
            CHECK(call::invited_by(hash) == std::optional<std::string>(name));
        }
        CHECK(call::percent_encode("张") == "%E5%BC%A0");
    }
    SECTION("among other parts of the hash") {
        CHECK(call::invited_by("#x=1&call=bob&y=2") == std::optional<std::string>("bob"));
        CHECK(call::invited_by("call=bob") == std::optional<std::string>("bob"));
    }
}

TEST_CASE("invite link: no inviter from a bad hash", "[call][invite]") {
    for (char const* hash : {"", "#", "#other=1", "#call=", "#call=%", "#call=a%4", "#call=%zz",
                             "#call=%20alice", "#call=a%00b", "#call=%FF%FE",
                             "#call=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}) {
        INFO(hash);
        CHECK_FALSE(call::invited_by(hash).has_value());
    }
    SECTION("a very long hash") {
        CHECK_FALSE(call::invited_by("#call=" + std::string(5000, 'a')).has_value());
    }
    SECTION("a bad escape decodes to nothing") {
        CHECK_FALSE(call::percent_decode("abc%2").has_value());
        CHECK(call::percent_decode("a%2Fb%2f") == std::optional<std::string>("a/b/"));
    }
}
