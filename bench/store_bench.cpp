// store_bench: how fast and how compact the kiosk's durable outbox is, next to the physical
// limit of the file system it runs on.
//
//   record()      p50/p99 latency of a durable record, and of append+fsync on a plain file
//                 in the same directory (what any durable write must pay at least)
//   size          bytes per stored response with --fill responses stored
//   pending(500)  time to fetch a sync batch with --fill responses pending
//
// Goals (issue 2): p99 record() within 1.5x the raw fsync p99; <= 250 bytes per response;
// a 500-item batch in <= 5 ms with 1M pending.

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include <CLI/CLI.hpp>

#include "bench_stats.hpp"
#include "suara/core/demo_data.hpp"
#include "suara/core/local_store.hpp"

using namespace suara;
using namespace suara::bench;
namespace fs = std::filesystem;

namespace {

std::vector<double> rawFsyncLatencies(const fs::path& dir, int count) {
  const fs::path file = dir / "raw-fsync.bin";
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0600);
  if (fd < 0) throw std::runtime_error("cannot create " + file.string());
  const std::string record(200, 'x');  // about one response's worth of WAL payload
  std::vector<double> latencies;
  for (int i = 0; i < count; ++i) {
    const auto start = Clock::now();
    if (::write(fd, record.data(), record.size()) != static_cast<ssize_t>(record.size()) || ::fsync(fd) != 0)
      throw std::runtime_error("write/fsync failed");
    latencies.push_back(microsSince(start));
  }
  ::close(fd);
  fs::remove(file);
  return latencies;
}

std::vector<double> recordLatencies(LocalStore& store, const std::vector<Response>& samples, int count) {
  std::vector<double> latencies;
  for (int i = 0; i < count; ++i) {
    Response r = samples[static_cast<std::size_t>(i) % samples.size()];
    r.uuid = newUuid();
    const auto start = Clock::now();
    if (!store.record(r)) throw std::runtime_error("record failed");
    latencies.push_back(microsSince(start));
  }
  return latencies;
}

void report(const char* name, std::vector<double> samples) {
  const double p50 = percentile(samples, 50), p99 = percentile(samples, 99), max = percentile(samples, 100);
  std::printf("  %-28s p50 %8.1f us   p99 %8.1f us   max %8.1f us\n", name, p50, p99, max);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Benchmark of the kiosk's durable local store", "store_bench"};
  fs::path dir = fs::current_path() / "store-bench-data";
  int records = 2000;
  int fill = 1'000'000;
  app.add_option("--dir", dir, "Directory on the file system to measure (created, then removed)")->capture_default_str();
  app.add_option("--records", records, "Durable records to time")->check(CLI::Range(10, 1'000'000))->capture_default_str();
  app.add_option("--fill", fill, "Responses stored for the size and batch figures")->check(CLI::Range(1000, 100'000'000))->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  fs::create_directories(dir);
  const auto samples = generateDemoResponses({.count = 1000});
  std::printf("store_bench (directory %s)\n\n", dir.c_str());

  // 1. Durable record latency against the raw fsync of the same file system, interleaved in
  //    rounds so that both see the same background conditions.
  std::vector<double> raw, durable;
  {
    auto store = LocalStore::open(dir / "latency.db");
    if (!store) return std::fprintf(stderr, "store_bench: %s\n", store.error().message.c_str()), 1;
    for (int round = 0; round < 10; ++round) {
      auto r = rawFsyncLatencies(dir, records / 10);
      auto d = recordLatencies(**store, samples, records / 10);
      raw.insert(raw.end(), r.begin(), r.end());
      durable.insert(durable.end(), d.begin(), d.end());
    }
  }
  fs::remove(dir / "latency.db");
  std::printf("Durable write latency (%d each)\n", records);
  report("raw append + fsync", raw);
  report("LocalStore::record()", durable);
  const double ratio = percentile(durable, 99) / percentile(raw, 99);
  std::printf("  p99 record / p99 fsync      %.2fx   (goal <= 1.50x)\n\n", ratio);

  // 2. Size per response and batch fetch time with `fill` responses pending.
  const fs::path bulk = dir / "bulk.db";
  {
    auto store = LocalStore::open(bulk);
    if (!store) return std::fprintf(stderr, "store_bench: %s\n", store.error().message.c_str()), 1;
    std::vector<Response> batch;
    const auto fillStart = Clock::now();
    for (int i = 0; i < fill; ++i) {
      Response r = samples[static_cast<std::size_t>(i) % samples.size()];
      r.uuid = newUuid();
      batch.push_back(std::move(r));
      if (batch.size() == 10'000 || i + 1 == fill) {
        if (!(*store)->recordMany(batch)) return std::fprintf(stderr, "store_bench: fill failed\n"), 1;
        batch.clear();
      }
    }
    std::printf("Filled %d responses in %.1f s (batched transactions of 10000)\n", fill, microsSince(fillStart) / 1e6);

    std::vector<double> fetch;
    for (int i = 0; i < 200; ++i) {
      const auto start = Clock::now();
      auto pending = (*store)->pending(500);
      fetch.push_back(microsSince(start));
      if (!pending || pending->size() != 500) return std::fprintf(stderr, "store_bench: fetch failed\n"), 1;
    }
    std::printf("Fetch a 500-item pending batch with %d pending (200 fetches)\n", fill);
    report("pending(500)", fetch);
    std::printf("  goal: <= 5000 us\n\n");
  }  // closing checkpoints the WAL into the database file
  const double bytes = static_cast<double>(fs::file_size(bulk));
  std::printf("Size with %d responses: %.1f MiB, %.1f bytes per response (goal <= 250)\n", fill, bytes / 1048576.0,
              bytes / fill);
  fs::remove_all(dir);
  return 0;
}
