// The sign-in form (login_screen.hpp).
#include "login_screen.hpp"

#include <algorithm>
#include <cmath>

#include "theme.hpp"
#include "widgets.hpp"

namespace duet::ui {

// One button in the top corner naming the other language in itself ("中文", "English"): a
// person who cannot read the current language still finds their own.
void login_screen::language_switch(model const& m, ImVec2 display, float margin,
                                   frame_output& out) {
    std::string_view other = words::own_name(words::next(m.lang));
    ImGuiStyle const& style = ImGui::GetStyle();
    std::string shown = std::string(other) + "###Language";
    ImVec2 size(ImGui::CalcTextSize(other.data(), other.data() + other.size()).x +
                    2 * style.FramePadding.x + 8 * m.scale,
                std::max(ImGui::GetFrameHeight(), (m.touch ? 44.f : 0.f) * m.scale));
    ImGui::SetCursorPos(ImVec2(display.x - margin - size.x, margin));
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0, 0, 0, 0));
    if (ImGui::Button(shown.c_str(), size)) out.intents.switch_language = true;
    ImGui::PopStyleColor();
    if (ImGui::IsItemHovered() && !m.touch) {
        ImGui::SetTooltip("%s", words::say(words::word::switch_language, m.lang));
    }
    record(out, "Language", std::string(other));
}

// Signed in through the provider: who we are, and our bound name's Sign in (the page signs
// in by itself; this is for a refused or lost login) and Sign out.
void login_screen::account_rows(model const& m, float x, float width, frame_output& out) {
    using words::word;
    auto const& me = *m.account.me;
    ImGui::SetCursorPosX(x);
    std::string who = words::fill(words::say(word::signed_in_as_account, m.lang),
                                  {{"who", me.display.empty() ? me.name : me.display},
                                   {"email", me.email.empty() ? me.name : me.email}});
    ImGui::TextUnformatted(who.c_str());
    ImGui::SetCursorPosX(x);
    float spacing = ImGui::GetStyle().ItemSpacing.x;
    float half = std::floor((width - spacing) * 0.5f);
    if (action_button(word::sign_in, m, ImVec2(half, 0), theme::primary(), !m.signing_in, out))
        out.intents.sign_in = me.name;
    ImGui::SameLine();
    if (action_button(word::sign_out, m, ImVec2(width - half - spacing, 0), theme::neutral(), true,
                      out))
        out.intents.sign_out = true;
}

void login_screen::draw(model const& m, frame_output& out) {
    float s = m.scale;
    ImVec2 display = ImGui::GetIO().DisplaySize;
    float margin = 16 * s;
    float width = std::min(display.x - 2 * margin, 420 * s);
    float x = std::floor((display.x - width) * 0.5f);
    // High enough that a phone's keyboard, opening below, leaves the field and button seen.
    float y = std::clamp(display.y * 0.18f, margin, 160 * s);

    using words::word;
    words::language lang = m.lang;
    language_switch(m, display, margin, out);

    ImGui::SetCursorPos(ImVec2(x, y));
    ImGui::PushTextWrapPos(x + width);
    ImGui::TextUnformatted(words::say(word::app_title, lang));
    ImGui::SetCursorPosX(x);
    ImGui::PushStyleColor(ImGuiCol_Text, theme::muted_text());
    ImGui::TextUnformatted(words::say(word::please_sign_in, lang));
    ImGui::PopStyleColor();
    if (!m.invited_by.empty()) {  // opened from an invite link: the call starts on sign-in
        ImGui::SetCursorPosX(x);
        std::string invite = words::say_who(word::invites_you, lang, m.invited_by);
        ImGui::TextColored(theme::success(), "%s", invite.c_str());
        record(out, "Invitation", invite, widget_kind::picture);
    }
    ImGui::Dummy(ImVec2(0, 8 * s));

    if (m.account.me) {
        account_rows(m, x, width, out);
    } else if (m.account.name_login) {
        // Desktop: type at once, as the tutorial's autofocus did. A phone's keyboard opens
        // only on a tap, so there the field waits for one.
        bool autofocus = !focused_once_ && !m.touch;
        focused_once_ = true;
        ImGui::SetCursorPosX(x);
        bool entered = text_field(word::name_field, name_, sizeof name_, width, m, out, autofocus);
        ImGui::SetCursorPosX(x);
        bool clicked =
            action_button(word::sign_in, m, ImVec2(width, 0), theme::primary(), !m.signing_in, out);
        if ((entered || clicked) && !m.signing_in) out.intents.sign_in = std::string(name_);
    }
    if (m.account.provider_login) {
        // Under a stable id whatever the provider is called (window.duet, the tests).
        ImGui::SetCursorPosX(x);
        std::string shown =
            words::fill(words::say(word::sign_in_with, lang), {{"label", m.account.provider_label}});
        if (action_button("Sign in with provider", shown, m, ImVec2(width, 0),
                          m.account.name_login ? theme::neutral() : theme::primary(),
                          !m.signing_in, out)) {
            out.intents.sign_in_with_provider = true;
        }
    }

    if (m.signing_in) {
        // A sign-in tried again says why ("... Trying again") instead of "Signing in".
        ImGui::SetCursorPosX(x);
        ImGui::PushStyleColor(ImGuiCol_Text, theme::muted_text());
        ImGui::TextUnformatted(m.error.empty() ? words::say(word::signing_in, lang)
                                               : m.error.c_str());
        ImGui::PopStyleColor();
    } else if (!m.error.empty()) {
        ImGui::SetCursorPosX(x);
        ImGui::PushStyleColor(ImGuiCol_Text, theme::danger_text());
        ImGui::TextUnformatted(m.error.c_str());
        ImGui::PopStyleColor();
    }
    ImGui::PopTextWrapPos();
}

}  // namespace duet::ui
