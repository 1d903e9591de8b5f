// Idempotency-Key for creates: a route decorator that answers a repeated request with the first
// answer instead of running it again. Records live in a store (Redis, an in-process fallback).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "http/router.h"

namespace billing::redis {
class RedisClient;
}

namespace billing::gateway {

// How long a first answer is replayed, and how long a request may hold its key unanswered
// (longer than any create's deadline; after it a crashed attempt no longer blocks the key).
inline constexpr std::chrono::seconds kIdempotencyTtl = std::chrono::hours(24);
inline constexpr std::chrono::seconds kIdempotencyPendingTtl = std::chrono::minutes(5);
inline constexpr const char* kIdempotencyHeader = "Idempotency-Key";

// One key's record: claimed and running (`pending`), or the first answer.
struct IdempotencyRecord {
  bool pending = true;
  std::string fingerprint;  // hash of method, path and body of the first request
  std::string owner;        // random per attempt: only the claimer may complete or release
  int status = 0;
  std::string body;
  std::string content_type;
  std::map<std::string, std::string> headers;

  std::string Encode() const;
  static std::optional<IdempotencyRecord> Decode(const std::string& text);
};

class IdempotencyStore {
 public:
  virtual ~IdempotencyStore() = default;
  // Stores `claim` under `key` for `ttl` unless the key is taken; returns the record that holds
  // the key then (nullopt: the claim is ours). Throws errors::Error (unavailable).
  virtual std::optional<IdempotencyRecord> Claim(const std::string& key,
                                                 const IdempotencyRecord& claim,
                                                 std::chrono::seconds ttl) = 0;
  // Replaces our claim with the answer for `ttl` (nothing when the key is no longer ours).
  virtual void Complete(const std::string& key, const IdempotencyRecord& claim,
                        const IdempotencyRecord& answer, std::chrono::seconds ttl) = 0;
  // Frees the key if it still holds our claim (a failed attempt may be retried).
  virtual void Release(const std::string& key, const IdempotencyRecord& claim) = 0;
};

// Shared by every gateway replica: SET NX with expiry; compare-and-set in a Lua script.
class RedisIdempotencyStore final : public IdempotencyStore {
 public:
  explicit RedisIdempotencyStore(redis::RedisClient& redis) : redis_(redis) {}
  std::optional<IdempotencyRecord> Claim(const std::string& key, const IdempotencyRecord& claim,
                                         std::chrono::seconds ttl) override;
  void Complete(const std::string& key, const IdempotencyRecord& claim,
                const IdempotencyRecord& answer, std::chrono::seconds ttl) override;
  void Release(const std::string& key, const IdempotencyRecord& claim) override;

 private:
  redis::RedisClient& redis_;
};

// In this process only, bounded (oldest records dropped first); the clock is injected.
class MemoryIdempotencyStore final : public IdempotencyStore {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  explicit MemoryIdempotencyStore(size_t max_records = 10000, Clock clock = nullptr);
  std::optional<IdempotencyRecord> Claim(const std::string& key, const IdempotencyRecord& claim,
                                         std::chrono::seconds ttl) override;
  void Complete(const std::string& key, const IdempotencyRecord& claim,
                const IdempotencyRecord& answer, std::chrono::seconds ttl) override;
  void Release(const std::string& key, const IdempotencyRecord& claim) override;

 private:
  struct Entry {
    std::string value;  // the encoded record
    std::chrono::steady_clock::time_point expires;
    std::list<std::string>::iterator age;
  };
  std::optional<std::string> FindLocked(const std::string& key);
  void EraseLocked(const std::string& key);

  size_t max_records_;
  Clock clock_;
  std::mutex mutex_;
  std::map<std::string, Entry> entries_;
  std::list<std::string> order_;  // keys, oldest first
};

// Redis first; while it is down the in-process store answers (logged), so creates keep working
// and a retry to the same gateway is still recognised. Redis is retried after a pause.
class FallbackIdempotencyStore final : public IdempotencyStore {
 public:
  FallbackIdempotencyStore(IdempotencyStore& primary, IdempotencyStore& fallback,
                           std::chrono::seconds pause = std::chrono::seconds(5));
  std::optional<IdempotencyRecord> Claim(const std::string& key, const IdempotencyRecord& claim,
                                         std::chrono::seconds ttl) override;
  void Complete(const std::string& key, const IdempotencyRecord& claim,
                const IdempotencyRecord& answer, std::chrono::seconds ttl) override;
  void Release(const std::string& key, const IdempotencyRecord& claim) override;

 private:
  template <typename Result>
  Result Use(const std::function<Result(IdempotencyStore&)>& call);

  IdempotencyStore& primary_;
  IdempotencyStore& fallback_;
  std::chrono::seconds pause_;
  std::mutex mutex_;
  std::chrono::steady_clock::time_point primary_down_until_{};
};

// True for 1-128 visible ASCII characters (0x21-0x7E).
bool IsValidIdempotencyKey(const std::string& key);
// SHA-256 (hex) of what makes two requests "the same": method, path and body.
std::string RequestFingerprint(const std::string& method, const std::string& path,
                               const std::string& body);

// The decision, apart from HTTP: runs `handler` once per (user, key). Same key and fingerprint:
// the stored 2xx answer (header Idempotent-Replayed: true); still running: 409
// failed_precondition; other fingerprint: 409 failed_precondition naming the header. Only 2xx
// answers are kept; a failed attempt (error or exception) frees the key.
Response RunIdempotent(IdempotencyStore& store, int64_t user_id, const std::string& key,
                       const std::string& fingerprint, const std::function<Response()>& handler);

// The route decorator: requests without the header run as before; a malformed header is 400.
Handler Idempotent(IdempotencyStore& store, Handler handler);

}  // namespace billing::gateway
