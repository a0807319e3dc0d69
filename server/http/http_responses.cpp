#include "http/http_responses.hpp"

namespace duet {

void set_security_headers(http::response_header<>& header) {
    header.set(http::field::server, "duet-server");
    header.set("X-Content-Type-Options", "nosniff");
    header.set("Referrer-Policy", "no-referrer");
    header.set("X-Frame-Options", "DENY");
    // 'wasm-unsafe-eval' lets the page compile its WebAssembly; 'unsafe-eval' is what
    // Emscripten's embind needs to build its call wrappers (new Function). The signaling
    // socket is same-origin ('self' covers ws:/wss: to the same host in CSP Level 3).
    header.set("Content-Security-Policy",
               "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval'; "
               "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
               "media-src 'self' blob: mediastream:; connect-src 'self'; "
               "object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
}

http::response<http::string_body> text_response(unsigned version, bool keep_alive,
                                                http::status status, std::string body) {
    http::response<http::string_body> res{status, version};
    set_security_headers(res.base());
    res.set(http::field::content_type, "text/plain; charset=utf-8");
    res.keep_alive(keep_alive);
    res.body() = std::move(body);
    res.prepare_payload();
    return res;
}

}  // namespace duet
