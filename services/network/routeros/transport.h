// A byte stream over a TCP socket, plain or TLS, with a timeout on every wait. TLS runs over
// memory BIOs so every socket read and write goes through poll() and send(MSG_NOSIGNAL): no
// blocking call can outlive its timeout and a closed peer never raises SIGPIPE. Used by the
// client and by the fake router in tests (server side).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <openssl/ssl.h>

namespace billing::network::routeros {

class Transport {
 public:
  // Takes ownership of `fd` (set non-blocking here) and of `ssl` (null: plain TCP). The SSL
  // object must already be in connect or accept state; Handshake() runs the handshake.
  Transport(int fd, SSL* ssl);
  ~Transport();
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;

  // TLS handshake (no-op for plain TCP). Throws ConnectionError (kTls, kTimeout, kClosed).
  void Handshake(int timeout_ms);
  // Writes everything. Throws ConnectionError.
  void WriteAll(std::string_view data, int timeout_ms);
  // Waits up to `timeout_ms` for bytes: the bytes read, or nullopt on timeout.
  // Throws ConnectionError(kClosed) on EOF, other kinds on errors.
  std::optional<std::string> ReadSome(int timeout_ms);
  // Closes the socket (a TLS close_notify is attempted, without waiting). Idempotent.
  void Close();

  bool tls() const { return ssl_ != nullptr; }

 private:
  // Sends what OpenSSL queued in its write BIO.
  void FlushTls(int timeout_ms);
  // Reads from the socket into OpenSSL's read BIO; false on timeout.
  bool FillTls(int timeout_ms);
  void SendRaw(std::string_view data, int timeout_ms);
  // Returns false on timeout; throws on EOF/errors.
  bool RecvRaw(std::string* out, int timeout_ms);

  int fd_ = -1;
  SSL* ssl_ = nullptr;
  BIO* rbio_ = nullptr;  // owned by ssl_
  BIO* wbio_ = nullptr;  // owned by ssl_
};

// Last OpenSSL error queue entry as text (and clears the queue).
std::string OpenSslErrorText();

}  // namespace billing::network::routeros
