// Verified sessions kept per token for a few seconds, so that most requests skip auth.Verify
// (a gRPC call and a PostgreSQL query); every event about a user drops that user's sessions.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "domain/clock.h"
#include "domain/role.h"
#include "events/event_message.h"

namespace billing::gateway {

// What auth.Verify answered for a token.
struct VerifiedSession {
  int64_t user_id = 0;
  std::string username;
  std::optional<domain::Role> role;
  bool password_is_default = false;
  std::string token_id;
  std::chrono::system_clock::time_point expires_at;  // the token's own expiry
};

struct SessionCacheOptions {
  size_t max_entries = 10000;           // 0: nothing is cached
  std::chrono::milliseconds ttl{2000};  // an answer is trusted this long at most
};

// Sharded LRU of successful verifications, keyed by the SHA-256 of the token (the token itself
// is never kept). Safe for any number of threads.
class SessionCache final {
 public:
  using Key = std::array<unsigned char, 32>;
  static Key KeyOf(std::string_view token);

  SessionCache(SessionCacheOptions options, const domain::Clock& clock);
  SessionCache(const SessionCache&) = delete;
  SessionCache& operator=(const SessionCache&) = delete;

  bool Enabled() const { return options_.max_entries > 0 && options_.ttl.count() > 0; }

  // The session, while within its ttl and before its token expires; nullopt otherwise.
  std::optional<VerifiedSession> Find(const Key& key);
  // Take this before asking auth and give it to Put: an answer that a drop of its user (or a
  // Clear) overtook is not kept, since it may predate the change that caused the drop.
  uint64_t Generation() const { return generation_.load(); }
  void Put(const Key& key, VerifiedSession session, uint64_t generation);

  // Drops every session of the user; returns how many.
  size_t DropUser(int64_t user_id);
  void Clear();
  // Applies one change event: a user event drops that user's sessions (a login excepted), a
  // system-wide one (a restore) drops everything.
  void OnEvent(const events::EventMessage& event);

  size_t Size() const;
  uint64_t Hits() const { return hits_.load(std::memory_order_relaxed); }
  uint64_t Misses() const { return misses_.load(std::memory_order_relaxed); }

 private:
  struct KeyHash {
    size_t operator()(const Key& key) const;
  };
  struct Entry {
    Key key;
    VerifiedSession session;
    std::chrono::system_clock::time_point stored_at;
    std::chrono::system_clock::time_point trusted_until;
  };
  struct Shard {
    std::mutex mutex;
    std::list<Entry> lru;  // most recently used first
    std::unordered_map<Key, std::list<Entry>::iterator, KeyHash> index;
  };
  static constexpr size_t kShards = 16;

  Shard& ShardOf(const Key& key);
  // Whether the user's sessions were dropped after `generation` was taken.
  bool DroppedSince(int64_t user_id, uint64_t generation);
  // Records a drop (of one user, or of all with nullopt) before the shards are swept.
  void RecordDrop(std::optional<int64_t> user_id);

  SessionCacheOptions options_;
  const domain::Clock& clock_;
  size_t per_shard_;
  std::vector<std::unique_ptr<Shard>> shards_;
  std::atomic<uint64_t> generation_{0};
  // Per user, so that one user's drops (a wrong change-password, say) never stop the caching
  // of everyone else's sessions. At most one entry per user ever dropped.
  std::mutex drops_mutex_;
  std::unordered_map<int64_t, uint64_t> user_drops_;  // user id -> generation of the last drop
  uint64_t clear_generation_ = 0;
  std::atomic<uint64_t> hits_{0};
  std::atomic<uint64_t> misses_{0};
};

}  // namespace billing::gateway
