// The device choice's rules (devices.hpp).
#include "call/devices.hpp"

#include <algorithm>

#include "words/word.hpp"

namespace duet::call {

std::string_view to_string(device_kind k) {
    switch (k) {
        case device_kind::microphone:
            return "microphone";
        case device_kind::camera:
            return "camera";
        case device_kind::speaker:
            return "speaker";
    }
    return "microphone";
}

std::optional<device_kind> device_kind_named(std::string_view browser_kind) {
    if (browser_kind == "audioinput") return device_kind::microphone;
    if (browser_kind == "videoinput") return device_kind::camera;
    if (browser_kind == "audiooutput") return device_kind::speaker;
    return std::nullopt;
}

std::vector<media_device> const& device_lists::of(device_kind k) const {
    return k == device_kind::microphone ? microphones
           : k == device_kind::camera   ? cameras
                                        : speakers;
}

std::vector<media_device>& device_lists::of(device_kind k) {
    return k == device_kind::microphone ? microphones
           : k == device_kind::camera   ? cameras
                                        : speakers;
}

std::string const& device_choice::of(device_kind k) const {
    return k == device_kind::microphone ? microphone
           : k == device_kind::camera   ? camera
                                        : speaker;
}

std::string& device_choice::of(device_kind k) {
    return k == device_kind::microphone ? microphone
           : k == device_kind::camera   ? camera
                                        : speaker;
}

bool has_device(device_lists const& lists, device_kind k, std::string_view id) {
    if (id.empty()) return true;
    auto const& list = lists.of(k);
    return std::any_of(list.begin(), list.end(), [&](media_device const& d) { return d.id == id; });
}

std::vector<device_kind> fall_back_if_gone(device_choice& choice, device_lists const& lists) {
    std::vector<device_kind> lost;
    for (auto k : device_kinds) {
        std::string& id = choice.of(k);
        if (id.empty() || lists.of(k).empty() || has_device(lists, k, id)) continue;
        id.clear();
        lost.push_back(k);
    }
    return lost;
}

std::string fallback_notice(std::vector<device_kind> const& lost, words::language lang) {
    using words::word;
    if (lost.empty()) return {};
    auto name = [](device_kind k) {
        switch (k) {
            case device_kind::microphone: return word::device_microphone;
            case device_kind::camera: return word::device_camera;
            case device_kind::speaker: return word::device_speaker;
        }
        return word::device_camera;
    };
    std::string what;
    for (std::size_t i = 0; i < lost.size(); ++i) {
        if (i > 0) what += words::say(i + 1 == lost.size() ? word::list_and : word::list_comma, lang);
        what += words::say(name(lost[i]), lang);
    }
    if (lost.size() == 1) {
        return words::fill(words::say(word::notice_device_lost, lang), {{"device", what}});
    }
    return words::fill(words::say(word::notice_devices_lost, lang), {{"devices", what}});
}

std::optional<std::string> next_camera(std::vector<media_device> const& cameras,
                                       std::string_view current) {
    if (cameras.size() < 2) return std::nullopt;
    auto at = std::find_if(cameras.begin(), cameras.end(),
                           [&](media_device const& d) { return d.id == current; });
    if (at == cameras.end()) return cameras.front().id;
    ++at;
    return (at == cameras.end() ? cameras.front() : *at).id;
}

std::optional<std::string> other_facing(std::string_view facing) {
    if (facing == "user") return std::string("environment");
    if (facing == "environment") return std::string("user");
    return std::nullopt;
}

}  // namespace duet::call
