// Answers of the busiest read routes (customer and transaction lists, stats, packages) kept for
// a moment and shared by every caller of the same role, so that the many browsers that reload
// the same page after a change cost one backend call instead of one each.
//
// Staleness is bounded three ways: every change event drops everything before the browsers
// hear of it (LiveEvents observers run before the fan-out), every write through this gateway
// drops everything before its answer is sent, and nothing is kept longer than the ttl (which
// covers changes whose event is late, e.g. while Redis is down).
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <future>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "domain/clock.h"
#include "events/event_message.h"
#include "http/request_context.h"

namespace billing::gateway {

struct ReadCacheOptions {
  std::chrono::milliseconds ttl{1000};  // 0: nothing is cached
  size_t max_bytes = 8 << 20;           // all kept bodies together
  size_t max_entry_bytes = 1 << 20;     // a larger answer is not kept
  // How long a caller waits for the same answer already being fetched before fetching its own.
  std::chrono::milliseconds max_wait{10000};
};

// Safe for any number of threads.
class ReadCache final {
 public:
  ReadCache(ReadCacheOptions options, const domain::Clock& clock);
  ReadCache(const ReadCache&) = delete;
  ReadCache& operator=(const ReadCache&) = delete;

  bool Enabled() const { return options_.ttl.count() > 0 && options_.max_bytes > 0; }

  // The key of a cacheable GET: route, path, every query parameter as sent, and the caller's
  // role (what a route shows may depend on it). Unambiguous: parameters are sorted and
  // length-prefixed.
  static std::string KeyOf(const RequestContext& context);

  // The kept answer for `key`, or `fetch`'s. Concurrent callers of one key share one fetch.
  // Only plain 200 answers are kept, and only when nothing dropped the cache since the fetch
  // began; errors propagate to the caller that fetched (the others fetch for themselves).
  Response Get(const std::string& key, const std::function<Response()>& fetch);

  // Drops every kept answer; fetches under way are not kept.
  void Clear();
  // Any change event may change any cached answer, except auth's (users, logins, logouts):
  // no cached route shows users, and a burst of logins must not empty the cache.
  void OnEvent(const events::EventMessage& event);

  size_t Size() const;
  size_t Bytes() const;
  uint64_t Hits() const { return hits_.load(std::memory_order_relaxed); }
  uint64_t Misses() const { return misses_.load(std::memory_order_relaxed); }

 private:
  using Shared = std::shared_ptr<const Response>;  // nullptr: fetch failed or not keepable
  struct Entry {
    Shared response;
    std::chrono::system_clock::time_point expires_at;
    std::list<std::string>::iterator age;  // position in `order_`
  };
  struct Flight {
    uint64_t generation;
    std::shared_ptr<std::promise<Shared>> promise;
    std::shared_future<Shared> result;
  };

  bool Keepable(const Response& response) const;
  // Ends this caller's fetch of `key`: later callers no longer join it, waiting ones get
  // `result` (nullptr: fetch for yourselves).
  void EndFlight(const std::string& key, const std::shared_ptr<std::promise<Shared>>& mine,
                 Shared result);
  // Needs mutex_. Drops the oldest answers until `bytes` more fit.
  void MakeRoom(size_t bytes);
  void EraseLocked(std::unordered_map<std::string, Entry>::iterator it);

  ReadCacheOptions options_;
  const domain::Clock& clock_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  std::list<std::string> order_;  // keys, oldest first
  std::unordered_map<std::string, Flight> flights_;
  size_t bytes_ = 0;
  uint64_t generation_ = 0;  // bumped by Clear
  std::atomic<uint64_t> hits_{0};
  std::atomic<uint64_t> misses_{0};
};

}  // namespace billing::gateway
