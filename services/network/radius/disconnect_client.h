// DisconnectClient: sends one Disconnect-Request (RFC 5176) over UDP to a NAS and waits for its
// ACK or NAK, retransmitting the same packet when no answer comes.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "radius/radius_packet.h"

namespace billing::network::radius {

struct DisconnectOptions {
  std::string host;  // IPv4, IPv6 or a host name
  int port = 3799;
  std::string secret;
  std::chrono::milliseconds timeout{3000};  // per attempt
  int attempts = 3;                         // first send + retransmissions
  bool message_authenticator = true;        // add Message-Authenticator to requests
};

enum class DisconnectOutcome {
  kAck,               // Disconnect-ACK
  kNak,               // Disconnect-NAK (see error_cause)
  kTimeout,           // no valid answer after every attempt
  kBadAuthenticator,  // only answers that fail the Response Authenticator: wrong secret
};

struct DisconnectResult {
  DisconnectOutcome outcome = DisconnectOutcome::kTimeout;
  std::optional<uint32_t> error_cause;  // from a NAK (or an ACK) when present
  int attempts = 0;                     // datagrams sent
};

// The host cannot be resolved or no socket can be opened.
class DisconnectError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class DisconnectClient final {
 public:
  // Resolves the host. Throws DisconnectError when it cannot; std::invalid_argument when the
  // port, timeout or attempts are out of range or the secret is empty.
  explicit DisconnectClient(DisconnectOptions options);

  // Sends a Disconnect-Request with `attributes` and waits for the answer with the same
  // identifier from the NAS's address. Answers with a bad authenticator are discarded; if no
  // valid one came, the result is kBadAuthenticator. Throws DisconnectError on socket errors.
  DisconnectResult Send(std::vector<Attribute> attributes);

 private:
  DisconnectOptions options_;
  std::vector<uint8_t> address_;  // sockaddr_storage bytes of the resolved NAS
  int family_ = 0;
  uint8_t next_identifier_ = 0;
};

// "1.2.3.4:3799" / "[2001:db8::1]:3799" / "nas.example:3799", for messages.
std::string DescribeEndpoint(const std::string& host, int port);

}  // namespace billing::network::radius
