// FakeNas: a real UDP server on loopback standing in for a MikroTik's `/radius incoming`; it
// records every Disconnect-Request and answers what the test scripts.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "radius/radius_packet.h"

namespace billing::network::radius::testing {

struct ReceivedRequest {
  Code code = Code::kDisconnectRequest;
  uint8_t identifier = 0;
  bool authenticator_valid = false;  // checked with the NAS's secret
  std::optional<std::string> user_name;
  std::vector<Attribute> attributes;
};

enum class NasAnswer { kAck, kNak, kNothing };

class FakeNas final {
 public:
  // Listens on 127.0.0.1:<free port> with `secret` (used to check requests and sign answers)
  // and serves from a thread until destroyed. Answers ACK by default. Throws
  // std::runtime_error when it cannot bind.
  explicit FakeNas(std::string secret);
  ~FakeNas();
  FakeNas(const FakeNas&) = delete;
  FakeNas& operator=(const FakeNas&) = delete;

  int Port() const { return port_; }

  // What to answer from now on. A NAK carries Error-Cause `error_cause`. Requests whose
  // authenticator is wrong are still answered (signed with our secret), like a lax NAS, so a
  // client can see the mismatch; `answer_invalid` = false drops them as RFC 5176 says.
  void AnswerAck();
  void AnswerNak(uint32_t error_cause);
  void AnswerNothing();
  void SetAnswerInvalid(bool answer_invalid);
  // Adds a Message-Authenticator to answers (default: no).
  void SetSignAnswers(bool sign);

  std::vector<ReceivedRequest> Requests() const;
  size_t RequestCount() const;

 private:
  void Serve();
  void Handle(const std::string& datagram, const void* peer, unsigned peer_size);

  std::string secret_;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  mutable std::mutex mutex_;
  NasAnswer answer_ = NasAnswer::kAck;
  uint32_t error_cause_ = 0;
  bool answer_invalid_ = true;
  bool sign_answers_ = false;
  std::vector<ReceivedRequest> requests_;
  std::thread thread_;
};

}  // namespace billing::network::radius::testing
