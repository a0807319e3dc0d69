#include "text/json_scan.hpp"

#include <algorithm>
#include <array>

#include "text/utf8.hpp"

namespace duet::text {

namespace {

// What a byte means inside a string; plain ASCII, by far the most common, costs one look-up.
enum class string_byte : unsigned char { plain, quote, backslash, control, multibyte };

constexpr std::array<string_byte, 256> string_bytes = [] {
    std::array<string_byte, 256> table{};
    for (std::size_t c = 0; c < 0x20; ++c) table[c] = string_byte::control;
    for (std::size_t c = 0x80; c < table.size(); ++c) table[c] = string_byte::multibyte;
    table['"'] = string_byte::quote;
    table['\\'] = string_byte::backslash;
    return table;
}();

// A number below 10^308 fits in a double (DBL_MAX is about 1.8e308); nlohmann refuses any
// that does not ("number overflow"), so beyond this the scan leaves the verdict to strtod.
constexpr long max_vouched_magnitude = 308;

// Recursive descent over RFC 8259 as nlohmann's lexer reads it: the same whitespace, escapes,
// UTF-8 rules and number grammar; no comments, no trailing commas. The recursion is as deep
// as the nesting, and stops at max_depth + 1.
class scanner {
  public:
    struct member_sink {
        std::span<json_member> members;
        std::size_t count = 0;
    };

    scanner(std::string_view text, std::size_t max_depth)
        : p_(text.data()), end_(text.data() + text.size()), max_depth_(max_depth) {}

    // Reads the one value the text holds, as nlohmann::json::parse reads it. With a sink,
    // only an object will do, and its members go to the sink (false when they do not fit).
    bool document(member_sink* sink) {
        // nlohmann skips a byte order mark; the scan does too, but does not vouch for it.
        if (rest().starts_with("\xEF\xBB\xBF")) {
            p_ += 3;
            vouched_ = false;
        }
        skip_whitespace();
        if (at('{')) {
            if (!object(1, sink)) return false;
        } else {
            json_kind kind{};
            if (sink != nullptr || !value(0, kind)) return false;
        }
        skip_whitespace();
        if (p_ == end_) return true;
        // nlohmann takes a NUL for the end of the text and reads no further.
        if (*p_ != '\0') return false;
        vouched_ = false;
        return true;
    }

    // Why document() stopped, when it did: a nesting deeper than max_depth, met before any
    // other fault.
    bool too_deep() const { return too_deep_; }
    // document() read it all, and nlohmann would accept it as it is: no byte order mark, no
    // NUL, no number that might overflow a double.
    bool vouched() const { return vouched_; }

  private:
    bool at(char c) const { return p_ != end_ && *p_ == c; }
    bool at_digit() const { return p_ != end_ && *p_ >= '0' && *p_ <= '9'; }
    std::string_view rest() const { return {p_, static_cast<std::size_t>(end_ - p_)}; }
    static std::string_view slice(char const* from, char const* to) {
        return {from, static_cast<std::size_t>(to - from)};
    }

    bool enter(std::size_t depth) {
        if (depth <= max_depth_) return true;
        too_deep_ = true;
        return false;
    }

    void skip_whitespace() {
        while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
    }

    bool value(std::size_t depth, json_kind& kind) {
        if (p_ == end_) return false;
        switch (*p_) {
            case '{':
                kind = json_kind::object;
                return object(depth + 1, nullptr);
            case '[':
                kind = json_kind::array;
                return array(depth + 1);
            case '"':
                kind = json_kind::string;
                return string();
            case 't':
                kind = json_kind::boolean;
                return literal("true");
            case 'f':
                kind = json_kind::boolean;
                return literal("false");
            case 'n':
                kind = json_kind::null;
                return literal("null");
            default:
                kind = json_kind::number;
                return number();
        }
    }

    // At '{'. Only the top-level object hands its members to a sink.
    bool object(std::size_t depth, member_sink* sink) {
        if (!enter(depth)) return false;
        ++p_;
        skip_whitespace();
        if (at('}')) {
            ++p_;
            return true;
        }
        for (;;) {
            if (!at('"')) return false;
            char const* key = p_;
            if (!string()) return false;
            char const* key_end = p_;
            skip_whitespace();
            if (!at(':')) return false;
            ++p_;
            skip_whitespace();
            char const* start = p_;
            json_kind kind{};
            if (!value(depth, kind)) return false;
            if (sink) {
                if (sink->count == sink->members.size()) return false;
                sink->members[sink->count++] = {slice(key + 1, key_end - 1), slice(start, p_),
                                                kind};
            }
            skip_whitespace();
            if (at(',')) {
                ++p_;
                skip_whitespace();
                continue;
            }
            if (!at('}')) return false;
            ++p_;
            return true;
        }
    }

