// The screen's DOM copy for assistive technology and the keyboard (dom_mirror.hpp).
#include "dom_mirror.hpp"

#include <nlohmann/json.hpp>

#include "js.hpp"

namespace duet::web {

enum class dom_mirror::js_event : int { activate, focus };

dom_mirror::dom_mirror(std::function<void(std::string const& id)> on_activate,
                       std::function<void(std::string const& id)> on_focus)
    : owner_(std::make_unique<event_owner<js_event>>(
          [on_activate = std::move(on_activate), on_focus = std::move(on_focus)](
              js_event kind, val const& payload) {
              if (!payload.isString()) return;
              std::string id = payload.as<std::string>();
              switch (kind) {
                  case js_event::activate:
                      if (on_activate) on_activate(id);
                      break;
                  case js_event::focus:
                      if (on_focus) on_focus(id);
                      break;
              }
          })) {}

dom_mirror::~dom_mirror() = default;

void dom_mirror::show(screen const& s) {
    if (installed_ && s == shown_) return;
    if (!installed_) {
        val::module_property("duetMirror")
            .call<void>("install", owner_->handler_for(js_event::activate),
                        owner_->handler_for(js_event::focus));
        installed_ = true;
    }
    nlohmann::json items = nlohmann::json::array();
    for (auto const& i : s.items) {
        items.push_back({{"id", i.id},
                         {"text", i.text},
                         {"kind", i.role == kind::field ? "field" : "button"},
                         {"enabled", i.enabled},
                         {"x", i.x},
                         {"y", i.y},
                         {"w", i.w},
                         {"h", i.h},
                         {"list", i.list},
                         {"listName", i.list_name}});
    }
    nlohmann::json doc = {{"lang", s.lang},
                          {"heading", s.heading},
                          {"status", s.status},
                          {"alert", s.alert},
                          {"typingIn", s.typing_in},
                          {"dialog", s.dialog},
                          {"dialogLines", s.dialog_lines},
                          {"items", std::move(items)}};
    val::module_property("duetMirror")
        .call<void>("update",
                    val(doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)));
    shown_ = s;
}

}  // namespace duet::web
