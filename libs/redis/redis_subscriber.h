// One Redis SUBSCRIBE connection (hiredis), reconnecting with back-off; its thread
// also drives periodic work through on_idle.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace billing::redis {

class RedisSubscriber final {
 public:
  struct Callbacks {
    std::function<void()> on_subscribed;                 // after every (re)subscribe
    std::function<void(const std::string&)> on_message;  // one published payload
    std::function<void(bool subscribed)> on_idle;        // about once a second
  };

  RedisSubscriber(std::string address, std::string channel, Callbacks callbacks);
  ~RedisSubscriber();
  RedisSubscriber(const RedisSubscriber&) = delete;
  RedisSubscriber& operator=(const RedisSubscriber&) = delete;

  void Start();
  void Stop();

 private:
  void Run();
  // Reads messages until the connection breaks or Stop(); `context` is a redisContext*.
  void Listen(void* context);
  bool Stopped();
  void Sleep(std::chrono::milliseconds duration);

  std::string host_;
  int port_;
  std::string channel_;
  Callbacks callbacks_;
  std::chrono::steady_clock::time_point last_idle_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace billing::redis