    // At '['.
    bool array(std::size_t depth) {
        if (!enter(depth)) return false;
        ++p_;
        skip_whitespace();
        if (at(']')) {
            ++p_;
            return true;
        }
        for (;;) {
            json_kind kind{};
            if (!value(depth, kind)) return false;
            skip_whitespace();
            if (at(',')) {
                ++p_;
                skip_whitespace();
                continue;
            }
            if (!at(']')) return false;
            ++p_;
            return true;
        }
    }

    // At the opening quote; ends past the closing one.
    bool string() {
        ++p_;
        while (p_ != end_) {
            switch (string_bytes[static_cast<unsigned char>(*p_)]) {
                case string_byte::plain:
                    ++p_;
                    break;
                case string_byte::quote:
                    ++p_;
                    return true;
                case string_byte::control:
                    return false;
                case string_byte::backslash:
                    if (!escape()) return false;
                    break;
                case string_byte::multibyte: {
                    auto length = decode_utf8(rest()).length;
                    if (length == 0) return false;
                    p_ += length;
                    break;
                }
            }
        }
        return false;
    }

    // At a backslash. A \u escape of a UTF-16 surrogate must be the high half followed at once
    // by the low half: nlohmann refuses a lone one, which no UTF-8 text could hold.
    bool escape() {
        ++p_;
        if (p_ == end_) return false;
        switch (*p_++) {
            case '"':
            case '\\':
            case '/':
            case 'b':
            case 'f':
            case 'n':
            case 'r':
            case 't':
                return true;
            case 'u':
                break;
            default:
                return false;
        }
        auto unit = hex4();
        if (!unit || (*unit >= 0xDC00 && *unit <= 0xDFFF)) return false;
        if (*unit < 0xD800 || *unit > 0xDBFF) return true;
        if (!rest().starts_with("\\u")) return false;
        p_ += 2;
        auto low = hex4();
        return low && *low >= 0xDC00 && *low <= 0xDFFF;
    }

    std::optional<unsigned> hex4() {
        if (end_ - p_ < 4) return std::nullopt;
        unsigned out = 0;
        for (int i = 0; i < 4; ++i, ++p_) {
            char const c = *p_;
            unsigned digit = 0;
            if (c >= '0' && c <= '9') {
                digit = static_cast<unsigned>(c - '0');
            } else if (c >= 'a' && c <= 'f') {
                digit = static_cast<unsigned>(c - 'a' + 10);
            } else if (c >= 'A' && c <= 'F') {
                digit = static_cast<unsigned>(c - 'A' + 10);
            } else {
                return std::nullopt;
            }
            out = out << 4 | digit;
        }
        return out;
    }

    long digits() {
        char const* start = p_;
        while (at_digit()) ++p_;
        return static_cast<long>(p_ - start);
    }

    // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?; vouched for below 10^max_vouched_magnitude.
    bool number() {
        if (at('-')) ++p_;
        long magnitude = 0;  // the value is below 10^magnitude
        if (at('0')) {
            ++p_;
            magnitude = 1;
        } else if (at_digit()) {
            magnitude = digits();
        } else {
            return false;
        }
        if (at('.')) {
            ++p_;
            if (digits() == 0) return false;
        }
        if (at('e') || at('E')) {
            ++p_;
            bool negative = false;
            if (at('+') || at('-')) negative = *p_++ == '-';
            if (!at_digit()) return false;
            long exponent = 0;
            for (; at_digit(); ++p_) exponent = std::min(exponent * 10 + (*p_ - '0'), 100'000L);
            magnitude += negative ? -exponent : exponent;
        }
        if (magnitude > max_vouched_magnitude) vouched_ = false;
        return true;
    }

    bool literal(std::string_view word) {
        if (!rest().starts_with(word)) return false;
        p_ += word.size();
        return true;
    }

    char const* p_;
    char const* end_;
    std::size_t max_depth_;
    bool too_deep_ = false;
    bool vouched_ = true;
};

}  // namespace

std::optional<std::size_t> scan_object(std::string_view text, std::size_t max_depth,
                                       std::span<json_member> members) {
    scanner scan(text, max_depth);
    scanner::member_sink sink{members};
    if (!scan.document(&sink) || !scan.vouched()) return std::nullopt;
    return sink.count;
}

bool nests_deeper_than(std::string_view text, std::size_t max_depth) {
    scanner scan(text, max_depth);
    return !scan.document(nullptr) && scan.too_deep();
}

}  // namespace duet::text
