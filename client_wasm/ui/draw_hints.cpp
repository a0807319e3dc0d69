// The hints of draw_hints.hpp: markers only, so they do nothing when called.
#include "draw_hints.hpp"

namespace duet::ui {

void opaque_begin(ImDrawList const*, ImDrawCmd const*) {}
void opaque_end(ImDrawList const*, ImDrawCmd const*) {}

}  // namespace duet::ui
