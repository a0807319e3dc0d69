// The GL texture a video element uploads into (video_texture.hpp).
#include "video_texture.hpp"

#include <GLES3/gl3.h>

#include <cstdint>

namespace duet::render {

video_texture::video_texture() { recreate(); }

video_texture::~video_texture() {
    if (texture_ != 0) glDeleteTextures(1, &texture_);
}

void video_texture::recreate() {
    texture_ = 0;
    width_ = height_ = 0;
    glGenTextures(1, &texture_);
    glBindTexture(GL_TEXTURE_2D, texture_);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
}

bool video_texture::upload_from(web::video_element const& video, int box_width, int box_height) {
    if (texture_ == 0) return false;
    return video.upload_frame(texture_, width_, height_, box_width, box_height);
}

ImTextureID video_texture::id() const {
    return reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(texture_));
}

}  // namespace duet::render
