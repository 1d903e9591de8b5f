// FakeWhatsapp: a real HTTP server on loopback standing in for a WhatsApp provider; it records
// every request with its arrival time and answers what the test scripts.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace billing::testing {

struct FakeRequest {
  std::string method;
  std::string path;                            // without the query
  std::string query;                           // after '?', still encoded
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  std::chrono::steady_clock::time_point at;  // when the request was complete

  // Decoded fields of an application/x-www-form-urlencoded body / of the query.
  std::map<std::string, std::string> Form() const;
  std::map<std::string, std::string> QueryParams() const;
};

struct FakeReply {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
};

class FakeWhatsapp final {
 public:
  using Handler = std::function<FakeReply(const FakeRequest&)>;

  // Listens on 127.0.0.1:<free port> and serves from a thread until destroyed. The default
  // answer satisfies every provider kind: {"status":true,"id":[..],"messages":[{"id":..}]}.
  FakeWhatsapp();
  ~FakeWhatsapp();
  FakeWhatsapp(const FakeWhatsapp&) = delete;
  FakeWhatsapp& operator=(const FakeWhatsapp&) = delete;

  std::string BaseUrl() const;  // "http://127.0.0.1:<port>"
  // "The server is down": closes the listening socket, so connections are refused (a request
  // being answered finishes first). ResumeListening listens again on the same port. Both are
  // idempotent; ResumeListening throws std::runtime_error when the port was taken meanwhile.
  void StopListening();
  void ResumeListening();
  void SetHandler(Handler handler);  // nullptr = the default answer
  std::vector<FakeRequest> Requests() const;
  // Requests whose path ends with `suffix` ("/send", "/messages", ...).
  std::vector<FakeRequest> RequestsTo(const std::string& suffix) const;
  void Clear();

  static FakeReply DefaultReply(int sequence);

 private:
  void Listen(int port);  // binds 127.0.0.1:<port> (0: a free one) and starts the thread
  void Serve();
  void HandleConnection(int fd);

  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::mutex listening_mutex_;  // StopListening / ResumeListening
  mutable std::mutex mutex_;
  Handler handler_;
  std::vector<FakeRequest> requests_;
  int sequence_ = 0;
  std::thread thread_;
};

// %XX and '+' decoding of one form/query component.
std::string UrlDecode(const std::string& text);

}  // namespace billing::testing
