// Polls the hiredis socket with a timeout (a hiredis read timeout would poison the context),
// so the thread can stop promptly and run periodic work between messages.
#include "redis/redis_subscriber.h"

#include <algorithm>
#include <cerrno>
#include <poll.h>

#include <hiredis/hiredis.h>
#include <nlohmann/json.hpp>

#include "log/log.h"
#include "redis/redis_client.h"

namespace billing::redis {
namespace {

constexpr auto kIdleEvery = std::chrono::seconds(1);
constexpr auto kMaxBackoff = std::chrono::milliseconds(5000);

bool IsMessage(const redisReply* reply) {
  return reply->type == REDIS_REPLY_ARRAY && reply->elements == 3 &&
         reply->element[0]->type == REDIS_REPLY_STRING &&
         std::string(reply->element[0]->str, reply->element[0]->len) == "message" &&
         reply->element[2]->type == REDIS_REPLY_STRING;
}

}  // namespace

RedisSubscriber::RedisSubscriber(std::string address, std::string channel, Callbacks callbacks)
    : channel_(std::move(channel)), callbacks_(std::move(callbacks)) {
  std::tie(host_, port_) = redis::ParseAddress(address);
}

RedisSubscriber::~RedisSubscriber() { Stop(); }

void RedisSubscriber::Start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  stop_ = false;
  thread_ = std::thread([this] { Run(); });
}

void RedisSubscriber::Stop() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool RedisSubscriber::Stopped() {
  std::lock_guard lock(mutex_);
  return stop_;
}

void RedisSubscriber::Sleep(std::chrono::milliseconds duration) {
  std::unique_lock lock(mutex_);
  wake_.wait_for(lock, duration, [this] { return stop_; });
}

void RedisSubscriber::Run() {
  auto backoff = std::chrono::milliseconds(250);
  bool logged_down = false;
  while (!Stopped()) {
    timeval timeout{2, 0};
    redisContext* context = redisConnectWithTimeout(host_.c_str(), port_, timeout);
    redisReply* reply = nullptr;
    if (context != nullptr && context->err == 0) {
      redisSetTimeout(context, timeout);
      reply = static_cast<redisReply*>(
          redisCommand(context, "SUBSCRIBE %b", channel_.data(), channel_.size()));
    }
    if (reply == nullptr || reply->type != REDIS_REPLY_ARRAY) {
      if (!logged_down) {
        log::Warn("redis subscription unavailable; retrying",
                  {{"error", context != nullptr ? context->errstr : "out of memory"}});
        logged_down = true;
      }
      if (reply != nullptr) freeReplyObject(reply);
      if (context != nullptr) redisFree(context);
      if (callbacks_.on_idle) callbacks_.on_idle(false);
      Sleep(backoff);
      backoff = std::min(kMaxBackoff, backoff * 2);
      continue;
    }
    freeReplyObject(reply);
    log::Info("subscribed to redis", {{"channel", channel_}});
    logged_down = false;
    backoff = std::chrono::milliseconds(250);
    if (callbacks_.on_subscribed) callbacks_.on_subscribed();
    Listen(context);
    redisFree(context);
    if (!Stopped()) log::Warn("redis subscription lost; reconnecting");
  }
}

void RedisSubscriber::Listen(void* raw_context) {
  auto* context = static_cast<redisContext*>(raw_context);
  last_idle_ = std::chrono::steady_clock::now();
  while (!Stopped()) {
    auto now = std::chrono::steady_clock::now();
    if (now - last_idle_ >= kIdleEvery) {
      last_idle_ = now;
      if (callbacks_.on_idle) callbacks_.on_idle(true);
    }
    void* raw = nullptr;
    if (redisGetReplyFromReader(context, &raw) != REDIS_OK) return;
    if (raw != nullptr) {
      auto* reply = static_cast<redisReply*>(raw);
      if (IsMessage(reply) && callbacks_.on_message) {
        callbacks_.on_message(std::string(reply->element[2]->str, reply->element[2]->len));
      }
      freeReplyObject(reply);
      continue;
    }
    pollfd descriptor{context->fd, POLLIN, 0};
    int ready = poll(&descriptor, 1, 1000);
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) return;
    if (ready == 0) continue;
    if (redisBufferRead(context) != REDIS_OK) return;
  }
}

}  // namespace billing::redis
