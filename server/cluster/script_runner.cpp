// EVALSHA with the NOSCRIPT fallback: see script_runner.hpp.
#include "cluster/script_runner.hpp"

#include <openssl/sha.h>

#include <array>
#include <mutex>
#include <unordered_map>
#include <utility>

#include "cluster/registry_scripts.hpp"

namespace duet::cluster {

std::string script_sha1(std::string const& text) {
    std::array<unsigned char, SHA_DIGEST_LENGTH> digest{};
    SHA1(reinterpret_cast<unsigned char const*>(text.data()), text.size(), digest.data());
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (auto byte : digest) {
        out.push_back(hex[byte >> 4]);
        out.push_back(hex[byte & 0xF]);
    }
    return out;
}

namespace {

// The scripts are static strings: their hashes are worked out once, whichever thread asks.
std::string const& sha_of(std::string const& script) {
    static std::mutex mutex;
    static std::unordered_map<std::string const*, std::string> known;
    std::lock_guard lock(mutex);
    auto [it, fresh] = known.try_emplace(&script);
    if (fresh) it->second = script_sha1(script);
    return it->second;
}

bool is_noscript(redis::command_result const& r) {
    return r.error == redis::failure::server_error && r.message.rfind("NOSCRIPT", 0) == 0;
}

}  // namespace

std::vector<std::string> texts(redis::command_result const& r) {
    std::vector<std::string> out;
    auto array = redis::as_array(r);
    if (!array) return out;
    for (auto const& e : *array.value) {
        out.push_back(e.type == redis::reply::kind::integer ? std::to_string(e.integer) : e.text);
    }
    return out;
}

std::string at(std::vector<std::string> const& v, std::size_t i) {
    return i < v.size() ? v[i] : std::string{};
}

void load_scripts(redis::connection& c, redis::connection::reply_handler done) {
    std::string const* all[] = {&scripts::claim(), &scripts::remove(), &scripts::expire(),
                                &scripts::find(),  &scripts::call(),   &scripts::linked(),
                                &scripts::link(),  &scripts::unlink(), &scripts::list(),
                                &scripts::sweep()};
    for (auto const* script : all) {
        bool const last = script == all[std::size(all) - 1];
        c.command({"SCRIPT", "LOAD", *script},
                  last && done ? std::move(done)
                               : redis::connection::reply_handler([](redis::command_result) {}));
    }
}

void run_script(std::shared_ptr<redis::connection> const& c, std::string const& script,
                std::vector<std::string> args, redis::connection::reply_handler done) {
    std::vector<std::string> command{"EVALSHA", sha_of(script), "0"};
    command.insert(command.end(), args.begin(), args.end());
    c->command(std::move(command), [weak = std::weak_ptr(c), &script, args = std::move(args),
                                    done = std::move(done)](redis::command_result r) mutable {
        auto again = weak.lock();
        if (!is_noscript(r) || !again) return done(std::move(r));
        std::vector<std::string> whole{"EVAL", script, "0"};
        whole.insert(whole.end(), std::make_move_iterator(args.begin()),
                     std::make_move_iterator(args.end()));
        again->command(std::move(whole), std::move(done));
    });
}

}  // namespace duet::cluster
