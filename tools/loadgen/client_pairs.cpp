#include "client_pairs.hpp"

namespace loadgen {

client_pairs::client_pairs(net::io_context& ioc, options const& opts, std::string const& tag,
                           std::size_t first, std::size_t count, handler on_a, handler on_b)
    : ioc_(ioc), pairs_(count) {
    for (std::size_t k = 0; k < pairs_.size(); ++k) {
        auto& p = pairs_[k];
        auto const i = first + k;
        p.index = k;
        p.a_name = opts.prefix + tag + "a" + std::to_string(i);
        p.b_name = opts.prefix + tag + "b" + std::to_string(i);
        p.a = std::make_shared<lean_client>(ioc, opts.where);
        p.b = std::make_shared<lean_client>(ioc, opts.where);

        // Frames before the login reply (a server's greeting) are skipped.
        auto on_login = [this, &p](bool& flag, std::string_view frame) {
            if (flag || !has_type(frame, "login")) return false;
            flag = true;
            if (frame.find("\"success\":true") == std::string_view::npos) ++failed_;
            if (p.a_in && p.b_in) ++ready_;
            return true;
        };
        p.a->on_message([&p, on_login, on_a](std::string_view frame) {
            if (!on_login(p.a_in, frame) && p.a_in) on_a(p, frame);
        });
        p.b->on_message([&p, on_login, on_b](std::string_view frame) {
            if (!on_login(p.b_in, frame) && p.b_in) on_b(p, frame);
        });
        for (auto* side : {&p.a, &p.b}) {
            auto c = *side;
            c->on_close([this] { ++failed_; });
            std::string name = side == &p.a ? p.a_name : p.b_name;
            c->connect([c, name](error_code ec) {
                if (!ec) c->send(R"({"type":"login","name":")" + name + "\"}");
            });
        }
    }
}

bool client_pairs::sign_in() {
    auto const wanted = static_cast<int>(pairs_.size());
    return run_until(ioc_, [&] { return ready_ == wanted || failed_ > 0; }, 60) && failed_ == 0;
}

void client_pairs::close_all() {
    for (auto& p : pairs_) {
        for (auto* c : {&p.a, &p.b}) {
            (*c)->on_close({});
            (*c)->close();
        }
    }
    run_for(ioc_, 0.5);
}

}  // namespace loadgen
