// The Devices menu's window (devices_menu.hpp).
#include "devices_menu.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>

#include "theme.hpp"
#include "widgets.hpp"

namespace duet::ui {

namespace {

words::word heading(call::device_kind k) {
    switch (k) {
        case call::device_kind::microphone:
            return words::word::heading_microphone;
        case call::device_kind::camera:
            return words::word::heading_camera;
        case call::device_kind::speaker:
            return words::word::heading_speaker;
    }
    return words::word::heading_camera;
}

// The entry to mark: the device in use; for a speaker left at the default, the list's
// "default" entry where the browser has one, else its first.
bool marked(model const& m, call::device_kind k, call::media_device const& d, std::size_t index) {
    std::string const& used = m.devices.in_use.of(k);
    if (!used.empty()) return d.id == used;
    if (k != call::device_kind::speaker) return false;
    auto const& list = m.devices.lists.of(k);
    bool has_default = std::any_of(list.begin(), list.end(),
                                   [](call::media_device const& e) { return e.id == "default"; });
    return has_default ? d.id == "default" : index == 0;
}

}  // namespace

std::string device_entry_label(call::device_kind kind, std::string const& device_label) {
    return std::string(words::say(heading(kind), words::language::english)) + ": " + device_label;
}

void devices_menu::draw(model const& m, ImVec2 bottom_centre, float max_width, ImVec2 button_min,
                        ImVec2 button_max, frame_output& out) {
    if (!open_) return;
    float s = m.scale;
    ImGui::SetNextWindowPos(bottom_centre, ImGuiCond_Always, ImVec2(0.5f, 1.f));
    ImGui::SetNextWindowSizeConstraints(ImVec2(std::min(260 * s, max_width), 0),
                                        ImVec2(max_width, FLT_MAX));
    ImGui::Begin("##devices", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                     ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
    float row = std::max(ImGui::GetTextLineHeight() + std::round((m.touch ? 20 : 8) * s),
                         (m.touch ? theme::touch_target_css : 0.f) * s);
    bool any = false;
    for (auto k : call::device_kinds) {
        auto const& list = m.devices.lists.of(k);
        if (list.empty()) continue;
        if (any) ImGui::Separator();
        any = true;
        ImGui::TextColored(theme::muted_text(), "%s", words::say(heading(k), m.lang));
        for (std::size_t i = 0; i < list.size(); ++i) {
            auto const& d = list[i];
            std::string label = device_entry_label(k, d.label);
            // The id keeps two devices of one label (two of the same webcam) apart.
            std::string id = d.label + "##" + label + "#" + std::to_string(i);
            if (ImGui::Selectable(id.c_str(), marked(m, k, d, i), 0, ImVec2(0, row))) {
                out.intents.choose_device = device_pick{k, d.id};
                open_ = false;
            }
            record(out, label, std::string(words::say(heading(k), m.lang)) + ": " + d.label);
        }
    }
    if (!any) {
        ImGui::TextColored(theme::muted_text(), "%s", words::say(words::word::no_devices, m.lang));
    }
    ImVec2 min = ImGui::GetWindowPos();
    ImVec2 size = ImGui::GetWindowSize();
    ImGui::End();
    // A press anywhere else closes it, as a menu does; the Devices button toggles it itself.
    if (pressed_outside(min, size, button_min, button_max)) open_ = false;
}

}  // namespace duet::ui
