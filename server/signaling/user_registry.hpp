// The registry interface, so a backend shared by several server processes can replace the
// local one (local_registry.cpp) without the signaling rules noticing. Its operations are
// asynchronous: with a shared backend an answer may need a round trip to another process.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>

#include "signaling/presence_update.hpp"
#include "signaling/recipient.hpp"

namespace duet {

// A handler and the connection whose executor it belongs to (null: none), as one argument.
template <class Handler>
struct continuation {
    Handler handler;
    recipient* on = nullptr;
};

// An operation's result, handed to later() from wherever a backend's answer arrives: posted to
// the executor of `on` (recipient::post), the connection that started the operation; with no
// `on` (work that belongs to no connection) it runs where later() was called. It owns the
// handler: a backend keeps it for as long as its answer takes.
template <class Result>
class deferred_completion {
  public:
    deferred_completion(std::function<void(Result)> handler, recipient* on)
        : handler_(std::move(handler)), on_(on) {}

    void later(Result result) {
        if (!on_) return handler_(std::move(result));
        on_->post([handler = std::move(handler_), result = std::move(result)]() mutable {
            handler(std::move(result));
        });
    }

  private:
    std::function<void(Result)> handler_;
    recipient* on_;
};

// An operation's result on its way back to whoever started it. A backend calls it exactly
// once, in one of two ways:
// - now(): inside the operation, before it returns (immediate completion: the local
//   registry). The caller is still on its connection's executor, so the result is too.
// - std::move(done).defer(), inside the operation, and later() on what it gives back, once
//   the answer is in (a shared backend).
// A completion only refers to its handler, which lives in the caller's expression until the
// operation returns: now() costs no allocation (the local registry's relay path makes none),
// and only defer() moves the handler to the heap, for a backend that answers after returning.
// The handler owns whatever must outlive the operation (the connection, when it touches it).
template <class Result>
class completion {
  public:
    template <class Handler,
              class = std::enable_if_t<!std::is_same_v<std::decay_t<Handler>, completion>>>
    completion(Handler&& handler, recipient* on = nullptr)  // NOLINT: implicit on purpose
        : handler_(const_cast<void*>(static_cast<void const*>(std::addressof(handler)))),
          call_(&call<std::remove_reference_t<Handler>>),
          take_(&take<std::remove_reference_t<Handler>>),
          on_(on) {}

    template <class Handler>
    completion(continuation<Handler>&& c)  // NOLINT: implicit on purpose
        : completion(c.handler, c.on) {}

    void now(Result result) { call_(handler_, std::move(result)); }

    // Takes the handler over, so the result can be given after the operation has returned.
    deferred_completion<Result> defer() && { return {take_(handler_), on_}; }

  private:
    template <class Handler>
    static void call(void* handler, Result&& result) {
        (*static_cast<Handler*>(handler))(std::move(result));
    }
    template <class Handler>
    static std::function<void(Result)> take(void* handler) {
        return std::move(*static_cast<Handler*>(handler));
    }

    void* handler_;
    void (*call_)(void*, Result&&);
    std::function<void(Result)> (*take_)(void*);
    recipient* on_;
};

// Who is signed in, and who is in a call with whom. Every signaling session shares one.
//
// The interface is small on purpose: a backend shared by several server processes is planned,
// so callers never see the container, and every operation that touches two users is one call
// (atomic under the implementation's lock, or one script in a shared store). Implementations
// never perform I/O while locked; they hand recipients back and the caller sends.
//
// Every operation completes through a completion (above). Two operations started one after
// the other by the same caller complete in that order; the signaling handler starts a
// connection's next operation only after the one before completed anyway (signaling_handler.hpp).
//
// "In a call" means linked: a user's partner is the user it rings, is rung by, or talks to
// (docs/call_control.md). A user with a partner is busy. The registry sends nothing itself:
// every operation that changes who is online, busy or available returns the change as a
// presence_update (only the registry knows every subscriber and the changes' order), and the
// caller hands it to the presence component, which sends it (presence.hpp). Every update
// returned must reach it, empty ones aside: it sends them in the order they were numbered.
class user_registry {
  public:
    virtual ~user_registry() = default;

    // What a login declares besides its name.
    struct sign_in {
        bool rings = false;  // understands call, accept and missed (protocol::feature::ring)
        // After a reconnect, the user this one is still in a call with (login `peer`). The
        // two are linked again once each has asked for the other (or the other still names
        // us), so a partner who already saw us leave is never pulled back into a call it
        // ended. Until then, or until it leaves that call, this user counts as busy.
        std::string partner;
    };

