// A kept-up Redis connection over hiredis: see connection.hpp.
#include "redis/connection.hpp"

#include <hiredis/async.h>
#include <hiredis/hiredis.h>

#include <algorithm>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <charconv>

#include "redis/asio_events.hpp"

namespace duet::redis {

namespace net = boost::asio;

namespace {

reply copy(redisReply const& r) {
    reply out;
    switch (r.type) {
        case REDIS_REPLY_STRING:
            out.type = reply::kind::string;
            break;
        case REDIS_REPLY_ARRAY:
            out.type = reply::kind::array;
            break;
        case REDIS_REPLY_INTEGER:
            out.type = reply::kind::integer;
            break;
        case REDIS_REPLY_STATUS:
            out.type = reply::kind::status;
            break;
        case REDIS_REPLY_ERROR:
            out.type = reply::kind::error;
            break;
        default:
            out.type = reply::kind::nil;
            break;
    }
    if (r.str) out.text.assign(r.str, r.len);
    out.integer = r.integer;
    out.elements.reserve(r.elements);
    for (std::size_t i = 0; i < r.elements; ++i) out.elements.push_back(copy(*r.element[i]));
    return out;
}

std::string why(redisAsyncContext const* c, char const* otherwise) {
    return c && c->errstr[0] ? std::string(c->errstr) : std::string(otherwise);
}

}  // namespace

std::optional<endpoint> parse_url(std::string const& url) {
    std::string_view rest(url);
    constexpr std::string_view scheme = "redis://";
    if (rest.substr(0, scheme.size()) != scheme) return std::nullopt;
    rest.remove_prefix(scheme.size());
    endpoint out;
    auto slash = rest.find('/');
    auto authority = rest.substr(0, slash);
    auto colon = authority.rfind(':');
    out.host = std::string(authority.substr(0, colon));
    if (out.host.empty()) return std::nullopt;
    auto number = [](std::string_view text, auto& value) {
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        return ec == std::errc() && end == text.data() + text.size() && !text.empty();
    };
    if (colon != std::string_view::npos && !number(authority.substr(colon + 1), out.port)) {
        return std::nullopt;
    }
    if (slash != std::string_view::npos && slash + 1 < rest.size() &&
        !number(rest.substr(slash + 1), out.database)) {
        return std::nullopt;
    }
    return out;
}

std::shared_ptr<connection> connection::create(net::any_io_executor executor, endpoint where,
                                               retry_delays delays) {
    return std::shared_ptr<connection>(
        new connection(std::move(executor), std::move(where), delays));
}

connection::connection(net::any_io_executor executor, endpoint where, retry_delays delays)
    : executor_(std::move(executor)),
      where_(std::move(where)),
      delays_(delays),
      next_delay_(delays.first),
      timer_(executor_) {}

connection::~connection() {
    running_ = false;
    on_state_ = nullptr;
    if (context_) redisAsyncFree(context_);
}

void connection::start(state_handler on_state) {
    net::dispatch(executor_, [self = shared_from_this(), on_state = std::move(on_state)]() mutable {
        if (self->running_) return;
        self->running_ = true;
        self->on_state_ = std::move(on_state);
        self->connect();
    });
}

void connection::stop() {
    net::dispatch(executor_, [self = shared_from_this()] { self->stop_here(); });
}

void connection::stop_here() {
    running_ = false;
    timer_.cancel();
    // Replies still owed complete with connection_lost; on_disconnect clears context_.
    if (context_) redisAsyncFree(context_);
    context_ = nullptr;
    set_up(false);
}

void connection::connect() {
    // With an IP address hiredis connects without blocking: the connect completes (or fails)
    // when the socket turns writable, watched by asio_events.
    context_ = redisAsyncConnect(where_.host.c_str(), where_.port);
    if (!context_ || context_->err) {
        if (context_) redisAsyncFree(context_);
        context_ = nullptr;
        return retry_later();
    }
    context_->data = this;
    redisAsyncSetConnectCallback(context_, &connection::on_connect);
    redisAsyncSetDisconnectCallback(context_, &connection::on_disconnect);
    attach(context_, executor_);
}

void connection::retry_later() {
    if (!running_) return;
    timer_.expires_after(next_delay_);
    next_delay_ = std::min(next_delay_ * 2, delays_.cap);
    timer_.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
        auto self = weak.lock();
        if (ec || !self || !self->running_ || self->context_) return;
        self->connect();
    });
}

