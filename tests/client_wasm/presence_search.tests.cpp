// The online list as a window (issue 14): the search field above it, the header that claims
// no total, the line when more people are online, and what typing, Enter and Esc record.
#include <catch2/catch.hpp>

#include "ui_harness.hpp"

namespace {

using duet::protocol::to_client::availability;
using duet::test::ui_harness;
namespace ui = duet::ui;

ui::model online_model(int window) {
    ui::model m;
    m.current = ui::screen::call;
    m.call_state = duet::call::state::idle;
    m.allowed = duet::call::allowed_in(m.call_state, duet::call::role::none);
    m.name = "alice";
    m.presence_enabled = true;
    m.presence_window = window;
    m.presence = {{"bob", availability::available}, {"carol", availability::busy}};
    return m;
}

}  // namespace

TEST_CASE("online list without a window: no search, the count as before", "[client][ui]") {
    for (ImVec2 display : {ImVec2(1280, 800), ImVec2(390, 800)}) {
        ui_harness h(display, display.x < 500);
        auto m = online_model(0);
        auto out = h.frame(m);
        CHECK_FALSE(h.widget("Search"));
        CHECK(out.online_header == "Online (2)");
        CHECK_FALSE(h.widget("More online"));
        CHECK(h.widget("presence:bob"));
    }
}

TEST_CASE("online list with a window: the search field, header and more line", "[client][ui]") {
    for (ImVec2 display : {ImVec2(1280, 800), ImVec2(390, 800)}) {
        INFO(display.x);
        ui_harness h(display, display.x < 500);
        auto m = online_model(3);
        auto out = h.frame(m);
        auto field = h.widget("Search");
        REQUIRE(field);
        CHECK(field->kind == ui::widget_kind::field);
        CHECK(field->text == "Search people");
        CHECK(out.online_header == "Online (2)");  // the window holds everyone: a true count
        CHECK_FALSE(h.widget("More online"));
        // The field is above the list, the list's rows under it.
        REQUIRE(h.widget("presence:bob"));
        CHECK(h.widget("presence:bob")->min.y >= field->max.y);

        m.presence_more = true;
        CHECK(h.frame(m).online_header == "Online");  // some of those online: no count
        auto more = h.widget("More online");
        REQUIRE(more);
        CHECK(more->text == "More people are online: type to search");
        CHECK(more->min.y >= h.widget("presence:carol")->max.y);  // under the list
        CHECK(more->max.y <= display.y);

        m.lang = duet::words::language::chinese;
        out = h.frame(m);
        CHECK(h.widget("Search")->text == "搜索用户");
        CHECK(out.online_header == "在线");
        CHECK(h.widget("More online")->text == "还有更多人在线：输入名字搜索");
    }
}

TEST_CASE("online list with a window: a search that finds no one keeps its field", "[client][ui]") {
    ui_harness h;
    auto m = online_model(3);
    m.presence.clear();
    m.presence_prefix = "zz";
    CHECK(h.frame(m).online_header == "No one online matches");
    CHECK(h.widget("Search"));
    m.presence_prefix.clear();
    CHECK(h.frame(m).online_header == "No one else is online");
    // What a search finds is not how many are online, even when it finds them all.
    m.presence = {{"zed", availability::available}};
    m.presence_prefix = "z";
    CHECK(h.frame(m).online_header == "Online");
}

TEST_CASE("online list with a window: typing, Enter and Esc in the search field", "[client][ui]") {
    ui_harness h;
    auto m = online_model(3);
    h.press(m, "Search");  // focuses the field
    ImGui::GetIO().AddInputCharactersUTF8("bo");
    auto out = h.frame(m);
    REQUIRE(out.intents.search_typed);
    CHECK(*out.intents.search_typed == "bo");
    CHECK_FALSE(out.intents.search);  // typing waits for a pause
    CHECK_FALSE(out.intents.call);
    CHECK_FALSE(h.frame(m).intents.search_typed);  // nothing new typed: nothing recorded

    SECTION("Enter searches at once") {
        ImGuiIO& io = ImGui::GetIO();
        io.KeyMap[ImGuiKey_Enter] = int(ImGuiKey_Enter);
        io.KeysDown[int(ImGuiKey_Enter)] = true;
        auto entered = h.frame(m);
        io.KeysDown[int(ImGuiKey_Enter)] = false;
        REQUIRE(entered.intents.search);
        CHECK(*entered.intents.search == "bo");
        CHECK_FALSE(entered.intents.hang_up);
        CHECK_FALSE(entered.intents.cancel);
    }
    SECTION("Esc empties the field and goes back to everyone at once") {
        ImGuiIO& io = ImGui::GetIO();
        // Entered again holding "bo" and typed on: ImGui's own Esc would put back "bo".
        io.KeyMap[ImGuiKey_Enter] = int(ImGuiKey_Enter);
        io.KeysDown[int(ImGuiKey_Enter)] = true;
        h.frame(m);
        io.KeysDown[int(ImGuiKey_Enter)] = false;
        for (int i = 0; i < 30; ++i) h.frame(m);  // half a second: not a double-click
        h.press(m, "Search");
        io.AddInputCharactersUTF8("b");
        auto typed_on = h.frame(m);
        CHECK(typed_on.intents.search_typed == std::optional<std::string>("bob"));
        io.KeyMap[ImGuiKey_Escape] = int(ImGuiKey_Escape);
        io.KeysDown[int(ImGuiKey_Escape)] = true;
        auto escaped = h.frame(m);
        io.KeysDown[int(ImGuiKey_Escape)] = false;
        REQUIRE(escaped.intents.search);
        CHECK(escaped.intents.search->empty());
        CHECK(escaped.intents.search_typed == std::optional<std::string>(""));
        CHECK_FALSE(escaped.intents.hang_up);
        CHECK_FALSE(escaped.intents.cancel);
        // The field is empty: typing starts a new search.
        h.press(m, "Search");
        ImGui::GetIO().AddInputCharactersUTF8("c");
        CHECK(h.frame(m).intents.search_typed == std::optional<std::string>("c"));
    }
    SECTION("the field keeps at most max_search_bytes") {
        std::string many(duet::protocol::to_server::max_search_bytes + 20, 'x');
        ImGui::GetIO().AddInputCharactersUTF8(many.c_str());
        auto typed = h.frame(m).intents.search_typed;
        REQUIRE(typed);
        CHECK(typed->size() == duet::protocol::to_server::max_search_bytes);
    }
}
