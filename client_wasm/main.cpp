// Duet's browser client. The page (shell/index.html) loads this after checking that the
// browser has what a call needs; from here on everything on the page is C++.
#include "app/app.hpp"

int main() {
    // Lives for the page's lifetime: the runtime stays up after main returns (EXIT_RUNTIME=0)
    // and every browser callback refers to it.
    static auto* app = new duet::app();
    app->start();
    return 0;
}
