// SSE fan-out benchmark: commits changes straight into the outbox and measures how long each
// takes to reach every one of N connected SSE clients (p50/p99), plus the gateway's memory
// per connected client. Starts its own PostgreSQL, Redis, services and gateway.
//
//   sse_fanout_bench [--clients 1000] [--rounds 50] [--hold SECONDS]
#include <algorithm>
#include <arpa/inet.h>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include <pqxx/pqxx>

#include "events/outbox.h"
#include "stack.h"

namespace billing::testing {
namespace {

using Clock = std::chrono::steady_clock;

}  // namespace

struct Options {
  int clients = 1000;
  int rounds = 50;
  int hold_seconds = 0;
};

namespace {

struct Connection {
  int fd = -1;
  bool open = false;
  bool ready = false;  // got the response head and the retry frame
  std::string buffer;
};

long RssKib(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

double Percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  size_t index = static_cast<size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(index, values.size() - 1)];
}

class Fleet final {
 public:
  Fleet(int port, std::string token) : port_(port), token_(std::move(token)) {
    epoll_ = epoll_create1(0);
  }
  ~Fleet() {
    for (auto& c : connections_) {
      if (c.fd >= 0) close(c.fd);
    }
    close(epoll_);
  }

  void Connect(int count) {
    for (int i = 0; i < count; ++i) {
      Connection c;
      c.fd = socket(AF_INET, SOCK_STREAM, 0);
      sockaddr_in address{};
      address.sin_family = AF_INET;
      address.sin_port = htons(static_cast<uint16_t>(port_));
      address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      if (connect(c.fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
        std::perror("connect");
        close(c.fd);
        continue;
      }
      std::string request =
          "GET /api/events HTTP/1.1\r\nHost: bench\r\nAccept: text/event-stream\r\n"
          "Authorization: Bearer " +
          token_ + "\r\n\r\n";
      if (send(c.fd, request.data(), request.size(), 0) != static_cast<ssize_t>(request.size())) {
        close(c.fd);
        continue;
      }
      c.open = true;
      connections_.push_back(std::move(c));
      epoll_event event{};
      event.events = EPOLLIN;
      event.data.u32 = static_cast<uint32_t>(connections_.size() - 1);
      epoll_ctl(epoll_, EPOLL_CTL_ADD, connections_.back().fd, &event);
      if (i % 50 == 49) Pump(std::chrono::milliseconds(20));  // stay under the listen backlog
    }
  }

  // Reads whatever arrived within `wait`; records when each client saw each bench round.
  void Pump(std::chrono::milliseconds wait) {
    epoll_event events[256];
    auto deadline = Clock::now() + wait;
    while (true) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      int n = epoll_wait(epoll_, events, 256, std::max<int>(0, static_cast<int>(left.count())));
      auto now = Clock::now();
      for (int i = 0; i < n; ++i) Read(events[i].data.u32, now);
      if (n <= 0 || Clock::now() >= deadline) return;
    }
  }

  int Ready() const {
    return static_cast<int>(std::count_if(connections_.begin(), connections_.end(),
                                          [](const Connection& c) { return c.open && c.ready; }));
  }
  int Open() const {
    return static_cast<int>(std::count_if(connections_.begin(), connections_.end(),
                                          [](const Connection& c) { return c.open; }));
  }
  // Clients that have seen round `round`, and when each did.
  const std::vector<Clock::time_point>& Arrivals(int round) { return arrivals_[round]; }

 private:
  void Read(uint32_t index, Clock::time_point now) {
    Connection& c = connections_[index];
    char data[16384];
    ssize_t got = recv(c.fd, data, sizeof(data), 0);
    if (got <= 0) {
      c.open = false;
      epoll_ctl(epoll_, EPOLL_CTL_DEL, c.fd, nullptr);
      return;
    }
    c.buffer.append(data, static_cast<size_t>(got));
    if (!c.ready && c.buffer.find("retry: ") != std::string::npos) c.ready = true;
    static const std::string kMarker = "\"id\":\"bench-";
    size_t at;
    while ((at = c.buffer.find(kMarker)) != std::string::npos) {
      size_t end = c.buffer.find('"', at + kMarker.size());
      if (end == std::string::npos) break;
      arrivals_[std::stoi(c.buffer.substr(at + kMarker.size(), end - at - kMarker.size()))]
          .push_back(now);
      c.buffer.erase(0, end);
    }
    if (c.buffer.size() > 4096 && c.buffer.find(kMarker) == std::string::npos) {
      c.buffer.erase(0, c.buffer.size() - 64);
    }
  }

