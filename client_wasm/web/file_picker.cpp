// The file chooser and dropped files (file_picker.hpp).
#include "file_picker.hpp"

#include <cstdint>

#include "js.hpp"

namespace duet::web {

namespace {
val files() { return val::module_property("duetFiles"); }
}  // namespace

enum class file_picker::js_event : int { picked };

file_picker::file_picker(event_sink& sink) : sink_(sink) {
    owner_ = std::make_unique<event_owner<js_event>>([this](js_event, val const& f) {
        if (!is_set(f) || !f["key"].isNumber() || !f["size"].isNumber()) return;
        double size = f["size"].as<double>();
        if (!(size >= 0)) return;
        sink_.push(file_picked{f["key"].as<int>(), string_or(f["name"]), std::uint64_t(size),
                               string_or(f["type"])});
    });
    if (!files().call<bool>("install", owner_->handler_for(js_event::picked))) {
        log("warn", "no file chooser: files can only be dropped, if at all");
    }
}

file_picker::~file_picker() {
    owner_.reset();
    files().call<void>("uninstall");
}

void file_picker::choose() { files().call<void>("choose"); }

void file_picker::forget(int key) { files().call<void>("forget", key); }

}  // namespace duet::web
