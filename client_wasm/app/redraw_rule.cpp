// The redraw rule of redraw_rule.hpp.
#include "redraw_rule.hpp"

namespace duet::pacing {

int frames_for_change(ui::model const& shown, ui::model const& now) {
    if (now == shown) return 0;
    if (now.health == shown.health && now.transfers.progress == shown.transfers.progress) return 2;
    ui::model others = now;
    others.health = shown.health;
    others.transfers.progress = shown.transfers.progress;
    return others == shown ? 1 : 2;
}

}  // namespace duet::pacing
