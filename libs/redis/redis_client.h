// A small synchronous Redis client over hiredis: one connection, reconnects on failure.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

struct redisContext;

namespace billing::redis {

struct Reply {
  enum class Type { kNil, kInteger, kString, kStatus, kArray, kError };
  Type type = Type::kNil;
  int64_t integer = 0;
  std::string text;  // string, status or error text
  std::vector<Reply> elements;
};

// "host:port" -> parts; throws config::ConfigError on a malformed address.
std::pair<std::string, int> ParseAddress(const std::string& address);

class RedisClient final {
 public:
  RedisClient(std::string address, std::chrono::milliseconds timeout);
  ~RedisClient();
  RedisClient(const RedisClient&) = delete;
  RedisClient& operator=(const RedisClient&) = delete;

  // Runs one command; reconnects once if the connection broke. Throws errors::Error
  // (unavailable) when Redis cannot be reached or answers with an error.
  Reply Command(const std::vector<std::string>& args);
  // Sends every command, then reads every reply (one round trip for all). Throws like Command
  // when Redis cannot be reached or any reply is an error. A broken connection is retried
  // once on a new one, so some commands may run twice (fine for PUBLISH of seq'd events).
  std::vector<Reply> Pipeline(const std::vector<std::vector<std::string>>& commands);
  bool Ping();

 private:
  void ConnectLocked();
  // nullopt when the connection broke on the way.
  std::optional<std::vector<Reply>> PipelineLocked(
      const std::vector<std::vector<std::string>>& commands);
  void DisconnectLocked();

  std::string host_;
  int port_;
  std::chrono::milliseconds timeout_;
  redisContext* context_ = nullptr;
  std::mutex mutex_;
};

}  // namespace billing::redis