void connection::on_connect(redisAsyncContext const* c, int status) {
    auto* self = static_cast<connection*>(c->data);
    if (status != REDIS_OK) {
        // hiredis frees the context when this returns.
        self->context_ = nullptr;
        return self->retry_later();
    }
    self->next_delay_ = self->delays_.first;
    self->up_ = true;
    // Pipelined ahead of everything else, so every later command runs in the database; and
    // before anyone hears the connection is up.
    if (self->where_.database != 0) {
        self->send({"SELECT", std::to_string(self->where_.database)}, [](command_result) {});
    }
    for (auto const& [channel, _] : self->subscriptions_) self->send_subscribe(channel);
    if (self->on_state_) self->on_state_(true);
}

void connection::on_disconnect(redisAsyncContext const* c, int) {
    auto* self = static_cast<connection*>(c->data);
    // hiredis frees the context when this returns.
    self->context_ = nullptr;
    self->set_up(false);
    self->retry_later();
}

void connection::set_up(bool up) {
    if (up_ == up) return;
    up_ = up;
    if (on_state_) on_state_(up);
}

void connection::command(std::vector<std::string> args, reply_handler done) {
    net::dispatch(executor_,
                  [self = shared_from_this(), args = std::move(args),
                   done = std::move(done)]() mutable { self->send(args, std::move(done)); });
}

void connection::send(std::vector<std::string> const& args, reply_handler done) {
    auto refuse = [this](reply_handler refused, std::string what) {
        net::post(executor_, [refused = std::move(refused), what = std::move(what)] {
            refused(command_result::failed(failure::not_connected, what));
        });
    };
    if (!context_ || !up_ || args.empty()) {
        return refuse(std::move(done), "not connected to Redis");
    }
    std::vector<char const*> argv;
    std::vector<std::size_t> lengths;
    argv.reserve(args.size());
    lengths.reserve(args.size());
    for (auto const& a : args) {
        argv.push_back(a.data());
        lengths.push_back(a.size());
    }
    auto* pending = new reply_handler(std::move(done));
    if (redisAsyncCommandArgv(context_, &connection::on_reply, pending,
                              static_cast<int>(argv.size()), argv.data(),
                              lengths.data()) != REDIS_OK) {
        std::unique_ptr<reply_handler> owned(pending);
        refuse(std::move(*owned), why(context_, "Redis connection closing"));
    }
}

void connection::on_reply(redisAsyncContext* c, void* r, void* privdata) {
    std::unique_ptr<reply_handler> done(static_cast<reply_handler*>(privdata));
    if (!r) {
        // The connection went (or was closed) before this command's reply.
        return (*done)(
            command_result::failed(failure::connection_lost, why(c, "connection to Redis lost")));
    }
    auto value = copy(*static_cast<redisReply*>(r));
    if (value.type == reply::kind::error) {
        return (*done)(command_result::failed(failure::server_error, std::move(value.text)));
    }
    (*done)(command_result{std::move(value), failure::none, {}});
}

void connection::subscribe(std::string channel, message_handler on_message) {
    net::dispatch(executor_, [self = shared_from_this(), channel = std::move(channel),
                              on_message = std::move(on_message)]() mutable {
        self->subscriptions_.insert_or_assign(channel, std::move(on_message));
        if (self->up_) self->send_subscribe(channel);
    });
}

void connection::send_subscribe(std::string const& channel) {
    char const* argv[] = {"SUBSCRIBE", channel.data()};
    std::size_t lengths[] = {9, channel.size()};
    redisAsyncCommandArgv(context_, &connection::on_published, nullptr, 2, argv, lengths);
}

void connection::on_published(redisAsyncContext* c, void* r, void*) {
    auto* self = static_cast<connection*>(c->data);
    auto const* m = static_cast<redisReply const*>(r);
    if (!self || !m || m->type != REDIS_REPLY_ARRAY || m->elements != 3) return;
    auto const* kind = m->element[0];
    if (kind->type != REDIS_REPLY_STRING || std::string_view(kind->str, kind->len) != "message") {
        return;  // the subscription's confirmation
    }
    std::string channel(m->element[1]->str, m->element[1]->len);
    auto it = self->subscriptions_.find(channel);
    if (it == self->subscriptions_.end()) return;
    it->second(channel, std::string(m->element[2]->str, m->element[2]->len));
}

}  // namespace duet::redis
