// The outbox relay: publishes committed outbox rows to Redis in order, exactly one leader in the
// whole suite (PostgreSQL advisory lock), surviving Redis outages and restarts.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace pqxx {
class connection_base;
}
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

// Runs in its own thread from Start() until Stop() (or destruction). Each pass, as leader, is
// one statement (one commit) that marks the rows the previous pass published, gives the next
// committed rows without a seq their delivery seq in id order, and returns the rows with a seq
// and no published_at in seq order; they are then PUBLISHed in one Redis pipeline. A pass that
// published something is followed at once by the next (which marks them); an idle one waits
// for a NOTIFY. When Redis fails it stops and retries with back-off, so events arrive late but
// in order; a crash between PUBLISH and marking may publish a row again, which subscribers
// drop by seq.
class Relay final {
 public:
  Relay(RelayOptions options, redis::RedisClient& redis);
  ~Relay();
  Relay(const Relay&) = delete;
  Relay& operator=(const Relay&) = delete;

  void Start();
  void Stop();

 private:
  enum class PassResult { kIdle, kPublished, kRedisFailed };
  void Run();
  // Throws on database errors.
  PassResult PublishPass(pqxx::connection_base& connection);
  // Sleeps up to `duration` unless stopped; returns false once stopped.
  bool Sleep(std::chrono::milliseconds duration);

  RelayOptions options_;
  redis::RedisClient& redis_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::vector<int64_t> published_unmarked_;  // relay thread only
  std::thread thread_;
};

// Wakes the relay (wherever the leader runs) after this process commits outbox rows: Wake()
// only sets a flag; its thread sends one NOTIFY for every burst of wakes, on a connection of
// its own with synchronous_commit off, so writers neither wait for it nor serialise on
// PostgreSQL's notify lock. A wake set before a NOTIFY starts is covered by it, so a row
// committed before Wake() is always seen by the pass that NOTIFY causes. While the database
// is unreachable wakes are dropped; the relay's poll interval picks the rows up.
class RelayWaker final {
 public:
  explicit RelayWaker(std::string database_url);
  ~RelayWaker();  // Uninstall(), then stops the thread
  RelayWaker(const RelayWaker&) = delete;
  RelayWaker& operator=(const RelayWaker&) = delete;

  void Wake();
  // Makes Pool::Transact wake this after every commit on a thread that recorded a change
  // (db::SetAfterCommitHook); one waker per process.
  void Install();
  void Uninstall();

 private:
  void Run();

  std::string database_url_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool pending_ = false;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace billing::events
