// SseClient: a streaming Server-Sent Events client for tests (libcurl in a background thread),
// recording every event and heartbeat the gateway sends until the stream ends.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/http_client.h"

namespace billing::testing {

struct SseEvent {
  std::string id;
  std::string event;
  std::string data;
  nlohmann::json Json() const;  // data parsed; throws std::runtime_error if it is not JSON
};

class SseClient final {
 public:
  // Starts GET base_url + path with `headers` in the background and returns at once.
  SseClient(std::string base_url, std::string path, HttpHeaders headers = {});
  ~SseClient();  // Disconnect()
  SseClient(const SseClient&) = delete;
  SseClient& operator=(const SseClient&) = delete;

  // Waits for the response head; the HTTP status (0 when none arrived in time).
  int WaitForStatus(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // Waits until at least `count` events matching `filter` (all when empty) have arrived.
  bool WaitForEvents(size_t count, std::chrono::milliseconds timeout,
                     const std::function<bool(const SseEvent&)>& filter = {});
  // Waits until the server ended the stream or the connection dropped.
  bool WaitForClose(std::chrono::milliseconds timeout);

  std::vector<SseEvent> Events() const;
  std::vector<SseEvent> Events(const std::function<bool(const SseEvent&)>& filter) const;
  size_t Heartbeats() const;
  bool Closed() const;
  std::string Body() const;  // raw bytes received (for the error body of a refused stream)

  // Closes the connection from our side (idempotent).
  void Disconnect();

 private:
  void Run();
  void Feed(const char* data, size_t size);
  void OnHeader(const std::string& line);
  static size_t WriteCallback(char* data, size_t size, size_t count, void* self);
  static size_t HeaderCallback(char* data, size_t size, size_t count, void* self);
  static int ProgressCallback(void* self, long, long, long, long);

  std::string url_;
  HttpHeaders headers_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  int status_ = 0;
  bool closed_ = false;
  std::string body_;
  std::string pending_;  // bytes of an event not complete yet
  std::vector<SseEvent> events_;
  size_t heartbeats_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace billing::testing
