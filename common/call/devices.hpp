// The choice of microphone, camera and speaker, as pure rules: which device a list offers,
// what a remembered choice becomes when its device is gone (unplugged mid-call, or missing on
// the next visit), and which camera "Flip camera" turns to. The browser lists the devices
// (enumerateDevices) and switches the tracks (web/media_devices, web/local_media); the app
// carries the decisions out. docs/call_control.md has the behaviour.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "words/language.hpp"

namespace duet::call {

enum class device_kind { microphone, camera, speaker };
constexpr device_kind device_kinds[] = {device_kind::microphone, device_kind::camera,
                                        device_kind::speaker};

// "microphone", "camera", "speaker": window.duet's keys and the words of the notice.
std::string_view to_string(device_kind k);
// enumerateDevices' MediaDeviceInfo.kind ("audioinput", "videoinput", "audiooutput").
std::optional<device_kind> device_kind_named(std::string_view browser_kind);

struct media_device {
    std::string id;  // MediaDeviceInfo.deviceId
    std::string label;
    bool operator==(media_device const&) const = default;
};

struct device_lists {
    std::vector<media_device> microphones;
    std::vector<media_device> cameras;
    std::vector<media_device> speakers;  // empty where HTMLMediaElement.setSinkId is missing
    std::vector<media_device> const& of(device_kind k) const;
    std::vector<media_device>& of(device_kind k);
    bool operator==(device_lists const&) const = default;
};

// The chosen device of each kind; an empty id is the browser's default.
struct device_choice {
    std::string microphone;
    std::string camera;
    std::string speaker;
    std::string const& of(device_kind k) const;
    std::string& of(device_kind k);
    bool operator==(device_choice const&) const = default;
};

// Whether `lists` holds the device `id` of kind `k`. The default (empty id) is always there.
bool has_device(device_lists const& lists, device_kind k, std::string_view id);

// A device list changed (devicechange): each chosen device that is no longer listed falls
// back to the default. Returns the kinds that fell back (for the notice), in kind order. An
// empty list of a kind means the browser could not list it (no permission yet, or no
// setSinkId): nothing of that kind falls back on its say-so.
std::vector<device_kind> fall_back_if_gone(device_choice& choice, device_lists const& lists);

// The notice shown when `lost` fell back: "Your camera was disconnected: using the default
// camera." (one kind) or "... microphone and camera ..." (more), in `lang`.
std::string fallback_notice(std::vector<device_kind> const& lost,
                            words::language lang = words::language::english);

// The camera after `current` (the device in use, by id) in the list, wrapping round; the
// first camera when `current` is not listed; nothing with fewer than two cameras.
std::optional<std::string> next_camera(std::vector<media_device> const& cameras,
                                       std::string_view current);

// MediaTrackSettings.facingMode: "user" (front) or "environment" (back); the other one, for
// a phone's flip. Anything else (or nothing, as on desktops) has no other side.
std::optional<std::string> other_facing(std::string_view facing);

}  // namespace duet::call
