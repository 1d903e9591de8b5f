// The gateway's read cache (middleware/read_cache.h): what a hit costs (a copy of the kept
// answer under one lock), alone and from several threads, against a miss that fetches.
#include <string>

#include <benchmark/benchmark.h>

#include "domain/clock.h"
#include "middleware/read_cache.h"

namespace {

using billing::gateway::ReadCache;
using billing::gateway::ReadCacheOptions;
using billing::gateway::Response;

// A customer page of 50 rows is about 15 KB of JSON.
const std::string kPage(15000, 'x');
const std::string kKey = "14:/api/customers14:/api/customers5:staff5:limit2:50";

ReadCache& Cache() {
  static billing::domain::SystemClock clock;
  static ReadCache cache(ReadCacheOptions{std::chrono::milliseconds(60000)}, clock);
  return cache;
}

void BM_Hit(benchmark::State& state) {
  ReadCache& cache = Cache();
  auto fetch = [] { return Response::JsonText(kPage); };
  cache.Get(kKey, fetch);
  for (auto _ : state) benchmark::DoNotOptimize(cache.Get(kKey, fetch));
}
BENCHMARK(BM_Hit)->Threads(1)->Threads(4)->UseRealTime();

// A miss after every change: the drop, the fetch (here only the copy of a page), the store.
void BM_MissAfterClear(benchmark::State& state) {
  ReadCache& cache = Cache();
  auto fetch = [] { return Response::JsonText(kPage); };
  for (auto _ : state) {
    cache.Clear();
    benchmark::DoNotOptimize(cache.Get(kKey, fetch));
  }
}
BENCHMARK(BM_MissAfterClear);

}  // namespace

BENCHMARK_MAIN();
