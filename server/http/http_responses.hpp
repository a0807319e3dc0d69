#pragma once

#include <string>

#include "net/beast.hpp"

namespace duet {

// Headers every response carries: the page needs wasm compilation and a same-origin
// WebSocket, and nothing else, so the policy allows exactly that.
void set_security_headers(http::response_header<>& header);

http::response<http::string_body> text_response(unsigned version, bool keep_alive,
                                                http::status status, std::string body);

}  // namespace duet
