#include "http/body_decoding.hpp"

#include <zlib.h>

#include <algorithm>
#include <cctype>

namespace suara::hub {

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string sizeText(std::size_t bytes) {
  return bytes >= (1u << 20) ? std::to_string(bytes >> 20) + " MiB" : std::to_string(bytes >> 10) + " KiB";
}

}  // namespace

bool knownContentEncoding(std::string_view contentEncoding) {
  const std::string e = lower(contentEncoding);
  return e.empty() || e == "identity" || e == "gzip" || e == "x-gzip" || e == "deflate";
}

HttpResponse memoryBusyResponse() {
  return errorResponse(503, "the hub is busy with other large requests; try again shortly", 5);
}

std::variant<std::string, HttpResponse> decodeBody(std::string wire, std::string_view contentEncoding, std::size_t maxBytes,
                                                   MemoryBudget::Lease& lease) {
  const std::string encoding = lower(contentEncoding);
  if (encoding.empty() || encoding == "identity") {
    if (wire.size() > maxBytes) return errorResponse(413, "request body is larger than " + sizeText(maxBytes));
    return wire;
  }
  if (!knownContentEncoding(encoding)) return errorResponse(415, "unsupported Content-Encoding '" + encoding + "' (use gzip)");
  z_stream z{};
  // 15 + 32: zlib or gzip header detected; "deflate" in HTTP means the zlib format.
  if (inflateInit2(&z, 15 + 32) != Z_OK) return errorResponse(500, "cannot start decompression");
  z.next_in = reinterpret_cast<Bytef*>(wire.data());
  z.avail_in = static_cast<uInt>(wire.size());
  std::string out;
  std::size_t held = 0;  // inflated bytes the lease holds besides the wire bytes
  char buffer[64 * 1024];
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buffer);
    z.avail_out = sizeof buffer;
    rc = inflate(&z, Z_NO_FLUSH);
    const std::size_t produced = sizeof buffer - z.avail_out;
    if (out.size() + produced > maxBytes) {
      inflateEnd(&z);
      return errorResponse(413, "request body is larger than " + sizeText(maxBytes) + " once decompressed");
    }
    // Held a mebibyte ahead, so that the budget is asked once per mebibyte, not per block.
    if (out.size() + produced > held) {
      held = std::min(maxBytes, out.size() + produced + (std::size_t{1} << 20));
      if (!lease.holdTotal(wire.size() + held)) {
        inflateEnd(&z);
        return memoryBusyResponse();
      }
    }
    out.append(buffer, produced);
    if (rc == Z_BUF_ERROR && z.avail_in == 0) break;  // input ended before the stream did
  }
  const bool complete = rc == Z_STREAM_END;
  const bool trailing = z.avail_in != 0;
  inflateEnd(&z);
  if (!complete) return errorResponse(400, "compressed body is damaged or truncated");
  if (trailing) return errorResponse(400, "compressed body has data after its end");
  return out;
}

}  // namespace suara::hub
