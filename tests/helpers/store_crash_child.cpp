// Records responses forever, printing "<seq> <uuid>" after each record() returns, until the
// parent test SIGKILLs it. Every printed id is a promise the store must keep.

#include <cstdio>

#include "helpers/crash_payload.hpp"
#include "suara/core/local_store.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: store_crash_child DB\n");
    return 2;
  }
  auto store = suara::LocalStore::open(argv[1]);
  if (!store) {
    std::fprintf(stderr, "store_crash_child: %s\n", store.error().message.c_str());
    return 3;
  }
  for (;;) {
    suara::Response r = suara::test::crashPayload(suara::newUuid());
    auto seq = (*store)->record(r);
    if (!seq) {
      std::fprintf(stderr, "store_crash_child: %s\n", seq.error().message.c_str());
      return 4;
    }
    // One write per line: a pipe write under PIPE_BUF is atomic, so no torn lines.
    std::printf("%lld %s\n", static_cast<long long>(*seq), r.uuid.c_str());
    std::fflush(stdout);
  }
}
