// FakeNas: poll() loop on a UDP socket; stops within 50 ms of destruction.
#include "radius/testing/fake_nas.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <poll.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

namespace billing::network::radius::testing {

FakeNas::FakeNas(std::string secret) : secret_(std::move(secret)) {
  fd_ = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) throw std::runtime_error(std::string("FakeNas: socket: ") + strerror(errno));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t size = sizeof(address);
  if (bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
    const std::string error = strerror(errno);
    close(fd_);
    throw std::runtime_error("FakeNas: bind 127.0.0.1:0: " + error);
  }
  port_ = ntohs(address.sin_port);
  thread_ = std::thread([this] { Serve(); });
}

FakeNas::~FakeNas() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  close(fd_);
}

void FakeNas::AnswerAck() {
  std::lock_guard lock(mutex_);
  answer_ = NasAnswer::kAck;
}

void FakeNas::AnswerNak(uint32_t error_cause) {
  std::lock_guard lock(mutex_);
  answer_ = NasAnswer::kNak;
  error_cause_ = error_cause;
}

void FakeNas::AnswerNothing() {
  std::lock_guard lock(mutex_);
  answer_ = NasAnswer::kNothing;
}

void FakeNas::SetAnswerInvalid(bool answer_invalid) {
  std::lock_guard lock(mutex_);
  answer_invalid_ = answer_invalid;
}

void FakeNas::SetSignAnswers(bool sign) {
  std::lock_guard lock(mutex_);
  sign_answers_ = sign;
}

std::vector<ReceivedRequest> FakeNas::Requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

size_t FakeNas::RequestCount() const {
  std::lock_guard lock(mutex_);
  return requests_.size();
}

void FakeNas::Serve() {
  std::string buffer(kMaxPacketSize + 64, '\0');
  while (!stop_) {
    pollfd descriptor{fd_, POLLIN, 0};
    if (poll(&descriptor, 1, 50) <= 0) continue;
    sockaddr_storage peer{};
    socklen_t peer_size = sizeof(peer);
    const ssize_t size = recvfrom(fd_, buffer.data(), buffer.size(), 0,
                                  reinterpret_cast<sockaddr*>(&peer), &peer_size);
    if (size <= 0) continue;
    Handle(std::string(buffer.data(), static_cast<size_t>(size)), &peer, peer_size);
  }
}

void FakeNas::Handle(const std::string& datagram, const void* peer, unsigned peer_size) {
  Packet request;
  try {
    request = Decode(datagram);
  } catch (const PacketError&) {
    return;  // not RADIUS: a NAS drops it silently
  }
  ReceivedRequest received;
  received.code = request.code;
  received.identifier = request.identifier;
  received.authenticator_valid = VerifyRequest(datagram, secret_);
  received.user_name = request.Text(attribute::kUserName);
  received.attributes = request.attributes;

  std::unique_lock lock(mutex_);
  requests_.push_back(received);
  const NasAnswer answer = answer_;
  if (answer == NasAnswer::kNothing || (!received.authenticator_valid && !answer_invalid_)) {
    return;
  }
  Packet response;
  response.identifier = request.identifier;
  const bool is_coa = request.code == Code::kCoaRequest;
  if (answer == NasAnswer::kAck) {
    response.code = is_coa ? Code::kCoaAck : Code::kDisconnectAck;
  } else {
    response.code = is_coa ? Code::kCoaNak : Code::kDisconnectNak;
    response.attributes.push_back(Attribute::Integer(attribute::kErrorCause, error_cause_));
  }
  const bool sign = sign_answers_;
  lock.unlock();
  const std::string bytes = EncodeResponse(response, request.authenticator, secret_, sign);
  sendto(fd_, bytes.data(), bytes.size(), 0, static_cast<const sockaddr*>(peer),
         static_cast<socklen_t>(peer_size));
}

}  // namespace billing::network::radius::testing
