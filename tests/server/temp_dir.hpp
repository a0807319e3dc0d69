// A fresh folder under the system's temp directory, removed with everything in it.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <string_view>

namespace duet::testing {

class temp_dir {
  public:
    temp_dir() {
        std::random_device seed;
        auto base = std::filesystem::temp_directory_path();
        for (;;) {
            path_ =
                base / ("duet-test-" + std::to_string(::getpid()) + "-" + std::to_string(seed()));
            if (std::filesystem::create_directory(path_)) break;
        }
        path_ = std::filesystem::canonical(path_);
    }
    ~temp_dir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    temp_dir(temp_dir const&) = delete;
    temp_dir& operator=(temp_dir const&) = delete;

    std::filesystem::path const& path() const { return path_; }

    // Writes `content` to `relative`, making the folders on the way.
    std::filesystem::path write(std::filesystem::path const& relative,
                                std::string_view content) const {
        auto file = path_ / relative;
        std::filesystem::create_directories(file.parent_path());
        std::ofstream out(file, std::ios::binary);
        out.write(content.data(), static_cast<std::streamsize>(content.size()));
        return file;
    }

  private:
    std::filesystem::path path_;
};

}  // namespace duet::testing
