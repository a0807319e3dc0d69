// File transfer during the call, wired: the file channel made with each peer connection (and
// gone with it), the hello sent when it opens, the partner's frames and the door's progress
// handed to the rules (transfer/exchange), and the rules' effects carried out on the door
// (web/file_channel: read, send, hash, keep, save) and the chooser (web/file_picker). The
// rules are common/transfer; the panel is ui/transfer_panel; docs/file_transfer.md.
#include "app.hpp"
#include "transfer/figures.hpp"
#include "web/page.hpp"
#include "web/scheduler.hpp"

namespace duet {

namespace {
template <class... F>
struct visitor : F... {
    using F::operator()...;
};
template <class... F>
visitor(F...) -> visitor<F...>;

// The partner's offer waiting for our answer, if any (one at a time: transfer/exchange).
transfer::item const* offer_waiting(transfer::exchange const& x) {
    for (auto const& it : x.items()) {
        if (it.dir == transfer::direction::in && it.now == transfer::state::waiting) return &it;
    }
    return nullptr;
}
}  // namespace

// With each new peer connection; a new call starts with an empty list.
void app::start_files(bool new_call) {
    if (new_call) apply_files(transfers_.start());
    if (pc_)
        file_channel_ = std::make_unique<web::file_channel>(pc_->id(), pc_->connection(), events_);
    sync_files();
}

// Before the peer connection goes: what moves is cancelled; at the call's end the download
// links go too (their Blobs with them).
void app::stop_files(bool call_over) {
    file_channel_.reset();
    sending_file_ = 0;
    apply_files(call_over ? transfers_.on_call_over() : transfers_.on_channel_closed());
}

void app::sync_files() {
    model_.transfers = {transfers_.available(), transfers_.revision(),
                        transfers_.progress_revision(), &transfers_};
}

void app::apply_files(transfer::effects const& effects) {
    namespace fx = transfer::effect;
    for (auto const& e : effects) {
        std::visit(visitor{
                       [&](fx::send const& s) {
                           if (!(file_channel_ && file_channel_->send(s.frame))) {
                               web::page::log_info("a file message could not be sent: no channel");
                           }
                       },
                       [&](fx::start_reading const& r) {
                           if (!file_channel_) return;
                           sending_file_ = r.file;
                           file_channel_->start_send(r.id, r.file);
                       },
                       [&](fx::forget_file const& f) {
                           if (f.file == sending_file_) {
                               if (file_channel_) file_channel_->stop_send();
                               sending_file_ = 0;
                           }
                           web::file_picker::forget(f.file);
                       },
                       [&](fx::start_receiving const& r) {
                           if (file_channel_) file_channel_->start_receive(r.id, r.size);
                       },
                       [&](fx::stop_receiving const&) {
                           if (file_channel_) file_channel_->drop_receive();
                       },
                       [&](fx::check_received const& c) {
                           auto got = file_channel_ ? file_channel_->finish_receive()
                                                    : web::file_channel::received{};
                           apply_files(transfers_.on_received(c.id, got.bytes, got.sha256));
                       },
                       [&](fx::save const& s) {
                           std::string url = file_channel_ ? file_channel_->save(s.mime) : "";
                           if (url.empty())
                               web::page::log_info("a received file could not be kept");
                           transfers_.set_url(s.id, std::move(url));
                       },
                       [&](fx::revoke const& r) { web::revoke_url(r.url); },
                   },
                   e);
    }
    sync_files();
    wake();
}

void app::on_file_channel(web::channel_open const& e) {
    if (!pc_ || pc_->id() != e.pc || !file_channel_) return;
    file_channel_->send(transfers_.on_channel_open());
    sync_files();
    wake();
}

void app::on_file_channel(web::channel_message const& e) {
    if (!pc_ || pc_->id() != e.pc) return;
    auto const* before = offer_waiting(transfers_);
    std::uint64_t was = before ? before->id : 0;
    apply_files(transfers_.on_frame(e.text));
    // A new offer is read out politely, like a chat message (app/accessibility): a person
    // who cannot see the panel learns who sends what before answering.
    if (auto const* now = offer_waiting(transfers_); now && now->id != was) {
        chat_announcement_ = words::fill(words::say(words::word::file_offered, model_.lang),
                                         {{"who", model_.partner},
                                          {"name", now->name},
                                          {"size", transfer::format_bytes(now->size)}});
    }
}

void app::on_file_channel(web::channel_closed const& e) {
    if (!pc_ || pc_->id() != e.pc) return;
    sending_file_ = 0;
    apply_files(transfers_.on_channel_closed());
}

void app::on_file_event(web::file_picked const& e) {
    apply_files(transfers_.add(e.name, e.size, e.mime, e.key));
}

void app::on_file_event(web::file_progress const& e) {
    if (!pc_ || pc_->id() != e.pc) return;
    auto dir = e.out ? transfer::direction::out : transfer::direction::in;
    auto effects = transfers_.on_progress(dir, e.id, e.bytes, web::scheduler::now());
    if (!effects.empty()) return apply_files(effects);
    // Progress alone: the model changes and the redraw rule gives it one frame (while video
    // plays, a frame that was coming anyway), not the settling frames of wake().
    sync_files();
}

void app::on_file_event(web::file_read const& e) {
    if (!pc_ || pc_->id() != e.pc) return;
    sending_file_ = 0;
    apply_files(transfers_.on_read_all(e.id, e.bytes, e.sha256));
}

void app::on_file_event(web::file_read_failed const& e) {
    if (!pc_ || pc_->id() != e.pc) return;
    sending_file_ = 0;
    apply_files(transfers_.on_read_failed(e.id));
}

void app::handle_file_intents(ui::intents const& intents) {
    if (intents.send_file) file_picker_.choose();  // within the press: a user gesture
    if (intents.accept_file) apply_files(transfers_.accept(*intents.accept_file));
    if (intents.decline_file) apply_files(transfers_.decline(*intents.decline_file));
    if (intents.cancel_file) {
        apply_files(transfers_.cancel(intents.cancel_file->first, intents.cancel_file->second));
    }
    if (intents.save_file) {
        for (auto const& it : transfers_.items()) {
            if (it.dir == transfer::direction::in && it.id == *intents.save_file &&
                !it.url.empty()) {
                web::download_url(it.url, it.name);
            }
        }
    }
    if (intents.dismiss_file_notice) {
        transfers_.dismiss_notice();
        sync_files();
        wake();
    }
}

}  // namespace duet
