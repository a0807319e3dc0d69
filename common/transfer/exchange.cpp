// The files of one call (exchange.hpp).
#include "transfer/exchange.hpp"

#include <algorithm>
#include <utility>

#include "transfer/frame.hpp"
#include "transfer/limits.hpp"

namespace duet::transfer {

char const* to_string(direction d) { return d == direction::out ? "out" : "in"; }

char const* to_string(state s) {
    switch (s) {
        case state::waiting:
            return "waiting";
        case state::queued:
            return "queued";
        case state::active:
            return "active";
        case state::done:
            return "done";
        case state::declined:
            return "declined";
        case state::cancelled:
            return "cancelled";
        case state::failed:
            return "failed";
    }
    return "failed";
}

bool finished(state s) {
    return s == state::done || s == state::declined || s == state::cancelled || s == state::failed;
}

char const* to_string(notice n) {
    switch (n) {
        case notice::none:
            return "";
        case notice::not_available:
            return "not_available";
        case notice::too_many:
            return "too_many";
        case notice::bad_offer:
            return "bad_offer";
        case notice::unknown_id:
            return "unknown_id";
        case notice::busy:
            return "busy";
        case notice::mismatch:
            return "mismatch";
        case notice::too_much_data:
            return "too_much_data";
        case notice::read_failed:
            return "read_failed";
    }
    return "";
}

effects exchange::start() {
    effects out;
    for (auto const& it : items_) {
        if (!it.url.empty()) out.push_back(effect::revoke{it.url});
    }
    stop_all(out);
    items_.clear();
    notice_ = notice::none;
    notice_name_.clear();
    ++revision_;
    return out;
}

std::string exchange::on_channel_open() {
    channel_open_ = true;
    ++revision_;
    return encode(hello{});
}

effects exchange::on_channel_closed() {
    effects out;
    channel_open_ = false;
    partner_ready_ = false;
    stop_all(out);
    ++revision_;
    return out;
}

effects exchange::on_call_over() {
    effects out = on_channel_closed();
    for (auto& it : items_) {
        if (!it.url.empty()) out.push_back(effect::revoke{std::exchange(it.url, {})});
    }
    return out;
}

effects exchange::add(std::string_view name, std::uint64_t size, std::string_view mime, int file) {
    effects out;
    auto unfinished = std::count_if(items_.begin(), items_.end(), [](item const& it) {
        return it.dir == direction::out && !finished(it.now);
    });
    if (!available()) {
        set_notice(notice::not_available, name);
    } else if (check_offer(name, size) != offer_problem::none) {
        set_notice(notice::bad_offer, name);
    } else if (std::size_t(unfinished) >= max_outgoing) {
        set_notice(notice::too_many, name);
    } else {
        item it;
        it.id = next_id_++;
        it.dir = direction::out;
        it.name = std::string(name);
        it.size = size;
        it.mime = safe_mime(mime);
        it.now = state::queued;
        it.file = file;
        items_.push_back(std::move(it));
        ++revision_;
        offer_next(out);
        trim(out);
        return out;
    }
    out.push_back(effect::forget_file{file});
    return out;
}

effects exchange::accept(std::uint64_t id) {
    effects out;
    item* it = find(direction::in, id);
    if (!it || it->now != state::waiting || !channel_open_) return out;
    it->now = state::active;
    it->rate.reset();
    out.push_back(effect::start_receiving{id, it->size});
    out.push_back(effect::send{encode(transfer::accept{id})});
    ++revision_;
    return out;
}

effects exchange::decline(std::uint64_t id) {
    effects out;
    item* it = find(direction::in, id);
    if (!it || it->now != state::waiting) return out;
    out.push_back(effect::send{encode(transfer::decline{id})});
    finish(*it, state::declined, out);
    return out;
}

effects exchange::cancel(direction dir, std::uint64_t id) {
    effects out;
    item* it = find(dir, id);
    if (!it || finished(it->now)) return out;
    if (it->now != state::queued) out.push_back(effect::send{encode(transfer::cancel{id})});
    finish(*it, state::cancelled, out);
    return out;
}

effects exchange::on_frame(std::string_view text) {
    effects out;
    auto f = decode(text);
    if (!f) return out;  // not ours, or malformed: nothing to show either way
    if (std::holds_alternative<hello>(*f)) {
        partner_ready_ = true;
        ++revision_;
        return out;
    }
    if (auto* o = std::get_if<offer>(&*f)) {
        bool pending =
            find_state(direction::in, state::waiting) || find_state(direction::in, state::active);
        if (pending || find(direction::in, o->id)) {
            set_notice(notice::busy);
        } else if (check_offer(o->name, o->size) != offer_problem::none) {
            set_notice(notice::bad_offer);  // the bad name itself is not shown
        } else {
            item it;
            it.id = o->id;
            it.dir = direction::in;
            it.name = o->name;
            it.size = o->size;
            it.mime = safe_mime(o->mime);
            it.now = state::waiting;
            items_.push_back(std::move(it));
            ++revision_;
            trim(out);
        }
        return out;
    }
    if (auto* a = std::get_if<transfer::accept>(&*f)) {
        item* it = find(direction::out, a->id);
        if (it && it->now == state::waiting) {
            it->now = state::active;
            it->rate.reset();
            out.push_back(effect::start_reading{it->id, it->file});
            ++revision_;
        } else if (!it) {
            set_notice(notice::unknown_id);
        }
        return out;
    }
    if (auto* d = std::get_if<transfer::decline>(&*f)) {
        item* it = find(direction::out, d->id);
        if (it && it->now == state::waiting) {
            finish(*it, state::declined, out);
        } else if (!it) {
            set_notice(notice::unknown_id);
        }
        return out;
    }
    if (auto* c = std::get_if<transfer::cancel>(&*f)) {
        // Either way: the sender cancels its file, or the receiver the file it takes. A
        // cancel crossing our own finish (or our own cancel) finds nothing left to do.
        item* mine = find(direction::out, c->id);
        item* theirs = find(direction::in, c->id);
        if (mine && (mine->now == state::waiting || mine->now == state::active)) {
            finish(*mine, state::cancelled, out);
        } else if (theirs && !finished(theirs->now)) {
            finish(*theirs, state::cancelled, out);
        } else if (!mine && !theirs) {
            set_notice(notice::unknown_id);
        }
        return out;
    }
    if (auto* d = std::get_if<transfer::done>(&*f)) {
        item* it = find(direction::in, d->id);
        if (!it || it->now != state::active) {
            if (!it) set_notice(notice::unknown_id);
            return out;
        }
        expected_sha256_ = d->sha256;  // checked against what arrived in on_received
        out.push_back(effect::check_received{d->id});
    }
    return out;
}

effects exchange::on_progress(direction dir, std::uint64_t id, std::uint64_t bytes, double now_ms) {
    effects out;
    item* it = find(dir, id);
    if (!it || it->now != state::active) return out;
    if (dir == direction::in && bytes > it->size) {
        out.push_back(effect::send{encode(transfer::cancel{id})});
        set_notice(notice::too_much_data, it->name);
        finish(*it, state::failed, out);
        return out;
    }
    it->sent = std::min(bytes, it->size);
    it->rate.add(now_ms, it->sent);
    ++progress_revision_;
    return out;
}

effects exchange::on_read_all(std::uint64_t id, std::uint64_t bytes, std::string_view sha256) {
    effects out;
    item* it = find(direction::out, id);
    if (!it || it->now != state::active) return out;
    if (bytes != it->size) return on_read_failed(id);  // the file changed since it was chosen
    it->sent = bytes;
    it->sha256 = std::string(sha256);
    out.push_back(effect::send{encode(transfer::done{id, it->sha256})});
    finish(*it, state::done, out);
    return out;
}

effects exchange::on_read_failed(std::uint64_t id) {
    effects out;
    item* it = find(direction::out, id);
    if (!it || it->now != state::active) return out;
    out.push_back(effect::send{encode(transfer::cancel{id})});
    set_notice(notice::read_failed, it->name);
    finish(*it, state::failed, out);
    return out;
}

effects exchange::on_received(std::uint64_t id, std::uint64_t bytes, std::string_view sha256) {
    effects out;
    item* it = find(direction::in, id);
    if (!it || it->now != state::active) return out;
    it->sent = std::min(bytes, it->size);
    if (bytes != it->size || !is_sha256_hex(expected_sha256_) || sha256 != expected_sha256_) {
        set_notice(notice::mismatch, it->name);
        finish(*it, state::failed, out);
        return out;
    }
    it->sha256 = std::string(sha256);
    it->now = state::done;
    out.push_back(effect::save{id, it->name, it->mime});
    ++revision_;
    return out;
}

void exchange::set_url(std::uint64_t id, std::string url) {
    item* it = find(direction::in, id);
    if (!it || it->now != state::done) return;
    it->url = std::move(url);
    ++revision_;
}

void exchange::dismiss_notice() { set_notice(notice::none); }

bool exchange::moving() const {
    return std::any_of(items_.begin(), items_.end(),
                       [](item const& it) { return it.now == state::active; });
}

item* exchange::find(direction dir, std::uint64_t id) {
    auto it = std::find_if(items_.begin(), items_.end(),
                           [&](item const& i) { return i.dir == dir && i.id == id; });
    return it == items_.end() ? nullptr : &*it;
}

item* exchange::find_state(direction dir, state s) {
    auto it = std::find_if(items_.begin(), items_.end(),
                           [&](item const& i) { return i.dir == dir && i.now == s; });
    return it == items_.end() ? nullptr : &*it;
}

// `it` ends as `s`: its file or its bytes are let go, and the next of ours may go.
void exchange::finish(item& it, state s, effects& out) {
    state was = it.now;
    it.now = s;
    if (it.dir == direction::out) {
        out.push_back(effect::forget_file{it.file});
        offer_next(out);
    } else if (was == state::active && s != state::done) {
        out.push_back(effect::stop_receiving{});
    }
    ++revision_;
}

void exchange::offer_next(effects& out) {
    if (!channel_open_ || find_state(direction::out, state::waiting) ||
        find_state(direction::out, state::active)) {
        return;
    }
    item* next = find_state(direction::out, state::queued);
    if (!next) return;
    next->now = state::waiting;
    out.push_back(effect::send{encode(offer{next->id, next->name, next->size, next->mime})});
    ++revision_;
}

// Without a channel nothing can move: every unfinished transfer is cancelled, here, with no
// frame (the partner's page sees its own channel close and does the same).
void exchange::stop_all(effects& out) {
    for (auto& it : items_) {
        if (finished(it.now)) continue;
        if (it.dir == direction::out) {
            out.push_back(effect::forget_file{it.file});
        } else if (it.now == state::active) {
            out.push_back(effect::stop_receiving{});
        }
        it.now = state::cancelled;
        ++revision_;
    }
}

void exchange::trim(effects& out) {
    while (items_.size() > max_kept) {
        auto old = std::find_if(items_.begin(), items_.end(),
                                [](item const& it) { return finished(it.now); });
        if (old == items_.end()) return;
        if (!old->url.empty()) out.push_back(effect::revoke{old->url});
        items_.erase(old);
        ++revision_;
    }
}

void exchange::set_notice(notice n, std::string_view name) {
    notice_ = n;
    notice_name_ = std::string(name);
    ++revision_;
}

}  // namespace duet::transfer
