// The rules of a call's file transfers (common/transfer/exchange): one of ours offered at a
// time, nothing moving before Accept, Cancel and hang-up on both sides, and whatever the
// partner's page sends checked, never trusted.
#include "transfer/exchange.hpp"

#include <catch2/catch.hpp>
#include <optional>
#include <string>

#include "transfer/frame.hpp"

using namespace duet::transfer;

namespace {
std::string const sha_a(64, 'a');
std::string const sha_b(64, 'b');

// An exchange whose channel is open and whose partner said hello.
exchange ready() {
    exchange x;
    x.start();
    x.on_channel_open();
    x.on_frame(encode(hello{}));
    return x;
}

template <class E>
E const* first(effects const& fx) {
    for (auto const& f : fx) {
        if (auto* e = std::get_if<E>(&f)) return e;
    }
    return nullptr;
}

template <class E>
int count(effects const& fx) {
    int n = 0;
    for (auto const& f : fx) n += std::holds_alternative<E>(f) ? 1 : 0;
    return n;
}

// The frame the effects send, decoded.
template <class F>
F const* sent(effects const& fx) {
    static thread_local std::optional<frame> keep;
    for (auto const& f : fx) {
        if (auto* s = std::get_if<effect::send>(&f)) {
            keep = decode(s->frame);
            if (keep && std::holds_alternative<F>(*keep)) return &std::get<F>(*keep);
        }
    }
    return nullptr;
}
}  // namespace

TEST_CASE("transfer exchange: sending our files", "[transfer]") {
    exchange x = ready();
    REQUIRE(x.available());

    SECTION("a file is offered at once; its bytes move only after accept") {
        auto fx = x.add("a.bin", 100, "application/x-thing", 11);
        auto* o = sent<offer>(fx);
        REQUIRE(o);
        CHECK(o->name == "a.bin");
        CHECK(o->size == 100);
        CHECK(x.items().at(0).now == state::waiting);
        CHECK_FALSE(first<effect::start_reading>(fx));

        fx = x.on_frame(encode(accept{o->id}));
        auto* r = first<effect::start_reading>(fx);
        REQUIRE(r);
        CHECK(r->file == 11);
        CHECK(x.items().at(0).now == state::active);

        auto shown = x.revision();
        auto moved = x.progress_revision();
        x.on_progress(direction::out, 1, 60, 10);
        CHECK(x.items().at(0).sent == 60);
        CHECK(x.progress_revision() != moved);  // the bar moves: one frame
        CHECK(x.revision() == shown);           // nothing else does
        fx = x.on_read_all(1, 100, sha_a);
        auto* d = sent<done>(fx);
        REQUIRE(d);
        CHECK(d->sha256 == sha_a);
        CHECK(x.items().at(0).now == state::done);
        CHECK(x.items().at(0).sha256 == sha_a);
        CHECK(first<effect::forget_file>(fx)->file == 11);
    }
    SECTION("several files queue and go one after another") {
        auto fx1 = x.add("one", 10, "", 1);
        auto fx2 = x.add("two", 20, "", 2);
        CHECK(sent<offer>(fx1));
        CHECK_FALSE(sent<offer>(fx2));
        CHECK(x.items().at(1).now == state::queued);
        x.on_frame(encode(accept{1}));
        auto fx = x.on_read_all(1, 10, sha_a);
        auto* next = sent<offer>(fx);
        REQUIRE(next);
        CHECK(next->id == 2);
        CHECK(x.items().at(1).now == state::waiting);
    }
    SECTION("declined: no byte moves, the next goes") {
        x.add("one", 10, "", 1);
        x.add("two", 20, "", 2);
        auto fx = x.on_frame(encode(decline{1}));
        CHECK(x.items().at(0).now == state::declined);
        CHECK(x.items().at(0).sent == 0);
        CHECK_FALSE(first<effect::start_reading>(fx));
        CHECK(sent<offer>(fx)->id == 2);
    }
    SECTION("our cancel tells the partner, stops reading and lets the next go") {
        x.add("one", 10, "", 1);
        x.add("two", 20, "", 2);
        x.on_frame(encode(accept{1}));
        auto fx = x.cancel(direction::out, 1);
        CHECK(sent<cancel>(fx)->id == 1);
        CHECK(first<effect::forget_file>(fx)->file == 1);
        CHECK(x.items().at(0).now == state::cancelled);
        CHECK(x.items().at(1).now == state::waiting);
        SECTION("a queued one is cancelled without a frame") {
            x.add("three", 30, "", 3);
            auto q = x.cancel(direction::out, 3);
            CHECK_FALSE(sent<cancel>(q));
            CHECK(x.items().at(2).now == state::cancelled);
        }
    }
    SECTION("the partner's cancel stops our reading") {
        x.add("one", 10, "", 1);
        x.on_frame(encode(accept{1}));
        auto fx = x.on_frame(encode(cancel{1}));
        CHECK(first<effect::forget_file>(fx));
        CHECK(x.items().at(0).now == state::cancelled);
    }
    SECTION("a file that cannot be read, or changed size, fails and tells the partner") {
        x.add("one", 10, "", 1);
        x.on_frame(encode(accept{1}));
        auto fx = x.on_read_all(1, 9, sha_a);
        CHECK(sent<cancel>(fx));
        CHECK(x.items().at(0).now == state::failed);
        CHECK(x.current_notice() == notice::read_failed);
    }
    SECTION("refused: no partner, bad names, too many") {
        exchange lone;
        lone.start();
        lone.on_channel_open();
        auto fx = lone.add("a", 1, "", 5);
        CHECK(lone.current_notice() == notice::not_available);
        CHECK(first<effect::forget_file>(fx)->file == 5);
        CHECK(lone.items().empty());

        fx = x.add("a/b", 1, "", 6);
        CHECK(x.current_notice() == notice::bad_offer);
        CHECK(first<effect::forget_file>(fx));
        for (int i = 0; i < 20; ++i) x.add("f" + std::to_string(i), 1, "", i);
        fx = x.add("one too many", 1, "", 99);
        CHECK(x.current_notice() == notice::too_many);
        CHECK(first<effect::forget_file>(fx)->file == 99);
    }
}

