// Sign in: a name field (hint "Login") and "Sign in"; Enter signs in too. The server's
// refusal shows below, and the field keeps what was typed. A corner button switches the
// language (label "Language"). With an identity provider: "Sign in with <label>" (recorded
// as "Sign in with provider"), the name login gone when the server requires an account;
// once the provider's session names us, who we are, Sign in (as the bound name) and
// Sign out.
#pragma once

#include "model.hpp"

namespace duet::ui {

class login_screen {
  public:
    void draw(model const& m, frame_output& out);

  private:
    void account_rows(model const& m, float x, float width, frame_output& out);
    void language_switch(model const& m, ImVec2 display, float margin, frame_output& out);

    char name_[256] = "";  // room for a 32-code-point name in 4-byte UTF-8, and then some
    bool focused_once_ = false;
};

}  // namespace duet::ui
