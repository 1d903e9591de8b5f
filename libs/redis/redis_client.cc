// hiredis wrapper: argv-style commands (no string formatting), timeouts, reconnect.
#include "redis/redis_client.h"

#include <hiredis/hiredis.h>
#include <nlohmann/json.hpp>

#include "config/env.h"
#include "errors/error.h"
#include "i18n/messages.h"
#include "log/log.h"

namespace billing::redis {
namespace {

timeval ToTimeval(std::chrono::milliseconds ms) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(ms.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((ms.count() % 1000) * 1000);
  return tv;
}

Reply Convert(const redisReply* raw) {
  Reply reply;
  switch (raw->type) {
    case REDIS_REPLY_INTEGER:
      reply.type = Reply::Type::kInteger;
      reply.integer = raw->integer;
      break;
    case REDIS_REPLY_STRING:
      reply.type = Reply::Type::kString;
      reply.text.assign(raw->str, raw->len);
      break;
    case REDIS_REPLY_STATUS:
      reply.type = Reply::Type::kStatus;
      reply.text.assign(raw->str, raw->len);
      break;
    case REDIS_REPLY_ERROR:
      reply.type = Reply::Type::kError;
      reply.text.assign(raw->str, raw->len);
      break;
    case REDIS_REPLY_ARRAY:
      reply.type = Reply::Type::kArray;
      for (size_t i = 0; i < raw->elements; ++i) reply.elements.push_back(Convert(raw->element[i]));
      break;
    default:
      reply.type = Reply::Type::kNil;
  }
  return reply;
}

}  // namespace

std::pair<std::string, int> ParseAddress(const std::string& address) {
  auto colon = address.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    throw config::ConfigError("Redis address must be host:port, got '" + address + "'");
  }
  int port = 0;
  try {
    port = std::stoi(address.substr(colon + 1));
  } catch (const std::exception&) {
    port = 0;
  }
  if (port <= 0 || port > 65535) throw config::ConfigError("bad Redis port in '" + address + "'");
  return {address.substr(0, colon), port};
}

RedisClient::RedisClient(std::string address, std::chrono::milliseconds timeout)
    : timeout_(timeout) {
  std::tie(host_, port_) = ParseAddress(address);
}

RedisClient::~RedisClient() { DisconnectLocked(); }

void RedisClient::DisconnectLocked() {
  if (context_ != nullptr) redisFree(context_);
  context_ = nullptr;
}

void RedisClient::ConnectLocked() {
  DisconnectLocked();
  redisContext* context = redisConnectWithTimeout(host_.c_str(), port_, ToTimeval(timeout_));
  if (context == nullptr || context->err != 0) {
    std::string why = context != nullptr ? context->errstr : "out of memory";
    if (context != nullptr) redisFree(context);
    log::Warn("redis connect failed", {{"error", why}, {"port", port_}});
    throw errors::Unavailable(i18n::kServiceUnavailable);
  }
  redisSetTimeout(context, ToTimeval(timeout_));
  redisEnableKeepAlive(context);
  context_ = context;
}

Reply RedisClient::Command(const std::vector<std::string>& args) {
  std::vector<const char*> argv;
  std::vector<size_t> lengths;
  for (const auto& arg : args) {
    argv.push_back(arg.data());
    lengths.push_back(arg.size());
  }
  std::lock_guard lock(mutex_);
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (context_ == nullptr) ConnectLocked();
    auto* raw = static_cast<redisReply*>(
        redisCommandArgv(context_, static_cast<int>(argv.size()), argv.data(), lengths.data()));
    if (raw == nullptr) {
      log::Warn("redis command failed", {{"error", context_->errstr}});
      DisconnectLocked();
      continue;
    }
    Reply reply = Convert(raw);
    freeReplyObject(raw);
    if (reply.type == Reply::Type::kError) {
      log::Error("redis error reply", {{"error", reply.text}});
      throw errors::Unavailable(i18n::kServiceUnavailable);
    }
    return reply;
  }
  throw errors::Unavailable(i18n::kServiceUnavailable);
}

std::vector<Reply> RedisClient::Pipeline(const std::vector<std::vector<std::string>>& commands) {
  std::lock_guard lock(mutex_);
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (context_ == nullptr) ConnectLocked();
    if (auto replies = PipelineLocked(commands)) {
      for (const auto& reply : *replies) {
        if (reply.type == Reply::Type::kError) {
          log::Error("redis error reply", {{"error", reply.text}});
          throw errors::Unavailable(i18n::kServiceUnavailable);
        }
      }
      return std::move(*replies);
    }
    DisconnectLocked();  // a stale connection (Redis restarted): once more on a new one
  }
  throw errors::Unavailable(i18n::kServiceUnavailable);
}

std::optional<std::vector<Reply>> RedisClient::PipelineLocked(
    const std::vector<std::vector<std::string>>& commands) {
  std::vector<const char*> argv;
  std::vector<size_t> lengths;
  for (const auto& args : commands) {
    argv.clear();
    lengths.clear();
    for (const auto& arg : args) {
      argv.push_back(arg.data());
      lengths.push_back(arg.size());
    }
    if (redisAppendCommandArgv(context_, static_cast<int>(argv.size()), argv.data(),
                               lengths.data()) != REDIS_OK) {
      return std::nullopt;
    }
  }
  std::vector<Reply> replies;
  replies.reserve(commands.size());
  for (size_t i = 0; i < commands.size(); ++i) {
    void* raw = nullptr;
    if (redisGetReply(context_, &raw) != REDIS_OK || raw == nullptr) {
      log::Warn("redis pipeline failed", {{"error", context_->errstr}});
      return std::nullopt;
    }
    replies.push_back(Convert(static_cast<redisReply*>(raw)));
    freeReplyObject(raw);
  }
  return replies;
}

bool RedisClient::Ping() {
  try {
    return Command({"PING"}).text == "PONG";
  } catch (const errors::Error&) {
    return false;
  }
}

}  // namespace billing::redis
