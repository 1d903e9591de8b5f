// Fan-out of one event frame to N stream sockets (Unix socket pairs standing in for browser
// connections): the zero-copy SendChunk used by every stream, and for comparison the earlier
// way (the chunk built per client, appended to the client's buffer, then sent).
#include <string>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

#include <benchmark/benchmark.h>

#include "sse/pistache_sink.h"
#include "sse/sse_format.h"

namespace {

using billing::gateway::sse::Chunk;
using billing::gateway::sse::SendChunk;

const std::string kFrame =
    "id: 123456\nevent: change\ndata: {\"entity\":\"customer\",\"action\":\"create\","
    "\"id\":\"98765\",\"by\":\"admin\",\"at\":\"2026-11-30T23:00:00Z\"}\n\n";

class Sockets {
 public:
  explicit Sockets(int count) {
    for (int i = 0; i < count; ++i) {
      int fds[2];
      if (::socketpair(AF_UNIX, SOCK_STREAM, 0, fds) != 0) break;
      writers_.push_back(fds[0]);
      readers_.push_back(fds[1]);
    }
  }
  ~Sockets() {
    for (int fd : writers_) ::close(fd);
    for (int fd : readers_) ::close(fd);
  }
  void Drain() {
    char buffer[4096];
    for (int fd : readers_) {
      while (::recv(fd, buffer, sizeof(buffer), MSG_DONTWAIT) > 0) {
      }
    }
  }
  const std::vector<int>& Writers() const { return writers_; }

 private:
  std::vector<int> writers_;
  std::vector<int> readers_;
};

void BM_SendChunkToEveryStream(benchmark::State& state) {
  Sockets sockets(static_cast<int>(state.range(0)));
  std::vector<std::string> pending(sockets.Writers().size());
  for (auto _ : state) {
    for (size_t i = 0; i < sockets.Writers().size(); ++i) {
      benchmark::DoNotOptimize(SendChunk(sockets.Writers()[i], kFrame, pending[i]));
    }
    state.PauseTiming();
    sockets.Drain();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_SendChunkToEveryStream)->Arg(1000)->Arg(5000)->Unit(benchmark::kMillisecond);

// The fan-out before issue 13: Chunk() per client, appended to its buffer, sent, erased.
void BM_CopyChunkPerStream(benchmark::State& state) {
  Sockets sockets(static_cast<int>(state.range(0)));
  std::vector<std::string> pending(sockets.Writers().size());
  for (auto _ : state) {
    for (size_t i = 0; i < sockets.Writers().size(); ++i) {
      std::string chunk = Chunk(kFrame);
      pending[i] += chunk;
      ssize_t n = ::send(sockets.Writers()[i], pending[i].data(), pending[i].size(),
                         MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n > 0) pending[i].erase(0, static_cast<size_t>(n));
    }
    state.PauseTiming();
    sockets.Drain();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_CopyChunkPerStream)->Arg(1000)->Arg(5000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
