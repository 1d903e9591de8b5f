// dup()ed connection sockets.
#include "http/bound_socket.h"

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

namespace billing::gateway {

BoundSocket::BoundSocket(int connection_fd)
    : fd_(connection_fd >= 0 ? ::fcntl(connection_fd, F_DUPFD_CLOEXEC, 0) : -1) {}

BoundSocket::~BoundSocket() {
  if (fd_ >= 0) ::close(fd_);
}

bool BoundSocket::Send(std::string_view data, std::chrono::milliseconds timeout) const {
  return Send(data, std::string_view(), timeout);
}

bool BoundSocket::Send(std::string_view head, std::string_view body,
                       std::chrono::milliseconds timeout) const {
  if (fd_ < 0) return false;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!head.empty() || !body.empty()) {
    iovec parts[2] = {{const_cast<char*>(head.data()), head.size()},
                      {const_cast<char*>(body.data()), body.size()}};
    msghdr message{};
    message.msg_iov = head.empty() ? parts + 1 : parts;
    message.msg_iovlen = head.empty() ? 1 : 2;
    ssize_t sent = ::sendmsg(fd_, &message, MSG_NOSIGNAL);
    if (sent > 0) {
      size_t from_head = std::min(head.size(), static_cast<size_t>(sent));
      head.remove_prefix(from_head);
      body.remove_prefix(static_cast<size_t>(sent) - from_head);
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
