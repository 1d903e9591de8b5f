// The outbox relay: publishes committed outbox rows to Redis in order, exactly one leader in the
// whole suite (PostgreSQL advisory lock), surviving Redis outages and restarts.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace billing::redis {
class RedisClient;
}

namespace billing::events {

struct RelayOptions {
  std::string database_url;
  std::chrono::milliseconds poll_interval{1000};  // wake up at least this often as leader
  std::chrono::milliseconds standby_retry{3000};  // how often a standby tries to lead
  std::chrono::milliseconds max_backoff{5000};    // ceiling of the retry delay on failures
  int batch_size = 500;
};

// Runs in its own thread from Start() until Stop() (or destruction). Each pass, as leader:
// (A) gives every committed row without a seq the next delivery seq, in id order, in one
// transaction; (B) publishes rows with a seq and no published_at, in seq order, marking each
// published after its PUBLISH succeeded. When Redis fails it stops and retries with back-off,
// so events arrive late but in order; a crash between PUBLISH and marking may publish a row
// again, which subscribers drop by seq.
class Relay final {
 public:
  Relay(RelayOptions options, redis::RedisClient& redis);
  ~Relay();
  Relay(const Relay&) = delete;
  Relay& operator=(const Relay&) = delete;

  void Start();
  void Stop();

 private:
  void Run();
  // Sleeps up to `duration` unless stopped; returns false once stopped.
  bool Sleep(std::chrono::milliseconds duration);

  RelayOptions options_;
  redis::RedisClient& redis_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace billing::events
