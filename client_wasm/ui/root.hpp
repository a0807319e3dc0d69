// ui/: the ImGui screens. They read a model and record intents; they never call the browser
// and never own call state, so they build natively too (tests/client_wasm/).
//
// The root is the one full-screen window every frame draws, showing the model's screen.
#pragma once

#include "call_screen.hpp"
#include "login_screen.hpp"
#include "model.hpp"

namespace duet::ui {

class root {
  public:
    // Between ImGui::NewFrame and ImGui::Render: draws `m`'s screen over io.DisplaySize.
    frame_output draw(model const& m);

  private:
    login_screen login_;
    call_screen call_;
};

}  // namespace duet::ui
