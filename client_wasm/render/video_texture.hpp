// A GL texture fed by a <video> element, one upload per new frame, drawn with ImGui::Image.
#pragma once

#include <imgui.h>

#include "web/video_element.hpp"

namespace duet::render {

class video_texture {
  public:
    video_texture();
    ~video_texture();
    video_texture(video_texture const&) = delete;
    video_texture& operator=(video_texture const&) = delete;

    // Uploads the element's current frame, fitted into `box_width` x `box_height` where the
    // element scales (web/video_element; 0: as it comes). False when it has none yet.
    bool upload_from(web::video_element const& video, int box_width = 0, int box_height = 0);
    // Shows nothing until the next upload (the call ended).
    void reset() { width_ = height_ = 0; }
    // After the GL context was recreated.
    void recreate();

    bool has_image() const { return width_ > 0 && height_ > 0; }
    int width() const { return width_; }
    int height() const { return height_; }
    ImTextureID id() const;

  private:
    unsigned texture_ = 0;
    int width_ = 0;
    int height_ = 0;
};

}  // namespace duet::render
