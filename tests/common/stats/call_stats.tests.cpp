// The stats model fed by hand: rates from byte and frame deltas, loss over an interval,
// counters that restart, the 60 s history, and what the first sample can and cannot say.
#include "stats/call_stats.hpp"

#include <catch2/catch.hpp>

using duet::stats::call_stats;
using duet::stats::path;
using duet::stats::quality;
using duet::stats::sample;

namespace {

// A steady stream: `t` seconds in, at `audio_kbps`/`video_kbps` each way and `fps`.
sample steady(double t, double audio_kbps = 32, double video_kbps = 800, double fps = 30) {
    sample s;
    s.time_ms = 1000 + t * 1000;
    auto bytes = [&](double kbps) { return std::uint64_t(kbps * 1000 / 8 * t); };
    s.audio = {bytes(audio_kbps), bytes(audio_kbps)};
    s.video = {bytes(video_kbps * 0.5), bytes(video_kbps)};
    s.packets_received = std::uint64_t(100 * t);
    s.packets_lost = 0;
    s.frames_decoded = std::uint64_t(fps * t);
    s.frame_width = 640;
    s.frame_height = 480;
    s.codec = "video/VP8";
    s.local_candidate = "host";
    s.remote_candidate = "host";
    s.rtt_s = 0.012;
    s.jitter_s = 0.004;
    return s;
}

}  // namespace

TEST_CASE("call stats: rates from the counters' deltas", "[stats]") {
    call_stats st;

    SECTION("the first sample measures nothing, but knows size, codec and path") {
        CHECK_FALSE(st.add(steady(0)));
        CHECK_FALSE(st.measured());
        CHECK(st.quality() == quality::unknown);
        CHECK(st.current().width == 640);
        CHECK(st.current().codec == "VP8");
        CHECK(st.current().path == path::host);
        CHECK(st.history().fps.empty());
    }

    SECTION("kbps in and out per kind, fps, rtt and jitter in ms") {
        st.add(steady(1));
        REQUIRE(st.add(steady(2)));
        auto const& f = st.current();
        CHECK(f.kbps_audio_in == Approx(32));
        CHECK(f.kbps_video_in == Approx(800));
        CHECK(f.kbps_audio_out == Approx(32));
        CHECK(f.kbps_video_out == Approx(400));
        CHECK(f.kbps_in() == Approx(832));
        CHECK(f.kbps_out() == Approx(432));
        CHECK(f.fps == Approx(30));
        CHECK(f.rtt_ms == Approx(12));
        CHECK(f.jitter_ms == Approx(4));
        CHECK(f.loss_pct == 0);
        CHECK(st.interval_start_ms() == 2000);
        CHECK(st.interval_end_ms() == 3000);
    }

    SECTION("an interval that is not one second is divided by its own length") {
        st.add(steady(1));
        st.add(steady(3.5));
        CHECK(st.current().kbps_video_in == Approx(800).epsilon(0.001));
        CHECK(st.current().fps == Approx(30).epsilon(0.01));
    }

    SECTION("a sample too close to the last is dropped, the base kept") {
        st.add(steady(1));
        CHECK_FALSE(st.add(steady(1.05)));
        REQUIRE(st.add(steady(2)));
        CHECK(st.interval_start_ms() == 2000);
    }

    SECTION("no round trip in the report: unknown, not zero") {
        sample a = steady(1);
        a.rtt_s.reset();
        sample b = steady(2);
        b.rtt_s.reset();
        st.add(a);
        st.add(b);
        CHECK_FALSE(st.current().rtt_ms.has_value());
        CHECK(st.history().rtt_ms.newest() == 0);
    }
}

TEST_CASE("call stats: loss over the last interval", "[stats]") {
    call_stats st;
    sample a = steady(1);
    a.packets_received = 1000;
    a.packets_lost = 10;
    st.add(a);
    sample b = steady(2);

    SECTION("lost / (lost + received) in that interval only") {
        b.packets_received = 1095;
        b.packets_lost = 15;
        st.add(b);
        CHECK(st.current().loss_pct == Approx(5));
    }
    SECTION("lost falling (late packets) is no negative loss") {
        b.packets_received = 1100;
        b.packets_lost = 8;
        st.add(b);
        CHECK(st.current().loss_pct == 0);
    }
    SECTION("nothing received and nothing lost: 0 %") {
        b.packets_received = 1000;
        b.packets_lost = 10;
        st.add(b);
        CHECK(st.current().loss_pct == 0);
    }
}

TEST_CASE("call stats: counters that restart", "[stats]") {
    call_stats st;
    st.add(steady(10));

    SECTION("a counter that fell counts from zero: no negative rate, no spike") {
        sample s = steady(11);
        s.video.received = 50'000;  // a new stream: 50 kB since it began
        s.frames_decoded = 12;
        s.packets_received = 40;
        s.packets_lost = 2;
        REQUIRE(st.add(s));
        CHECK(st.current().kbps_video_in == Approx(400));
        CHECK(st.current().fps == Approx(12));
        CHECK(st.current().loss_pct == Approx(100.0 * 2 / 42));
        CHECK(st.current().kbps_audio_in == Approx(32));  // the other counters go on
    }
    SECTION("time going backwards (a new peer connection) only sets a new base") {
        CHECK_FALSE(st.add(steady(2)));
        REQUIRE(st.add(steady(3)));
        CHECK(st.current().kbps_video_in == Approx(800));
        CHECK(st.history().fps.size() == 1);
    }
    SECTION("reset() forgets the call") {
        st.add(steady(11));
        st.reset();
        CHECK_FALSE(st.measured());
        CHECK(st.history().fps.empty());
        CHECK(st.current() == duet::stats::figures{});
    }
}

TEST_CASE("call stats: the 60 s history", "[stats]") {
    call_stats st;
    st.add(steady(0, 32, 800, 30));

    SECTION("one value per interval, oldest first") {
        st.add(steady(1, 32, 800, 30));
        sample s = steady(2, 32, 800, 30);
        s.frames_decoded = 30 + 20;  // 20 frames in the second interval
        st.add(s);
        auto const& fps = st.history().fps;
        REQUIRE(fps.size() == 2);
        CHECK(fps.at(0) == Approx(30));
        CHECK(fps.at(1) == Approx(20));
        CHECK(fps.newest() == Approx(20));
        CHECK(fps.max() == Approx(30));
    }
    SECTION("past 60 values the oldest fall out") {
        for (int t = 1; t <= 75; ++t) {
            sample s = steady(t);
            s.frames_decoded = std::uint64_t(t * (t + 1) / 2);  // t frames in second t
            st.add(s);
        }
        auto const& fps = st.history().fps;
        REQUIRE(fps.size() == 60);
        CHECK(fps.at(0) == Approx(16));
        CHECK(fps.at(59) == Approx(75));
        CHECK(st.history().kbps_video_in.size() == 60);
        CHECK(st.intervals() == 75);
    }
}

TEST_CASE("call stats: levels and quality follow the figures", "[stats]") {
    call_stats st;
    sample a = steady(1);
    a.local_level = 1.7;  // out of range: clamped
    a.remote_level = 0.25;
    st.add(a);
    CHECK(st.current().local_level == 1);
    CHECK(st.current().remote_level == 0.25);
    sample b = steady(2);
    b.rtt_s = 0.9;
    st.add(b);
    CHECK(st.quality() == quality::poor);
}
