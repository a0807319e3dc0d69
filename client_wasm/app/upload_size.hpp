// How many pixels a video frame is uploaded at, as a pure rule tested natively
// (tests/client_wasm/upload_size.tests.cpp). Why: with software WebGL each upload is a copy
// through a 2D canvas on the page's main thread and another into the GPU process, and the
// self-view is shown at a few hundred pixels of a 640x480 camera frame or more. Uploading
// what is shown, not what the camera gives, takes most of that work away; the remote video,
// shown larger than it comes, is uploaded whole.
#pragma once

namespace duet::pacing {

struct pixel_box {
    int width = 0;   // 0 x 0: no limit (the frame's own size)
    int height = 0;
    bool operator==(pixel_box const&) const = default;
};

// The box the next frame is fitted into (web/video_element scales it down into it, keeping
// its shape, never up), from the size the picture was drawn at in the last frame (canvas
// pixels, 0 x 0 when it was not drawn) and the size of the texture it was drawn from. A
// texture a little larger than shown is kept: a picture whose size moves by a pixel must not
// make every upload reallocate the texture.
pixel_box upload_box(float shown_width, float shown_height, pixel_box texture);

}  // namespace duet::pacing
