// The call screen's files (docs/file_transfer.md): `Send file` (once the partner's page says
// it takes files), the partner's offer with its name and size and `Accept file` /
// `Decline file`, a progress bar with rate and time left and `Cancel file` on both sides,
// and each received file, checked, with `Save file` (its download). Its own small window at
// the top left of the video, under the partner's name. It reads model::transfers and
// records intents; the rules are common/transfer/exchange.
#pragma once

#include <imgui.h>

#include "model.hpp"

namespace duet::ui {

class transfer_panel {
  public:
    // The panel with its top-left corner at `top_left`, at most `width` wide.
    void draw(model const& m, ImVec2 top_left, float width, frame_output& out);

  private:
    void item_row(model const& m, transfer::item const& it, float width, frame_output& out);
};

}  // namespace duet::ui
