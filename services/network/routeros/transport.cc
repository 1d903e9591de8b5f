#include "routeros/transport.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>

#include "routeros/api_errors.h"

namespace billing::network::routeros {
namespace {

using Kind = ConnectionError::Kind;

// Waits for `events` on fd; false on timeout.
bool WaitFor(int fd, short events, int timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                          deadline - std::chrono::steady_clock::now())
                          .count();
    pollfd pfd{fd, events, 0};
    const int r = ::poll(&pfd, 1, static_cast<int>(left < 0 ? 0 : left));
    if (r > 0) return true;
    if (r == 0) return false;
    if (errno != EINTR) {
      const int err = errno;
      throw ConnectionError(Kind::kIo, std::strerror(err), err);
    }
  }
}

}  // namespace

std::string OpenSslErrorText() {
  std::string text;
  while (const unsigned long code = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(code, buf, sizeof(buf));
    if (!text.empty()) text += "; ";
    text += buf;
  }
  return text.empty() ? "unknown TLS error" : text;
}

Transport::Transport(int fd, SSL* ssl) : fd_(fd), ssl_(ssl) {
  const int flags = ::fcntl(fd_, F_GETFL, 0);
  if (flags >= 0) ::fcntl(fd_, F_SETFL, flags | O_NONBLOCK);
  if (ssl_ != nullptr) {
    rbio_ = BIO_new(BIO_s_mem());
    wbio_ = BIO_new(BIO_s_mem());
    SSL_set_bio(ssl_, rbio_, wbio_);
  }
}

Transport::~Transport() {
  if (fd_ >= 0) ::close(fd_);
  if (ssl_ != nullptr) SSL_free(ssl_);
}

void Transport::Close() {
  if (fd_ < 0) return;
  if (ssl_ != nullptr && SSL_is_init_finished(ssl_) == 1) {
    SSL_shutdown(ssl_);
    try {
      // Best effort, the peer may be gone already.
      const int pending = static_cast<int>(BIO_ctrl_pending(wbio_));
      if (pending > 0) {
        std::string data(static_cast<std::size_t>(pending), '\0');
        BIO_read(wbio_, data.data(), pending);
        ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
      }
    } catch (...) {
    }
  }
  ::close(fd_);
  fd_ = -1;
}

void Transport::SendRaw(std::string_view data, int timeout_ms) {
  if (fd_ < 0) throw ConnectionError(Kind::kClosed, "connection already closed");
  while (!data.empty()) {
    const ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
    if (n > 0) {
      data.remove_prefix(static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (!WaitFor(fd_, POLLOUT, timeout_ms)) {
        throw ConnectionError(Kind::kTimeout, "write timed out");
      }
      continue;
    }
    const int err = errno;
    if (err == EPIPE || err == ECONNRESET) {
      throw ConnectionError(Kind::kClosed, std::strerror(err), err);
    }
    throw ConnectionError(Kind::kIo, std::strerror(err), err);
  }
}

bool Transport::RecvRaw(std::string* out, int timeout_ms) {
  if (fd_ < 0) throw ConnectionError(Kind::kClosed, "connection already closed");
  char buf[16 * 1024];
  while (true) {
    const ssize_t n = ::recv(fd_, buf, sizeof(buf), 0);
    if (n > 0) {
      out->assign(buf, static_cast<std::size_t>(n));
      return true;
    }
    if (n == 0) throw ConnectionError(Kind::kClosed, "closed by peer");
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      if (!WaitFor(fd_, POLLIN, timeout_ms)) return false;
      continue;
    }
    const int err = errno;
    if (err == ECONNRESET) throw ConnectionError(Kind::kClosed, std::strerror(err), err);
    throw ConnectionError(Kind::kIo, std::strerror(err), err);
  }
}

void Transport::FlushTls(int timeout_ms) {
  char buf[16 * 1024];
  while (BIO_ctrl_pending(wbio_) > 0) {
    const int n = BIO_read(wbio_, buf, sizeof(buf));
    if (n <= 0) break;
    SendRaw(std::string_view(buf, static_cast<std::size_t>(n)), timeout_ms);
  }
}

bool Transport::FillTls(int timeout_ms) {
  std::string bytes;
  if (!RecvRaw(&bytes, timeout_ms)) return false;
  BIO_write(rbio_, bytes.data(), static_cast<int>(bytes.size()));
  return true;
}

void Transport::Handshake(int timeout_ms) {
  if (ssl_ == nullptr) return;
  while (true) {
    ERR_clear_error();
    const int r = SSL_do_handshake(ssl_);
    const int err = r == 1 ? SSL_ERROR_NONE : SSL_get_error(ssl_, r);
    // Our flight (ClientHello, Finished, or an alert) goes out whatever happened.
    try {
      FlushTls(timeout_ms);
    } catch (const ConnectionError&) {
      if (err == SSL_ERROR_NONE || err == SSL_ERROR_WANT_READ) throw;
    }
    if (r == 1) return;
    if (err == SSL_ERROR_WANT_READ) {
      try {
        if (!FillTls(timeout_ms)) throw ConnectionError(Kind::kTimeout, "TLS handshake timed out");
      } catch (const ConnectionError& e) {
        if (e.kind() == Kind::kClosed) {
          throw ConnectionError(Kind::kTls, "connection closed during the TLS handshake");
        }
        throw;
      }
      continue;
    }
    throw ConnectionError(Kind::kTls, OpenSslErrorText());
  }
}

void Transport::WriteAll(std::string_view data, int timeout_ms) {
  if (ssl_ == nullptr) {
    SendRaw(data, timeout_ms);
    return;
  }
  while (!data.empty()) {
    ERR_clear_error();
    const int n = SSL_write(ssl_, data.data(), static_cast<int>(data.size()));
    if (n > 0) {
      data.remove_prefix(static_cast<std::size_t>(n));
      FlushTls(timeout_ms);
      continue;
    }
    const int err = SSL_get_error(ssl_, n);
    if (err == SSL_ERROR_WANT_WRITE) {
      FlushTls(timeout_ms);
    } else if (err == SSL_ERROR_WANT_READ) {
      FlushTls(timeout_ms);
      if (!FillTls(timeout_ms)) throw ConnectionError(Kind::kTimeout, "write timed out");
    } else if (err == SSL_ERROR_ZERO_RETURN) {
      throw ConnectionError(Kind::kClosed, "TLS closed by peer");
    } else {
      throw ConnectionError(Kind::kTls, OpenSslErrorText());
    }
  }
}

std::optional<std::string> Transport::ReadSome(int timeout_ms) {
  std::string out;
  if (ssl_ == nullptr) {
    if (!RecvRaw(&out, timeout_ms)) return std::nullopt;
    return out;
  }
  char buf[16 * 1024];
  while (true) {
    ERR_clear_error();
    const int n = SSL_read(ssl_, buf, sizeof(buf));
    if (n > 0) {
      FlushTls(timeout_ms);  // e.g. a key update answer
      return std::string(buf, static_cast<std::size_t>(n));
    }
    const int err = SSL_get_error(ssl_, n);
    if (err == SSL_ERROR_WANT_READ) {
      FlushTls(timeout_ms);
      if (!FillTls(timeout_ms)) return std::nullopt;
      continue;
    }
    if (err == SSL_ERROR_WANT_WRITE) {
      FlushTls(timeout_ms);
      continue;
    }
    if (err == SSL_ERROR_ZERO_RETURN) throw ConnectionError(Kind::kClosed, "TLS closed by peer");
    throw ConnectionError(Kind::kTls, OpenSslErrorText());
  }
}

}  // namespace billing::network::routeros
