// Chat during the call, wired: its data channel made with each peer connection (and gone
// with it), the hello sent when it opens, the partner's frames handed to the rules
// (chat/conversation), what the panel sends, and each new message from the partner told to
// screen readers. The rules are common/chat; the panel is ui/chat_panel; docs/chat.md.
#include <cstdint>

#include "app.hpp"
#include "web/page.hpp"
#include "web/scheduler.hpp"

namespace duet {

// With each new peer connection. A connection replaced within the same call (pc_ was
// still there) keeps the messages; a new call starts with none.
void app::start_chat(bool new_call) {
    if (new_call) chat_.start(machine_.self(), machine_.partner());
    if (pc_) {
        chat_channel_ = std::make_unique<web::data_channel>(pc_->id(), pc_->connection(),
                                                            web::channel::chat, events_);
    }
    sync_chat();
}

// Before the peer connection goes: the history stays for the call screen.
void app::stop_chat() {
    chat_channel_.reset();
    chat_.on_channel_closed();
    sync_chat();
}

void app::sync_chat() {
    model_.chat = {chat_.available(), chat_.open(), chat_.unread(), chat_.revision(), &chat_};
}

void app::on_chat_channel(web::channel_open const& e) {
    if (!pc_ || pc_->id() != e.pc || !chat_channel_) return;
    chat_channel_->send(chat_.on_channel_open());
    sync_chat();
}

void app::on_chat_channel(web::channel_closed const& e) {
    if (!pc_ || pc_->id() != e.pc) return;
    chat_.on_channel_closed();
    sync_chat();
    wake();
}

void app::on_chat_channel(web::channel_message const& e) {
    if (!pc_ || pc_->id() != e.pc) return;
    auto received = chat_.received();
    double at = web::wall_clock_ms();
    if (!chat_.on_frame(e.text, web::scheduler::now(), std::int64_t(at),
                        web::utc_offset_minutes(at))) {
        return;
    }
    if (chat_.received() != received) {
        auto const& text = chat_.entries().back().text;
        fonts_.note(text);  // its glyphs, before the frame that shows it
        chat_announcement_ = words::fill(words::say(words::word::chat_said, model_.lang),
                                         {{"who", chat_.partner()}, {"detail", text}});
    }
    sync_chat();
    wake();
}

void app::handle_chat_intents(ui::intents const& intents) {
    if (intents.toggle_chat) {
        chat_.set_open(!chat_.open());
        sync_chat();
        wake();
    }
    if (!intents.send_chat) return;
    double at = web::wall_clock_ms();
    auto frame = chat_.send(*intents.send_chat, std::int64_t(at), web::utc_offset_minutes(at));
    // Accepted by the rules but refused by the browser: the channel is closing with its call.
    if (frame && !(chat_channel_ && chat_channel_->send(*frame))) {
        web::page::log_info("a chat message could not be sent: the channel is not open");
    }
    sync_chat();
    wake();
}

}  // namespace duet