TEST_CASE("transfer exchange: receiving the partner's files", "[transfer]") {
    exchange x = ready();
    x.on_frame(encode(offer{4, "photo.jpg", 100, "image/jpeg"}));
    REQUIRE(x.items().size() == 1);
    item const& in = x.items().at(0);
    CHECK(in.dir == direction::in);
    CHECK(in.now == state::waiting);

    SECTION("accepted, received, verified, saved") {
        auto fx = x.accept(4);
        CHECK(sent<accept>(fx)->id == 4);
        CHECK(first<effect::start_receiving>(fx)->size == 100);
        x.on_progress(direction::in, 4, 100, 5);
        fx = x.on_frame(encode(done{4, sha_a}));
        REQUIRE(first<effect::check_received>(fx));
        fx = x.on_received(4, 100, sha_a);
        auto* s = first<effect::save>(fx);
        REQUIRE(s);
        CHECK(s->mime == "image/jpeg");
        CHECK(in.now == state::done);
        CHECK(in.sha256 == sha_a);
        x.set_url(4, "blob:x");
        CHECK(in.url == "blob:x");
        SECTION("the link goes with the call; the list stays to be read") {
            fx = x.on_call_over();
            CHECK(first<effect::revoke>(fx)->url == "blob:x");
            CHECK(in.url.empty());
            CHECK(x.items().size() == 1);
        }
        SECTION("a new call clears the list") {
            fx = x.start();
            CHECK(first<effect::revoke>(fx));
            CHECK(x.items().empty());
        }
    }
    SECTION("a different SHA-256 fails and is never saved") {
        x.accept(4);
        x.on_frame(encode(done{4, sha_a}));
        auto fx = x.on_received(4, 100, sha_b);
        CHECK_FALSE(first<effect::save>(fx));
        CHECK(first<effect::stop_receiving>(fx));
        CHECK(in.now == state::failed);
        CHECK(in.sha256.empty());
        CHECK(x.current_notice() == notice::mismatch);
    }
    SECTION("fewer bytes than offered fail too") {
        x.accept(4);
        x.on_frame(encode(done{4, sha_a}));
        x.on_received(4, 99, sha_a);
        CHECK(in.now == state::failed);
    }
    SECTION("declined: a frame, no receiving") {
        auto fx = x.decline(4);
        CHECK(sent<decline>(fx)->id == 4);
        CHECK_FALSE(first<effect::start_receiving>(fx));
        CHECK(in.now == state::declined);
    }
    SECTION("cancelled by us or by the sender: what arrived is dropped") {
        x.accept(4);
        auto fx = GENERATE(0, 1) == 0 ? x.cancel(direction::in, 4) : x.on_frame(encode(cancel{4}));
        CHECK(first<effect::stop_receiving>(fx));
        CHECK(in.now == state::cancelled);
        CHECK(in.url.empty());
    }
    SECTION("more bytes than offered: stopped, the sender told") {
        x.accept(4);
        auto fx = x.on_progress(direction::in, 4, 101, 5);
        CHECK(sent<cancel>(fx));
        CHECK(first<effect::stop_receiving>(fx));
        CHECK(in.now == state::failed);
        CHECK(x.current_notice() == notice::too_much_data);
    }
    SECTION("done before accept, or for another id, is not trusted") {
        auto fx = x.on_frame(encode(done{4, sha_a}));
        CHECK(fx.empty());
        fx = x.on_frame(encode(done{9, sha_a}));
        CHECK(fx.empty());
        CHECK(x.current_notice() == notice::unknown_id);
    }
    SECTION("a second offer while one is pending, a reused id, a bad name: ignored") {
        x.on_frame(encode(offer{5, "b", 1, ""}));
        CHECK(x.items().size() == 1);
        CHECK(x.current_notice() == notice::busy);
        x.decline(4);
        x.on_frame(encode(offer{4, "again", 1, ""}));
        CHECK(x.items().size() == 1);
        x.on_frame(encode(offer{6, "../../x", 1, ""}));
        x.on_frame(encode(offer{7, "huge", std::uint64_t(1) << 40, ""}));
        CHECK(x.items().size() == 1);
        CHECK(x.current_notice() == notice::bad_offer);
        x.on_frame(encode(offer{8, "fine", 1, "bad type"}));
        CHECK(x.items().size() == 2);
        CHECK(x.items().back().mime == "application/octet-stream");
    }
    SECTION("unknown ids in accept, decline and cancel change nothing") {
        for (auto const& f : {encode(accept{42}), encode(decline{42}), encode(cancel{42})}) {
            x.dismiss_notice();
            auto fx = x.on_frame(f);
            CHECK(fx.empty());
            CHECK(x.current_notice() == notice::unknown_id);
        }
        CHECK(in.now == state::waiting);
        CHECK(x.on_frame("garbage").empty());
    }
}

