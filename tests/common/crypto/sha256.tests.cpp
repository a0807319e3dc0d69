// SHA-256 against the standard's own examples (FIPS 180-2, appendix B; the empty message
// from NIST's example values), whole and fed in pieces.
#include "crypto/sha256.hpp"

#include <catch2/catch.hpp>
#include <string>

using namespace duet;

TEST_CASE("sha256 gives the FIPS 180-2 digests", "[crypto]") {
    SECTION("one block: abc") {
        CHECK(crypto::to_hex(crypto::sha256_of("abc")) ==
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
    SECTION("two blocks: the 448-bit message") {
        CHECK(crypto::to_hex(crypto::sha256_of(
                  "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")) ==
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    }
    SECTION("a million times a, at once") {
        CHECK(crypto::to_hex(crypto::sha256_of(std::string(1000000, 'a'))) ==
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    }
    SECTION("the empty message") {
        CHECK(crypto::to_hex(crypto::sha256_of("")) ==
              "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }
}

TEST_CASE("sha256 fed in pieces gives the digest of the whole", "[crypto]") {
    SECTION("a million a in uneven chunks") {
        crypto::sha256 h;
        std::string chunk(997, 'a');  // not a multiple of the 64-byte block
        std::size_t left = 1000000;
        while (left > 0) {
            std::size_t n = left < chunk.size() ? left : chunk.size();
            h.update(std::string_view(chunk).substr(0, n));
            left -= n;
        }
        CHECK(crypto::to_hex(h.finish()) ==
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    }
    SECTION("finish starts afresh") {
        crypto::sha256 h;
        h.update("ab");
        h.update("c");
        CHECK(crypto::to_hex(h.finish()) ==
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        h.update("abc");
        CHECK(crypto::to_hex(h.finish()) ==
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
