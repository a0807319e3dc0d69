// Sign-in through an identity provider, wired (issue 15): the server's /auth/ answers fed to
// call::account, the sign-in the session cookie allows done at once, the login screen's
// provider buttons acted on. The rules are call/account's; the browser's part web/'s.
#include "app.hpp"
#include "web/page.hpp"

namespace duet {

namespace page = web::page;

// At start: whether the server has a provider; if so, /auth/me follows.
void app::start_account() { auth_.ask(web::auth_request::config); }

void app::on_auth_reply(web::auth_reply const& r) {
    switch (r.request) {
        case web::auth_request::config:
            if (account_.on_config(r.reply)) auth_.ask(web::auth_request::me);
            break;
        case web::auth_request::me:
            // Back from the provider, or a reload: the cookie names us, so we sign in to
            // signaling under the name the server bound to the account, as no one else can.
            if (auto name = account_.on_me(r.reply); name && !session_.signed_in()) {
                apply(session_.sign_in(*name));
            }
            break;
        case web::auth_request::sign_out:
            if (r.reply.status != 200) {
                page::log_error("sign out: HTTP " + std::to_string(r.reply.status));
                break;
            }
            // A fresh start page: the signaling socket, any call and every screen go with the
            // old one, and the page comes back with the plain login.
            account_.on_signed_out();
            page::navigate("/");
            break;
    }
    sync_model();
    wake();
}

void app::on_login_reply(protocol::to_client::login_result const& r) {
    if (r.success) return;
    if (account_.on_login_refused(r.code)) auth_.ask(web::auth_request::config);
}

void app::handle_account_intents(ui::intents const& intents) {
    // A navigation: the provider's pages, then its redirect to /auth/callback, then "/".
    if (intents.sign_in_with_provider) page::navigate("/auth/login");
    if (intents.sign_out) auth_.ask(web::auth_request::sign_out);
}

void app::sync_account() {
    auto const& provider = account_.provider();
    model_.account.provider_label = provider ? provider->label : std::string();
    model_.account.name_login = account_.offers_name_login();
    model_.account.provider_login = account_.offers_provider();
    model_.account.me = account_.me();
    model_.partner_identity = session_.partner_identity();
}

}  // namespace duet