TEST_CASE("transfer exchange: hanging up cancels everything in flight", "[transfer]") {
    exchange x = ready();
    x.add("one", 10, "", 1);
    x.add("two", 10, "", 2);
    x.on_frame(encode(accept{1}));
    x.on_frame(encode(offer{3, "theirs", 10, ""}));
    x.accept(3);
    auto fx = x.on_call_over();
    CHECK(count<effect::forget_file>(fx) == 2);
    CHECK(count<effect::stop_receiving>(fx) == 1);
    CHECK_FALSE(sent<cancel>(fx));  // the channel is gone; the partner's closes too
    for (auto const& it : x.items()) CHECK(it.now == state::cancelled);
    CHECK_FALSE(x.available());
    CHECK_FALSE(x.moving());
    // A late frame of the old channel moves nothing.
    CHECK(x.on_frame(encode(accept{2})).empty());
    CHECK(x.add("later", 1, "", 9).size() == 1);
    CHECK(x.current_notice() == notice::not_available);
}

TEST_CASE("transfer exchange: the list keeps the newest", "[transfer]") {
    exchange x = ready();
    for (std::uint64_t id = 1; id <= 60; ++id) {
        x.on_frame(encode(offer{id, "f", 1, ""}));
        x.accept(id);
        x.on_frame(encode(done{id, sha_a}));
        x.on_received(id, 1, sha_a);
        x.set_url(id, "blob:" + std::to_string(id));
    }
    CHECK(x.items().size() == 50);
    CHECK(x.items().front().id == 11);
    CHECK(x.items().back().url == "blob:60");
}
