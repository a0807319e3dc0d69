// A handle to one JS object held in bridge.js's table, owned by exactly one C++ object.
// No emscripten::val here, so headers outside web/ can hold one without touching JS.
#pragma once

#include <utility>

namespace duet::web {

class js_ref {
  public:
    js_ref() = default;
    explicit js_ref(int id) : id_(id) {}
    ~js_ref() { reset(); }
    js_ref(js_ref&& other) noexcept : id_(std::exchange(other.id_, 0)) {}
    js_ref& operator=(js_ref&& other) noexcept {
        if (this != &other) {
            reset();
            id_ = std::exchange(other.id_, 0);
        }
        return *this;
    }
    js_ref(js_ref const&) = delete;
    js_ref& operator=(js_ref const&) = delete;

    // The handle, for JS that reaches the object (js/video_element.js's texture upload).
    int id() const { return id_; }
    explicit operator bool() const { return id_ != 0; }
    void reset();

  private:
    int id_ = 0;
};

}  // namespace duet::web
