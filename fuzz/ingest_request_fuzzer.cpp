// libFuzzer harness for the hub's request decoder: any bytes a network peer can send.
// Properties checked beyond "does not crash": every item the decoder accepts is a valid
// response, and re-encoding it and decoding again gives the same response.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <nlohmann/json.hpp>

#include "suara/core/wire.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  auto request = suara::wire::decodeIngestRequest(body);
  if (!request) return 0;
  for (const auto& item : request->items) {
    if (!item.response) continue;
    if (!suara::validateResponse(*item.response)) std::abort();
    const auto again = suara::responseFromJson(suara::toJson(*item.response));
    if (!again || !(*again == *item.response)) std::abort();
  }
  // The reply decoder must refuse or accept garbage without crashing, too.
  (void)suara::wire::decodeIngestReply(body, {"00000000-0000-4000-8000-000000000000"});
  return 0;
}
