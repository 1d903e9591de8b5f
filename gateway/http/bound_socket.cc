// dup()ed connection sockets.
#include "http/bound_socket.h"

#include <cerrno>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace billing::gateway {

BoundSocket::BoundSocket(int connection_fd)
    : fd_(connection_fd >= 0 ? ::fcntl(connection_fd, F_DUPFD_CLOEXEC, 0) : -1) {}

BoundSocket::~BoundSocket() {
  if (fd_ >= 0) ::close(fd_);
}

bool BoundSocket::Send(std::string_view data, std::chrono::milliseconds timeout) const {
  if (fd_ < 0) return false;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!data.empty()) {
    ssize_t sent = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
    if (sent > 0) {
      data.remove_prefix(static_cast<size_t>(sent));
      continue;
    }
    if (sent < 0 && errno == EINTR) continue;
    if (sent < 0 && errno != EAGAIN && errno != EWOULDBLOCK) return false;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd wait{fd_, POLLOUT, 0};
    if (::poll(&wait, 1, static_cast<int>(left.count())) < 0 && errno != EINTR) return false;
    if (wait.revents & (POLLERR | POLLHUP | POLLNVAL)) return false;
  }
  return true;
}

}  // namespace billing::gateway
