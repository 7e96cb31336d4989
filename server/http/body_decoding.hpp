#pragma once
// Turning the bytes on the wire into a body a route may parse: Content-Encoding undone with a
// cap on the *inflated* size (a 500 KiB gzip body can inflate to 500 MiB), a truncated or
// trailing-garbage stream refused, and the inflated bytes held against the hub's MemoryBudget
// as they are produced.

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>

#include "http/http_message.hpp"
#include "http/memory_budget.hpp"

namespace suara::hub {

// The decoded body, or the response that refuses it (400, 413 or 415, with the reason; 503
// when `lease` cannot grow to hold the wire and inflated bytes together).
std::variant<std::string, HttpResponse> decodeBody(std::string wire, std::string_view contentEncoding, std::size_t maxBytes,
                                                   MemoryBudget::Lease& lease);

// The 503 for a request the memory budget cannot hold now.
HttpResponse memoryBusyResponse();

// True for the encodings decodeBody understands ("", "identity", "gzip", "deflate").
bool knownContentEncoding(std::string_view contentEncoding);

}  // namespace suara::hub
