// Errors of the RouterOS API client. Their what() is English, for logs; the driver turns them
// into the Indonesian NetworkError texts staff see. Neither ever contains a password.
#pragma once

#include <stdexcept>
#include <string>

namespace billing::network::routeros {

// The connection as a whole failed: it is unusable afterwards.
class ConnectionError : public std::runtime_error {
 public:
  enum class Kind {
    kResolve,        // the host name does not resolve
    kConnect,        // TCP connect failed (refused, unreachable)
    kTls,            // TLS handshake or TLS-level failure
    kTimeout,        // the router did not answer (or accept our bytes) in time
    kClosed,         // the router closed the connection (EOF)
    kFatal,          // the router sent !fatal
    kProtocol,       // bytes that are not the API protocol
    kLoginRejected,  // /login answered with !trap (wrong name or password)
    kIo,             // any other socket error
  };

  ConnectionError(Kind kind, const std::string& detail, int sys_errno = 0)
      : std::runtime_error(std::string("routeros: ") + KindName(kind) +
                           (detail.empty() ? "" : ": " + detail)),
        kind_(kind),
        detail_(detail),
        sys_errno_(sys_errno) {}

  Kind kind() const { return kind_; }
  // Router text (!fatal, login !trap) or the system's description; may be empty.
  const std::string& detail() const { return detail_; }
  // errno of the failing system call, 0 when none.
  int sys_errno() const { return sys_errno_; }

  static const char* KindName(Kind kind) {
    switch (kind) {
      case Kind::kResolve:
        return "cannot resolve host";
      case Kind::kConnect:
        return "connect failed";
      case Kind::kTls:
        return "tls failed";
      case Kind::kTimeout:
        return "timed out";
      case Kind::kClosed:
        return "connection closed";
      case Kind::kFatal:
        return "fatal";
      case Kind::kProtocol:
        return "protocol error";
      case Kind::kLoginRejected:
        return "login rejected";
      case Kind::kIo:
        return "socket error";
    }
    return "error";
  }

 private:
  Kind kind_;
  std::string detail_;
  int sys_errno_;
};

// The router refused one command (!trap). The connection stays usable.
class TrapError : public std::runtime_error {
 public:
  TrapError(const std::string& command, const std::string& message, const std::string& category)
      : std::runtime_error("routeros: " + command + ": " + message),
        command_(command),
        message_(message),
        category_(category) {}

  const std::string& command() const { return command_; }
  // The router's =message= (e.g. "failure: secret with the same name already exists").
  const std::string& message() const { return message_; }
  // The router's =category= (0..7), empty when absent.
  const std::string& category() const { return category_; }

 private:
  std::string command_;
  std::string message_;
  std::string category_;
};

}  // namespace billing::network::routeros
