// The call: remote video large, the local preview small in its corner (mirrored), a field
// for who to call (hint "username to call"), "Call", "Hang Up", and the status line.
#pragma once

#include "model.hpp"

namespace duet::ui {

class call_screen {
  public:
    void draw(model const& m, frame_output& out);

  private:
    char callee_[256] = "";
};

}  // namespace duet::ui
