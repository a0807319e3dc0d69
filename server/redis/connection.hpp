// One connection to Redis, kept up: commands in, replies out as values, and pub/sub.
//
// Built on hiredis' asynchronous context (the only C client Debian ships; Boost.Redis needs
// Boost 1.84, Debian has 1.81) driven by the io_context through asio_events. Commands are
// pipelined: each goes out as soon as it is given and replies come back in the order the
// commands were given. Everything runs on the connection's executor (a strand when several
// threads run the io_context); the public functions may be called from any thread.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "redis/reply.hpp"

struct redisAsyncContext;

namespace duet::redis {

struct endpoint {
    std::string host = "127.0.0.1";  // an IP address: a name would need a blocking lookup
    unsigned short port = 6379;
    int database = 0;
};

// redis://HOST:PORT/DB (PORT and /DB optional); nullopt-like empty host when malformed.
std::optional<endpoint> parse_url(std::string const& url);

// Retry delays after a failed or lost connection: first, doubling up to the cap.
struct retry_delays {
    std::chrono::milliseconds first{100};
    std::chrono::milliseconds cap{2000};
};

class connection : public std::enable_shared_from_this<connection> {
  public:
    using reply_handler = std::function<void(command_result)>;
    using message_handler = std::function<void(std::string const& channel, std::string payload)>;
    using state_handler = std::function<void(bool up)>;

    static std::shared_ptr<connection> create(boost::asio::any_io_executor executor, endpoint where,
                                              retry_delays delays = {});
    ~connection();
    connection(connection const&) = delete;
    connection& operator=(connection const&) = delete;

    // Connects, and connects again whenever the connection is refused or lost, until stop().
    // `on_state` hears each change (true: connected, after SELECT; false: lost), on the
    // connection's executor.
    void start(state_handler on_state = {});
    // Closes the connection: commands in flight complete with connection_lost.
    void stop();
    // stop(), done on the calling thread: only once nothing runs the executor any more (after
    // io_context::run has returned), so the connection lets go of it before it is destroyed.
    void stop_here();

    // Sends one command (its arguments as they are: no quoting, binary-safe). `done` runs on
    // the connection's executor with the reply, exactly once. Not connected: not_connected at
    // once (posted), never queued for later: the caller decides whether to retry.
    void command(std::vector<std::string> args, reply_handler done);

    // Subscribes to `channel` (again after every reconnect): `on_message` gets what is
    // published there. A connection that subscribes is used for nothing else (Redis' rule).
    void subscribe(std::string channel, message_handler on_message);

    bool connected() const { return up_; }
    boost::asio::any_io_executor const& executor() const { return executor_; }

  private:
    connection(boost::asio::any_io_executor executor, endpoint where, retry_delays delays);

    void connect();
    void retry_later();
    void send(std::vector<std::string> const& args, reply_handler done);
    void send_subscribe(std::string const& channel);
    void set_up(bool up);

    static void on_connect(redisAsyncContext const* c, int status);
    static void on_disconnect(redisAsyncContext const* c, int status);
    static void on_reply(redisAsyncContext* c, void* reply, void* privdata);
    static void on_published(redisAsyncContext* c, void* reply, void* privdata);

    boost::asio::any_io_executor executor_;
    endpoint where_;
    retry_delays delays_;
    std::chrono::milliseconds next_delay_;
    boost::asio::steady_timer timer_;
    redisAsyncContext* context_ = nullptr;  // null between connections
    bool running_ = false;
    bool up_ = false;  // connected and selected: commands may go
    state_handler on_state_;
    std::map<std::string, message_handler> subscriptions_;
};

}  // namespace duet::redis
