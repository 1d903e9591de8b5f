// Idempotency-Key: the decision (RunIdempotent), the route decorator and the record stores.
#include "middleware/idempotency.h"

#include <cstdio>
#include <iterator>

#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "errors/error.h"
#include "i18n/messages.h"
#include "log/log.h"
#include "middleware/authenticator.h"
#include "redis/redis_client.h"

namespace billing::gateway {
namespace {

constexpr size_t kMaxKeyLength = 128;
// Creates answer with one small object; anything larger is not kept (the key is then freed).
constexpr size_t kMaxStoredBody = 256 * 1024;

std::string Hex(const unsigned char* bytes, size_t size) {
  std::string out(size * 2, '0');
  for (size_t i = 0; i < size; ++i) std::snprintf(&out[2 * i], 3, "%02x", bytes[i]);
  return out;
}

std::string RandomOwner() {
  unsigned char bytes[16];
  RAND_bytes(bytes, sizeof(bytes));
  return Hex(bytes, sizeof(bytes));
}

// Compare-and-set: only the attempt that claimed a key replaces or removes it.
constexpr const char* kCompleteScript =
    "if redis.call('GET', KEYS[1]) == ARGV[1] then "
    "redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3]) return 1 end return 0";
constexpr const char* kReleaseScript =
    "if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) return 1 end "
    "return 0";

void ReleaseQuietly(IdempotencyStore& store, const std::string& key,
                    const IdempotencyRecord& claim) {
  try {
    store.Release(key, claim);
  } catch (const std::exception& e) {
    // The claim then expires by itself after kIdempotencyPendingTtl.
    log::Warn("idempotency release failed", {{"error", e.what()}});
  }
}

errors::Error KeyError(const char* message) {
  return errors::Error(errors::Code::kFailedPrecondition, message, {{kIdempotencyHeader, message}});
}

}  // namespace

std::string IdempotencyRecord::Encode() const {
  nlohmann::json json = {
      {"pending", pending}, {"fingerprint", fingerprint},   {"owner", owner},    {"status", status},
      {"body", body},       {"content_type", content_type}, {"headers", headers}};
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::optional<IdempotencyRecord> IdempotencyRecord::Decode(const std::string& text) {
  nlohmann::json json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) return std::nullopt;
  try {
    IdempotencyRecord record;
    record.pending = json.at("pending").get<bool>();
    record.fingerprint = json.at("fingerprint").get<std::string>();
    record.owner = json.at("owner").get<std::string>();
    record.status = json.at("status").get<int>();
    record.body = json.at("body").get<std::string>();
    record.content_type = json.at("content_type").get<std::string>();
    record.headers = json.at("headers").get<std::map<std::string, std::string>>();
    return record;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

// --- Redis -------------------------------------------------------------------------------

std::optional<IdempotencyRecord> RedisIdempotencyStore::Claim(const std::string& key,
                                                              const IdempotencyRecord& claim,
                                                              std::chrono::seconds ttl) {
  // A record can expire between SET NX and GET: then claim again (a few times at most).
  for (int attempt = 0; attempt < 3; ++attempt) {
    redis::Reply set =
        redis_.Command({"SET", key, claim.Encode(), "NX", "EX", std::to_string(ttl.count())});
    if (set.type == redis::Reply::Type::kStatus) return std::nullopt;
    redis::Reply get = redis_.Command({"GET", key});
    if (get.type != redis::Reply::Type::kString) continue;
    if (auto record = IdempotencyRecord::Decode(get.text)) return record;
    // An unreadable record (another version?) blocks nothing: drop it and claim again.
    redis_.Command({"DEL", key});
  }
  throw errors::Unavailable(i18n::kServiceUnavailable);
}

void RedisIdempotencyStore::Complete(const std::string& key, const IdempotencyRecord& claim,
                                     const IdempotencyRecord& answer, std::chrono::seconds ttl) {
  redis_.Command({"EVAL", kCompleteScript, "1", key, claim.Encode(), answer.Encode(),
                  std::to_string(ttl.count())});
}

void RedisIdempotencyStore::Release(const std::string& key, const IdempotencyRecord& claim) {
  redis_.Command({"EVAL", kReleaseScript, "1", key, claim.Encode()});
}

// --- In process ----------------------------------------------------------------------------

MemoryIdempotencyStore::MemoryIdempotencyStore(size_t max_records, Clock clock)
    : max_records_(max_records), clock_(std::move(clock)) {
  if (!clock_) clock_ = [] { return std::chrono::steady_clock::now(); };
}

void MemoryIdempotencyStore::EraseLocked(const std::string& key) {
  auto it = entries_.find(key);
  if (it == entries_.end()) return;
  order_.erase(it->second.age);
  entries_.erase(it);
}

std::optional<std::string> MemoryIdempotencyStore::FindLocked(const std::string& key) {
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  if (it->second.expires <= clock_()) {
    EraseLocked(key);
    return std::nullopt;
  }
  return it->second.value;
}

std::optional<IdempotencyRecord> MemoryIdempotencyStore::Claim(const std::string& key,
                                                               const IdempotencyRecord& claim,
                                                               std::chrono::seconds ttl) {
  std::lock_guard lock(mutex_);
  if (auto value = FindLocked(key)) return IdempotencyRecord::Decode(*value);
  while (entries_.size() >= max_records_ && !order_.empty()) EraseLocked(order_.front());
  order_.push_back(key);
  entries_[key] = {claim.Encode(), clock_() + ttl, std::prev(order_.end())};
  return std::nullopt;
}

void MemoryIdempotencyStore::Complete(const std::string& key, const IdempotencyRecord& claim,
                                      const IdempotencyRecord& answer, std::chrono::seconds ttl) {
  std::lock_guard lock(mutex_);
  auto value = FindLocked(key);
  if (!value || *value != claim.Encode()) return;
  Entry& entry = entries_.at(key);
  entry.value = answer.Encode();
  entry.expires = clock_() + ttl;
}

void MemoryIdempotencyStore::Release(const std::string& key, const IdempotencyRecord& claim) {
  std::lock_guard lock(mutex_);
  auto value = FindLocked(key);
  if (value && *value == claim.Encode()) EraseLocked(key);
}

// --- Redis with the in-process fallback ----------------------------------------------------

FallbackIdempotencyStore::FallbackIdempotencyStore(IdempotencyStore& primary,
                                                   IdempotencyStore& fallback,
                                                   std::chrono::seconds pause)
    : primary_(primary), fallback_(fallback), pause_(pause) {}

template <typename Result>
Result FallbackIdempotencyStore::Use(const std::function<Result(IdempotencyStore&)>& call) {
  bool primary_up = false;
  {
    std::lock_guard lock(mutex_);
    primary_up = std::chrono::steady_clock::now() >= primary_down_until_;
  }
  if (primary_up) {
    try {
      return call(primary_);
    } catch (const errors::Error& error) {
      if (error.code() != errors::Code::kUnavailable) throw;
      std::lock_guard lock(mutex_);
      primary_down_until_ = std::chrono::steady_clock::now() + pause_;
      log::Warn("idempotency store unavailable, using this gateway's memory",
                {{"pause_seconds", static_cast<int64_t>(pause_.count())}});
    }
  }
  return call(fallback_);
}

std::optional<IdempotencyRecord> FallbackIdempotencyStore::Claim(const std::string& key,
                                                                 const IdempotencyRecord& claim,
                                                                 std::chrono::seconds ttl) {
  return Use<std::optional<IdempotencyRecord>>(
      [&](IdempotencyStore& store) { return store.Claim(key, claim, ttl); });
}

void FallbackIdempotencyStore::Complete(const std::string& key, const IdempotencyRecord& claim,
                                        const IdempotencyRecord& answer, std::chrono::seconds ttl) {
  Use<void>([&](IdempotencyStore& store) { store.Complete(key, claim, answer, ttl); });
}

void FallbackIdempotencyStore::Release(const std::string& key, const IdempotencyRecord& claim) {
  Use<void>([&](IdempotencyStore& store) { store.Release(key, claim); });
}

// --- The decision and the decorator --------------------------------------------------------

bool IsValidIdempotencyKey(const std::string& key) {
  if (key.empty() || key.size() > kMaxKeyLength) return false;
  for (char c : key) {
    if (c < 0x21 || c > 0x7E) return false;
  }
  return true;
}

std::string RequestFingerprint(const std::string& method, const std::string& path,
                               const std::string& body) {
  std::string text = method + "\n" + path + "\n" + body;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(text.data(), text.size(), digest, &size, EVP_sha256(), nullptr);
  return Hex(digest, size);
}

Response RunIdempotent(IdempotencyStore& store, int64_t user_id, const std::string& key,
                       const std::string& fingerprint, const std::function<Response()>& handler) {
  std::string store_key = "idempotency:" + std::to_string(user_id) + ":" + key;
  IdempotencyRecord claim;
  claim.pending = true;
  claim.fingerprint = fingerprint;
  claim.owner = RandomOwner();
  if (auto held = store.Claim(store_key, claim, kIdempotencyPendingTtl)) {
    if (held->fingerprint != fingerprint) throw KeyError(i18n::kIdempotencyKeyReused);
    if (held->pending) throw KeyError(i18n::kIdempotencyInProgress).WithRetryAfter(1);
    Response replay;
    replay.status = held->status;
    replay.body = held->body;
    replay.content_type = held->content_type;
    replay.headers = held->headers;
    replay.headers["Idempotent-Replayed"] = "true";
    return replay;
  }
  Response response;
  try {
    response = handler();
  } catch (...) {
    ReleaseQuietly(store, store_key, claim);
    throw;
  }
  if (response.status < 200 || response.status > 299 || response.body.size() > kMaxStoredBody) {
    ReleaseQuietly(store, store_key, claim);
    return response;
  }
  IdempotencyRecord answer = claim;
  answer.pending = false;
  answer.status = response.status;
  answer.body = response.body;
  answer.content_type = response.content_type;
  answer.headers = response.headers;
  try {
    store.Complete(store_key, claim, answer, kIdempotencyTtl);
  } catch (const std::exception& e) {
    // The work is done and answered; a retry within the claim's expiry gets 409, later it runs.
    log::Error("idempotency answer not stored", {{"error", e.what()}});
  }
  return response;
}

Handler Idempotent(IdempotencyStore& store, Handler handler) {
  return [&store, handler = std::move(handler)](RequestContext& ctx) {
    auto header = ctx.request.headers().tryGetRaw(kIdempotencyHeader);
    if (!header) return handler(ctx);
    const std::string& key = header->value();
    if (!IsValidIdempotencyKey(key)) {
      throw errors::InvalidArgument(i18n::kInvalidIdempotencyKey,
                                    {{kIdempotencyHeader, i18n::kInvalidIdempotencyKey}});
    }
    std::string fingerprint = RequestFingerprint(Pistache::Http::methodString(ctx.request.method()),
                                                 ctx.request.resource(), ctx.request.body());
    return RunIdempotent(store, ctx.caller.user_id, key, fingerprint,
                         [&handler, &ctx] { return handler(ctx); });
  };
}

}  // namespace billing::gateway
