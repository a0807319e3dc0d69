// The socket re-registration behind executor_policy::start_signaling.
#include "net/executor_policy.hpp"

#include <unistd.h>

namespace duet {

// The same connection, re-registered under the io_context's own executor type.
std::optional<single_thread_socket> executor_policy::to_single_thread_socket(
    plain_stream&& stream) {
    auto& ioc = static_cast<net::io_context&>(
        net::query(stream.get_executor(), net::execution::context));
    auto socket = stream.release_socket();
    error_code ec;
    auto const protocol = socket.local_endpoint(ec).protocol();
    if (ec) return std::nullopt;
    auto handle = socket.release(ec);
    if (ec) return std::nullopt;
    single_thread_socket out(ioc.get_executor());
    out.assign(protocol, handle, ec);
    if (ec) {
        ::close(handle);
        return std::nullopt;
    }
    return out;
}

}  // namespace duet
