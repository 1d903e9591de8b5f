// DisconnectClient: one connected UDP socket per request, poll() with a deadline per attempt.
#include "radius/disconnect_client.h"

#include <cerrno>
#include <cstring>
#include <netdb.h>
#include <poll.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/rand.h>

namespace billing::network::radius {
namespace {

class Socket final {
 public:
  explicit Socket(int fd) : fd_(fd) {}
  ~Socket() {
    if (fd_ >= 0) close(fd_);
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

std::string DescribeEndpoint(const std::string& host, int port) {
  const bool ipv6 = host.find(':') != std::string::npos;
  return (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

DisconnectClient::DisconnectClient(DisconnectOptions options) : options_(std::move(options)) {
  if (options_.port < 1 || options_.port > 65535) {
    throw std::invalid_argument("RADIUS port out of range");
  }
  if (options_.timeout.count() <= 0 || options_.attempts < 1) {
    throw std::invalid_argument("RADIUS timeout and attempts must be positive");
  }
  if (options_.secret.empty()) throw std::invalid_argument("RADIUS secret is empty");

  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_DGRAM;
  hints.ai_flags = AI_ADDRCONFIG;
  addrinfo* found = nullptr;
  const int status =
      getaddrinfo(options_.host.c_str(), std::to_string(options_.port).c_str(), &hints, &found);
  if (status != 0 || found == nullptr) {
    throw DisconnectError("cannot resolve " + options_.host + ": " + gai_strerror(status));
  }
  const auto* bytes = reinterpret_cast<const uint8_t*>(found->ai_addr);
  address_.assign(bytes, bytes + found->ai_addrlen);
  family_ = found->ai_family;
  freeaddrinfo(found);

  if (RAND_bytes(&next_identifier_, 1) != 1) next_identifier_ = 0;
}

DisconnectResult DisconnectClient::Send(std::vector<Attribute> attributes) {
  Packet request;
  request.code = Code::kDisconnectRequest;
  request.identifier = next_identifier_++;
  request.attributes = std::move(attributes);
  const std::string datagram =
      EncodeRequest(request, options_.secret, options_.message_authenticator);

  Socket socket(::socket(family_, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (socket.fd() < 0) throw DisconnectError(std::string("socket: ") + std::strerror(errno));
  // Connected: the kernel hands us only datagrams from the NAS's address and port.
  if (connect(socket.fd(), reinterpret_cast<const sockaddr*>(address_.data()),
              static_cast<socklen_t>(address_.size())) != 0) {
    throw DisconnectError("connect " + DescribeEndpoint(options_.host, options_.port) + ": " +
                          std::strerror(errno));
  }

  DisconnectResult result;
  bool bad_authenticator = false;
  std::string buffer(kMaxPacketSize, '\0');
  for (int attempt = 0; attempt < options_.attempts && !bad_authenticator; ++attempt) {
    // A retransmission is the same datagram (same identifier and authenticator).
    if (send(socket.fd(), datagram.data(), datagram.size(), 0) < 0 && errno != ECONNREFUSED) {
      throw DisconnectError(std::string("send: ") + std::strerror(errno));
    }
    ++result.attempts;
    const auto deadline = std::chrono::steady_clock::now() + options_.timeout;
    while (true) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) break;
      pollfd descriptor{socket.fd(), POLLIN, 0};
      const int ready = poll(&descriptor, 1, static_cast<int>(left.count()));
      if (ready < 0 && errno == EINTR) continue;
      if (ready < 0) throw DisconnectError(std::string("poll: ") + std::strerror(errno));
      if (ready == 0) break;
      const ssize_t size = recv(socket.fd(), buffer.data(), buffer.size(), 0);
      if (size < 0) {
        // ICMP port unreachable shows up here; keep waiting out this attempt.
        if (errno == ECONNREFUSED || errno == EINTR || errno == EAGAIN) continue;
        throw DisconnectError(std::string("recv: ") + std::strerror(errno));
      }
      const std::string_view answer(buffer.data(), static_cast<size_t>(size));
      Packet response;
      try {
        response = Decode(answer);
      } catch (const PacketError&) {
        continue;  // garbage: not an answer
      }
      if (response.identifier != request.identifier) continue;  // a late answer to another one
      if (response.code != Code::kDisconnectAck && response.code != Code::kDisconnectNak) {
        continue;
      }
      if (!VerifyResponse(answer, request.authenticator, options_.secret)) {
        bad_authenticator = true;  // the NAS is there but signs with another secret
        continue;
      }
      result.outcome =
          response.code == Code::kDisconnectAck ? DisconnectOutcome::kAck : DisconnectOutcome::kNak;
      result.error_cause = response.Integer(attribute::kErrorCause);
      return result;
    }
  }
  result.outcome =
      bad_authenticator ? DisconnectOutcome::kBadAuthenticator : DisconnectOutcome::kTimeout;
  return result;
}

}  // namespace billing::network::radius
