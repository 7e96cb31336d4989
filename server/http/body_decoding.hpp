#pragma once
// Turning the bytes on the wire into a body a route may parse: Content-Encoding undone with a
// cap on the *inflated* size (a 500 KiB gzip body can inflate to 500 MiB), a truncated or
// trailing-garbage stream refused.

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>

#include "http/http_message.hpp"

namespace suara::hub {

// The decoded body, or the response that refuses it (400, 413 or 415, with the reason).
std::variant<std::string, HttpResponse> decodeBody(std::string wire, std::string_view contentEncoding, std::size_t maxBytes);

// True for the encodings decodeBody understands ("", "identity", "gzip", "deflate").
bool knownContentEncoding(std::string_view contentEncoding);

}  // namespace suara::hub
