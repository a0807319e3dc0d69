// The checks of a file offer (limits.hpp).
#include "transfer/limits.hpp"

#include <algorithm>

#include "text/utf8.hpp"

namespace duet::transfer {

char const* to_string(offer_problem p) {
    switch (p) {
        case offer_problem::none:
            return "none";
        case offer_problem::bad_name:
            return "bad_name";
        case offer_problem::bad_size:
            return "bad_size";
    }
    return "none";
}

offer_problem check_name(std::string_view name) {
    if (name.empty() || name.size() > max_name_bytes) return offer_problem::bad_name;
    bool ok = text::for_each_code_point(name, [](char32_t) {});
    if (!ok) return offer_problem::bad_name;
    for (unsigned char c : name) {
        if (c < 0x20 || c == 0x7f || c == '/' || c == '\\') return offer_problem::bad_name;
    }
    if (std::all_of(name.begin(), name.end(), [](char c) { return c == '.' || c == ' '; })) {
        return offer_problem::bad_name;
    }
    return offer_problem::none;
}

offer_problem check_size(std::uint64_t size) {
    return size > max_file_bytes ? offer_problem::bad_size : offer_problem::none;
}

offer_problem check_offer(std::string_view name, std::uint64_t size) {
    if (auto p = check_name(name); p != offer_problem::none) return p;
    return check_size(size);
}

std::string safe_mime(std::string_view mime) {
    auto slash = mime.find('/');
    bool ok = !mime.empty() && mime.size() <= max_mime_bytes && slash != std::string_view::npos &&
              slash > 0 && slash + 1 < mime.size();
    for (unsigned char c : mime) {
        if (c <= 0x20 || c >= 0x7f || c == '"' || c == '\\') ok = false;
    }
    return ok ? std::string(mime) : std::string("application/octet-stream");
}

bool is_sha256_hex(std::string_view text) {
    return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

}  // namespace duet::transfer
