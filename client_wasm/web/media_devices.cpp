// enumerateDevices, devicechange and the remembered choice (media_devices.hpp).
#include "media_devices.hpp"

#include "js.hpp"

namespace duet::web {

namespace {
val devices() { return val::module_property("duetDevices"); }
}  // namespace

enum class media_devices::js_event : int { list, changed };

media_devices::media_devices(event_sink& sink) : sink_(sink) {
    owner_ = std::make_unique<event_owner<js_event>>([this](js_event kind, val const& payload) {
        if (kind == js_event::changed) return refresh();
        if (!is_set(payload) || !payload["length"].isNumber()) return;
        call::device_lists lists;
        int n = payload["length"].as<int>();
        for (int i = 0; i < n; ++i) {
            val d = payload[i];
            auto k = call::device_kind_named(string_or(d["kind"]));
            std::string id = string_or(d["id"]);
            if (!k || id.empty()) continue;
            std::string label = string_or(d["label"]);
            auto& list = lists.of(*k);
            // Before access is granted labels are empty: numbered, so each can be told apart.
            if (label.empty()) label = std::string(call::to_string(*k)) + " " + std::to_string(list.size() + 1);
            list.push_back({std::move(id), std::move(label)});
        }
        sink_.push(devices_listed{std::move(lists)});
    });
}

media_devices::~media_devices() = default;

void media_devices::watch() {
    if (watching_) return;
    watching_ = true;
    devices().call<void>("watch", owner_->handler_for(js_event::changed));
    refresh();
}

void media_devices::refresh() { devices().call<void>("list", owner_->handler_for(js_event::list)); }

bool media_devices::can_choose_speaker() const { return devices().call<bool>("canChooseSpeaker"); }

call::device_choice media_devices::remembered() const {
    call::device_choice c;
    for (auto k : call::device_kinds) {
        c.of(k) = devices().call<std::string>("recall", std::string(call::to_string(k)));
    }
    return c;
}

void media_devices::remember(call::device_kind kind, std::string const& id) {
    devices().call<void>("remember", std::string(call::to_string(kind)), id);
}

}  // namespace duet::web