  int port_;
  std::string token_;
  int epoll_;
  std::vector<Connection> connections_;
  std::map<int, std::vector<Clock::time_point>> arrivals_;
};

int RunBenchmark(const Options& options) {
  Suite& suite = Stack();
  std::string token = Login("admin", "admin123");
  if (token.empty()) return 1;
  std::string url = suite.GatewayUrl();
  int port = std::stoi(url.substr(url.rfind(':') + 1));
  pid_t gateway = suite.ServiceProcess("gateway").Pid();

  long rss_before = RssKib(gateway);
  Fleet fleet(port, token);
  auto connect_started = Clock::now();
  fleet.Connect(options.clients);
  while (fleet.Ready() < fleet.Open() &&
         Clock::now() - connect_started < std::chrono::seconds(60)) {
    fleet.Pump(std::chrono::milliseconds(100));
  }
  double connect_seconds = std::chrono::duration<double>(Clock::now() - connect_started).count();
  fleet.Pump(std::chrono::milliseconds(500));
  long rss_after = RssKib(gateway);
  int ready = fleet.Ready();
  std::printf("clients connected: %d of %d in %.1f s\n", ready, options.clients, connect_seconds);
  std::printf("gateway RSS: %ld KiB idle, %ld KiB with %d streams -> %.1f KiB per client\n",
              rss_before, rss_after, ready,
              ready > 0 ? static_cast<double>(rss_after - rss_before) / ready : 0.0);

  pqxx::connection db(suite.DatabaseUrl());
  rpc::Caller actor;
  actor.user_id = 1;
  actor.username = "admin";
  std::vector<double> every, last;
  int complete = 0;
  for (int round = 0; round < options.rounds; ++round) {
    events::Change change;
    change.action = "update";
    change.entity = "system";
    change.entity_id = "bench-" + std::to_string(round);
    change.summary = "benchmark";
    pqxx::work txn(db);
    events::Record(txn, "bench", actor, change);
    txn.commit();
    events::WakeRelay(db);
    auto committed = Clock::now();
    auto deadline = committed + std::chrono::seconds(10);
    while (static_cast<int>(fleet.Arrivals(round).size()) < ready && Clock::now() < deadline) {
      fleet.Pump(std::chrono::milliseconds(5));
    }
    const auto& arrivals = fleet.Arrivals(round);
    if (static_cast<int>(arrivals.size()) >= ready) ++complete;
    double worst = 0;
    for (auto arrival : arrivals) {
      double ms = std::chrono::duration<double, std::milli>(arrival - committed).count();
      every.push_back(ms);
      worst = std::max(worst, ms);
    }
    last.push_back(worst);
    fleet.Pump(std::chrono::milliseconds(100));
  }
  std::printf("rounds: %d, delivered to every client: %d\n", options.rounds, complete);
  std::printf("commit -> client, all deliveries (%zu): p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
              every.size(), Percentile(every, 0.50), Percentile(every, 0.99),
              Percentile(every, 1.0));
  std::printf("commit -> last of %d clients, per change: p50 %.1f ms, p99 %.1f ms\n", ready,
              Percentile(last, 0.50), Percentile(last, 0.99));

  if (options.hold_seconds > 0) {
    auto until = Clock::now() + std::chrono::seconds(options.hold_seconds);
    while (Clock::now() < until) fleet.Pump(std::chrono::milliseconds(500));
    std::printf("after holding %d s: %d streams still open\n", options.hold_seconds, fleet.Open());
  }
  return complete == options.rounds ? 0 : 2;
}

}  // namespace

Options g_options;

// gtest is only the harness that starts and stops the suite; this is not a CTest test.
TEST(SseFanoutBench, CommitToClients) { EXPECT_EQ(RunBenchmark(g_options), 0); }

}  // namespace billing::testing

int main(int argc, char** argv) {
  std::vector<char*> rest = {argv[0]};
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    int* target = flag == "--clients"  ? &billing::testing::g_options.clients
                  : flag == "--rounds" ? &billing::testing::g_options.rounds
                  : flag == "--hold"   ? &billing::testing::g_options.hold_seconds
                                       : nullptr;
    if (target != nullptr && i + 1 < argc) {
      *target = std::atoi(argv[++i]);
    } else {
      rest.push_back(argv[i]);
    }
  }
  // 1,000 streams need more than the usual 1,024 descriptors; the services inherit this.
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  limit.rlim_cur = limit.rlim_max;
  setrlimit(RLIMIT_NOFILE, &limit);
  int rest_count = static_cast<int>(rest.size());
  // The harness is one user from one address: lift the per-user, per-address and queue limits
  // (security defaults, docs/security.md) above the number of clients, as a benchmark run of
  // the suite does with the same variables.
  std::string room = std::to_string(billing::testing::g_options.clients + 100);
  billing::testing::UseFullStack(&rest_count, rest.data(),
                                 {{"LOG_LEVEL", "warn"},
                                  {"SSE_MAX_STREAMS_PER_USER", room},
                                  {"GATEWAY_MAX_CONNECTIONS_PER_IP", room},
                                  {"GATEWAY_QUEUE", room}});
  return RUN_ALL_TESTS();
}
