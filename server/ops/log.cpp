#include "ops/log.hpp"

#include <cstdio>
#include <mutex>
#include <string>

namespace duet {

void log_line(std::string_view what) {
    static std::mutex mutex;
    std::lock_guard lock(mutex);
    std::fwrite(what.data(), 1, what.size(), stderr);
    std::fputc('\n', stderr);
}

void log_failure(error_code ec, char const* what) {
    if (ec == net::error::operation_aborted || ec == websocket::error::closed ||
        ec == beast::error::timeout || ec == net::error::eof ||
        ec == net::error::connection_reset || ec == net::error::not_connected ||
        ec == net::error::broken_pipe || ec == http::error::end_of_stream ||
        ec == ssl::error::stream_truncated) {
        return;
    }
    log_line(std::string(what) + ": " + ec.message());
}

}  // namespace duet