    struct claim_result {
        bool ok = false;
        // Not refused: the registry could not be asked (a shared backend out of reach).
        bool unavailable = false;
        std::shared_ptr<recipient> replaced;  // the connection that held the name until now
        bool relinked = false;                // linked with sign_in::partner again, now
        presence_update presence;
    };

    // Signs `who` in as `name` with `new_token` as the name's secret. A name that is taken
    // can be claimed only by presenting the token its holder was given; the holder is then
    // replaced and its call, if any, carries over, with no offline moment in between.
    virtual void claim(std::string const& name, std::string const& presented_token,
                       std::string const& new_token, std::shared_ptr<recipient> const& who,
                       sign_in const& how, completion<claim_result> done) = 0;

    struct removal {
        // The partner that was in a call with the removed name (and whose own partner it was),
        // so the caller can tell it; null when none.
        std::shared_ptr<recipient> partner;
        std::string partner_name;
        presence_update presence;
    };

    // Removes `name` if it still belongs to `who`; every link to it is cleared.
    virtual void remove(std::string const& name, recipient const* who,
                        completion<removal> done) = 0;

    // Removes `name` if it is still the sign-in that was given `token` (nobody reclaimed it
    // since), as remove() does. For a connection that dropped while in a call: its entry
    // stays, busy and linked, so the user can reclaim it with the token and keep the call.
    virtual void expire(std::string const& name, std::string const& token,
                        completion<removal> done) = 0;

    // The connection signed in as `name`, or null.
    virtual void find(std::string const& name,
                      completion<std::shared_ptr<recipient>> done) const = 0;

    struct call_result {
        enum class outcome {
            ringing,          // now linked both ways; `callee` is to be rung (or auto-accepted)
            busy,             // `to` is linked with someone else; `callee` may be told
            already_in_call,  // `from` is linked with `partner`
            not_online,       // `to` is not signed in
            not_signed_in,    // `from` is not (its name was reclaimed meanwhile)
        };
        outcome result = outcome::not_online;
        std::shared_ptr<recipient> callee;
        bool callee_rings = false;  // the callee declared sign_in::rings
        std::string partner;
        presence_update presence;
    };

    // `from` rings `to`: links the two both ways unless either is linked with someone else.
    virtual void call(std::string const& from, std::string const& to,
                      completion<call_result> done) = 0;

    // The connection of `to` when `from` and `to` are linked to each other (there is a ring
    // for `from` to accept), else null.
    virtual void linked_recipient(std::string const& from, std::string const& to,
                                  completion<std::shared_ptr<recipient>> done) const = 0;

    // `from` is now talking to `to` (a tutorial offer or answer); `to` takes `from` as its
    // partner unless it already has one.
    virtual void link(std::string const& from, std::string const& to,
                      completion<presence_update> done) = 0;

    // Ends the call between `from` and `to`: clears each side's partner if it is the other.
    virtual void unlink(std::string const& from, std::string const& to,
                        completion<presence_update> done) = 0;

    // Empty when `name` is not in a call (or not online).
    virtual void partner_of(std::string const& name, completion<std::string> done) const = 0;

    // Subscribes `who`, signed in as `name`, to every change after this one, and returns the
    // full list for it. Call it after the login reply has been sent, so the list follows it.
    // The list and the changes are those of a window: the first names online that start with
    // a prefix, "" at first (presence_directory.hpp).
    virtual void subscribe(std::string const& name, std::shared_ptr<recipient> const& who,
                           completion<presence_update> done) = 0;

    // `who`, signed in and subscribed as `name`, moves its window to `prefix`: its full list
    // of that window, then the changes to it. Nothing for a connection that is not subscribed.
    virtual void search(std::string const& name, std::shared_ptr<recipient> const& who,
                        std::string const& prefix, completion<presence_update> done) = 0;

    // Users signed in (through this process, for a shared backend): for logs and tests.
    virtual std::size_t size() const = 0;

    // Whether operations can be answered now (`/readyz`); a shared backend that cannot reach
    // its store is not, and its operations complete with nothing found or changed.
    virtual bool usable() const { return true; }
};

// The in-process backend (local_registry.cpp): one mutex, one map, one server process.
// `presence_window`: the most names a presence list holds (presence_directory.hpp).
std::unique_ptr<user_registry> make_local_registry(std::size_t presence_window = 100);

}  // namespace duet
