// The quality rule and the path's words (quality.hpp).
#include "quality.hpp"

#include <algorithm>

namespace duet::stats {

std::string_view to_string(quality q) {
    switch (q) {
        case quality::good:
            return "good";
        case quality::fair:
            return "fair";
        case quality::poor:
            return "poor";
        case quality::unknown:
            break;
    }
    return "unknown";
}

quality quality_of(quality_input const& in) {
    auto grade_high_bad = [](double v, double good_below, double poor_from) {
        return v < good_below ? quality::good : v < poor_from ? quality::fair : quality::poor;
    };
    quality q = grade_high_bad(in.loss_pct, loss_good_below_pct, loss_poor_from_pct);
    if (in.rtt_ms) {
        q = std::max(q, grade_high_bad(*in.rtt_ms, rtt_good_below_ms, rtt_poor_from_ms));
    }
    if (in.kbps_video_in >= video_counts_from_kbps) {
        quality f = in.fps >= fps_good_from    ? quality::good
                    : in.fps >= fps_poor_below ? quality::fair
                                               : quality::poor;
        q = std::max(q, f);
    }
    return q;
}

std::string_view to_string(path p) {
    switch (p) {
        case path::host:
            return "host";
        case path::srflx:
            return "srflx";
        case path::relay:
            return "relay";
        case path::unknown:
            break;
    }
    return "";
}

words::word word_for(path p) {
    switch (p) {
        case path::host:
            return words::word::path_direct;
        case path::srflx:
            return words::word::path_stun;
        case path::relay:
            return words::word::path_relay;
        case path::unknown:
            break;
    }
    return words::word::path_unknown;
}

path path_of(std::string_view local, std::string_view remote) {
    auto one = [](std::string_view t) {
        if (t == "host") return path::host;
        if (t == "srflx" || t == "prflx") return path::srflx;
        if (t == "relay") return path::relay;
        return path::unknown;
    };
    path a = one(local);
    path b = one(remote);
    if (a == path::unknown || b == path::unknown) return path::unknown;
    return std::max(a, b);
}

}  // namespace duet::stats
