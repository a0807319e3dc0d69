// The cluster's name bindings in Redis: see redis_bindings.hpp.
#include "cluster/redis_bindings.hpp"

#include <atomic>
#include <boost/asio/strand.hpp>
#include <string>
#include <utility>
#include <vector>

#include "cluster/script_runner.hpp"

namespace duet::cluster {

namespace {

using redis::command_result;

std::string const& bind_script() {
    // ARGV: account, base name. The account's name when it has one; else the base, or the
    // base with 2, 3, ... added, whichever SETNX finds free first; the account's record last.
    static std::string const text = R"lua(
local account, base = ARGV[1], ARGV[2]
local had = redis.call('GET', 'duet:account:' .. account)
if had then return had end
local chosen, n = base, 1
while redis.call('SETNX', 'duet:bound:' .. chosen, account) == 0 do
  n = n + 1
  chosen = base .. n
end
redis.call('SET', 'duet:account:' .. account, chosen)
return chosen
)lua";
    return text;
}

class bindings_in_redis final : public redis_bindings {
  public:
    explicit bindings_in_redis(redis::endpoint where) : where_(std::move(where)) {}

    void start(boost::asio::any_io_executor executor) override {
        connection_ = redis::connection::create(boost::asio::make_strand(executor), where_);
        connection_->start();
    }

    void stop() override {
        stopped_ = true;
        if (connection_) connection_->stop_here();
        connection_.reset();
    }

    void holder_of(std::string const& name, completion<name_holder> done) const override {
        auto later = std::move(done).defer();
        auto c = connection_;
        if (stopped_ || !c) return later.later({{}, true});
        c->command({"GET", "duet:bound:" + name},
                   [later = std::move(later)](command_result r) mutable {
                       auto holder = redis::as_optional_string(r);
                       if (!holder) return later.later({{}, true});
                       later.later({holder.value->value_or(std::string{}), false});
                   });
    }

    void bind(std::string const& account, std::vector<std::string> const& candidates,
              std::function<void(identity::result<std::string>)> done) override {
        using out_type = identity::result<std::string>;
        auto c = connection_;
        if (stopped_ || !c) return done(unreachable());
        // As name_bindings::bind: the best candidate; the others are for when it is invalid,
        // which name_candidates already dropped.
        auto base = candidates.empty() ? std::string("user") : candidates.front();
        run_script(c, bind_script(), {account, std::move(base)},
                   [done = std::move(done)](command_result r) {
                       auto name = redis::as_string(r);
                       if (!name || name.value->empty()) return done(unreachable());
                       done(out_type::ok(std::move(*name.value)));
                   });
    }

  private:
    static identity::result<std::string> unreachable() {
        return identity::result<std::string>::fail(
            identity::error_code::unavailable,
            "the server cannot reach its accounts directory now; try again shortly");
    }

    redis::endpoint where_;
    std::shared_ptr<redis::connection> connection_;
    std::atomic<bool> stopped_{false};
};

}  // namespace

std::unique_ptr<redis_bindings> make_redis_bindings(redis::endpoint where) {
    return std::make_unique<bindings_in_redis>(std::move(where));
}

}  // namespace duet::cluster
