// Sixteen mutex-guarded LRU shards picked by the token hash; drops sweep every shard (user
// events are rare, lookups are not).
#include "middleware/session_cache.h"

#include <algorithm>
#include <cstring>

#include <openssl/sha.h>

#include "log/log.h"

namespace billing::gateway {

SessionCache::Key SessionCache::KeyOf(std::string_view token) {
  Key key;
  SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(), key.data());
  return key;
}

size_t SessionCache::KeyHash::operator()(const Key& key) const {
  size_t value;  // a SHA-256 is uniform already: its first bytes are a good hash
  std::memcpy(&value, key.data(), sizeof(value));
  return value;
}

SessionCache::SessionCache(SessionCacheOptions options, const domain::Clock& clock)
    : options_(options),
      clock_(clock),
      per_shard_(std::max<size_t>(1, (options.max_entries + kShards - 1) / kShards)) {
  for (size_t i = 0; i < kShards; ++i) shards_.push_back(std::make_unique<Shard>());
}

SessionCache::Shard& SessionCache::ShardOf(const Key& key) {
  return *shards_[key[sizeof(size_t)] % kShards];  // a byte the in-shard hash does not use
}

std::optional<VerifiedSession> SessionCache::Find(const Key& key) {
  if (!Enabled()) return std::nullopt;
  auto now = clock_.Now();
  Shard& shard = ShardOf(key);
  std::lock_guard lock(shard.mutex);
  auto found = shard.index.find(key);
  if (found == shard.index.end()) {
    misses_.fetch_add(1, std::memory_order_relaxed);
    return std::nullopt;
  }
  auto entry = found->second;
  // A clock that went back must not stretch the trust either.
  if (now >= entry->trusted_until || now < entry->stored_at) {
    shard.index.erase(found);
    shard.lru.erase(entry);
    misses_.fetch_add(1, std::memory_order_relaxed);
    return std::nullopt;
  }
  shard.lru.splice(shard.lru.begin(), shard.lru, entry);
  hits_.fetch_add(1, std::memory_order_relaxed);
  return entry->session;
}

void SessionCache::Put(const Key& key, VerifiedSession session, uint64_t generation) {
  if (!Enabled()) return;
  auto now = clock_.Now();
  auto trusted_until = std::min(now + options_.ttl, session.expires_at);
  if (trusted_until <= now) return;
  Shard& shard = ShardOf(key);
  std::lock_guard lock(shard.mutex);
  // Checked under the shard lock: a drop is recorded before its sweep, so an answer either sees
  // the drop here or is inserted before the sweep reaches this shard.
  if (DroppedSince(session.user_id, generation)) return;
  if (auto found = shard.index.find(key); found != shard.index.end()) {
    shard.lru.erase(found->second);
    shard.index.erase(found);
  }
  shard.lru.push_front(Entry{key, std::move(session), now, trusted_until});
  shard.index.emplace(key, shard.lru.begin());
  while (shard.lru.size() > per_shard_) {
    shard.index.erase(shard.lru.back().key);
    shard.lru.pop_back();
  }
}

bool SessionCache::DroppedSince(int64_t user_id, uint64_t generation) {
  std::lock_guard lock(drops_mutex_);
  if (clear_generation_ > generation) return true;
  auto found = user_drops_.find(user_id);
  return found != user_drops_.end() && found->second > generation;
}

void SessionCache::RecordDrop(std::optional<int64_t> user_id) {
  std::lock_guard lock(drops_mutex_);
  uint64_t generation = generation_.fetch_add(1) + 1;
  if (user_id) {
    user_drops_[*user_id] = generation;
  } else {
    clear_generation_ = generation;
    user_drops_.clear();  // the clear covers them all
  }
}

size_t SessionCache::DropUser(int64_t user_id) {
  RecordDrop(user_id);
  size_t dropped = 0;
  for (auto& shard : shards_) {
    std::lock_guard lock(shard->mutex);
    for (auto entry = shard->lru.begin(); entry != shard->lru.end();) {
      if (entry->session.user_id == user_id) {
        shard->index.erase(entry->key);
        entry = shard->lru.erase(entry);
        ++dropped;
      } else {
        ++entry;
      }
    }
  }
  return dropped;
}

void SessionCache::Clear() {
  RecordDrop(std::nullopt);
  for (auto& shard : shards_) {
    std::lock_guard lock(shard->mutex);
    shard->index.clear();
    shard->lru.clear();
  }
}

void SessionCache::OnEvent(const events::EventMessage& event) {
  if (event.entity == "system") {
    Clear();  // a restore may have replaced every account
    return;
  }
  // A login changes nothing about existing sessions (and the login benchmark would otherwise
  // empty the cache all the time); every other user event may end some.
  if (event.entity != "user" || event.action == "login" || event.id.empty()) return;
  int64_t user_id = 0;
  try {
    user_id = std::stoll(event.id);
  } catch (const std::exception&) {
    Clear();  // cannot tell whose: drop all
    return;
  }
  DropUser(user_id);
}

size_t SessionCache::Size() const {
  size_t size = 0;
  for (const auto& shard : shards_) {
    std::lock_guard lock(shard->mutex);
    size += shard->lru.size();
  }
  return size;
}

}  // namespace billing::gateway
