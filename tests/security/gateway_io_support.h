// Raw-socket helpers for the gateway door tests (gateway_io): what a hostile client does that
// libcurl will not (slow headers, huge bodies, many idle connections), and peak memory.
#pragma once

#include <algorithm>
#include <arpa/inet.h>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <netinet/in.h>
#include <poll.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>

namespace billing::testing {

// The port of "http://127.0.0.1:<port>".
inline int PortOf(const std::string& base_url) {
  return std::stoi(base_url.substr(base_url.rfind(':') + 1));
}

// A blocking TCP connection to 127.0.0.1:port (-1 on failure); closed when it goes away.
class RawConnection final {
 public:
  explicit RawConnection(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
      ::close(fd_);
      fd_ = -1;
    }
  }
  ~RawConnection() {
    if (fd_ >= 0) ::close(fd_);
  }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool ok() const { return fd_ >= 0; }
  int fd() const { return fd_; }

  // False once the peer closed or reset the connection.
  bool Send(const std::string& data) {
    size_t at = 0;
    while (at < data.size()) {
      ssize_t n = ::send(fd_, data.data() + at, data.size() - at, MSG_NOSIGNAL);
      if (n <= 0) return false;
      at += static_cast<size_t>(n);
    }
    return true;
  }

  // Whatever arrives until the peer closes or `timeout` passes with nothing new; sets *closed
  // when the peer closed or reset the connection.
  std::string Read(std::chrono::milliseconds timeout, bool* closed = nullptr) {
    std::string out;
    if (closed != nullptr) *closed = false;
    char buffer[65536];
    while (true) {
      pollfd poll_fd{fd_, POLLIN, 0};
      int ready = ::poll(&poll_fd, 1, static_cast<int>(timeout.count()));
      if (ready <= 0) return out;
      ssize_t n = ::recv(fd_, buffer, sizeof(buffer), 0);
      if (n <= 0) {
        if (closed != nullptr) *closed = true;
        return out;
      }
      out.append(buffer, static_cast<size_t>(n));
    }
  }

  // True when the peer has closed (or reset) the connection within `timeout`; any bytes it
  // sent first are appended to *received.
  bool WaitClosed(std::chrono::milliseconds timeout, std::string* received = nullptr) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      bool closed = false;
      std::string got = Read(std::min(left, std::chrono::milliseconds(200)), &closed);
      if (received != nullptr) received->append(got);
      if (closed) return true;
    }
    return false;
  }

 private:
  int fd_ = -1;
};

// A field of /proc/<pid>/status in KiB ("VmHWM", "VmRSS"); -1 when unreadable.
inline int64_t ProcStatusKib(pid_t pid, const std::string& field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field + ":", 0) == 0) return std::stoll(line.substr(field.size() + 1));
  }
  return -1;
}

// Established TCP connections whose local port is `port` (the server side of connections to
// a listener on this host), from /proc/net/tcp and /proc/net/tcp6.
inline int EstablishedTo(int port) {
  int count = 0;
  for (const char* table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
    std::ifstream in(table);
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      // "  0: 0100007F:1F90 0100007F:C2A4 01 ..."
      size_t colon = line.find(':', line.find(':') + 1);
      if (colon == std::string::npos || colon + 5 > line.size()) continue;
      int local_port = std::stoi(line.substr(colon + 1, 4), nullptr, 16);
      size_t state_at = line.find(' ', line.find(' ', colon) + 1);
      if (state_at == std::string::npos || state_at + 3 > line.size()) continue;
      if (local_port == port && line.substr(state_at + 1, 2) == "01") ++count;
    }
  }
  return count;
}

// The body of a raw HTTP response (after the blank line), or "".
inline std::string BodyOf(const std::string& response) {
  size_t at = response.find("\r\n\r\n");
  return at == std::string::npos ? "" : response.substr(at + 4);
}

}  // namespace billing::testing
