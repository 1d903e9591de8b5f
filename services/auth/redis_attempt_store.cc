// The check and the count run in one script, so parallel attempts cannot all pass the check
// before any of them is counted.
#include "redis_attempt_store.h"

#include "errors/error.h"
#include "i18n/messages.h"

namespace billing::auth {
namespace {

// KEYS: the counters; ARGV: each counter's limit, then the window in seconds.
constexpr const char* kReserveScript = R"lua(
local window = tonumber(ARGV[#ARGV])
local wait = 0
for i, key in ipairs(KEYS) do
  local count = tonumber(redis.call('GET', key) or '0')
  if count >= tonumber(ARGV[i]) then
    local ttl = redis.call('TTL', key)
    if ttl < 0 then
      redis.call('EXPIRE', key, window)
      ttl = window
    end
    if ttl < 1 then ttl = 1 end
    if ttl > wait then wait = ttl end
  end
end
if wait > 0 then return wait end
for _, key in ipairs(KEYS) do
  if redis.call('INCR', key) == 1 or redis.call('TTL', key) < 0 then
    redis.call('EXPIRE', key, window)
  end
end
return 0
)lua";

// KEYS: the counters to give one attempt back on, then those to forget; ARGV[1]: how many
// of KEYS are of the first kind.
constexpr const char* kSettleScript = R"lua(
local release = tonumber(ARGV[1])
for i, key in ipairs(KEYS) do
  if i <= release then
    local count = tonumber(redis.call('GET', key) or '0')
    if count > 1 then redis.call('DECR', key) elseif count == 1 then redis.call('DEL', key) end
  else
    redis.call('DEL', key)
  end
end
return 0
)lua";

}  // namespace

int RedisAttemptStore::Reserve(const std::vector<CountedKey>& keys, std::chrono::seconds window) {
  std::vector<std::string> args = {"EVAL", kReserveScript, std::to_string(keys.size())};
  for (const auto& counted : keys) args.push_back(counted.key);
  for (const auto& counted : keys) args.push_back(std::to_string(counted.limit));
  args.push_back(std::to_string(window.count()));
  redis::Reply reply = redis_.Command(args);
  if (reply.type != redis::Reply::Type::kInteger) {
    throw errors::Unavailable(i18n::kServiceUnavailable);
  }
  return static_cast<int>(reply.integer);
}

void RedisAttemptStore::Settle(const std::vector<std::string>& release,
                               const std::vector<std::string>& clear) {
  std::vector<std::string> args = {"EVAL", kSettleScript,
                                   std::to_string(release.size() + clear.size())};
  args.insert(args.end(), release.begin(), release.end());
  args.insert(args.end(), clear.begin(), clear.end());
  args.push_back(std::to_string(release.size()));
  redis_.Command(args);
}

}  // namespace billing::auth
