// One connection to a RouterOS API service (8728, or API-SSL on 8729), logged in, running one
// command at a time. Not thread-safe; a session per reconciler pass owns one.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "routeros/api_errors.h"
#include "routeros/api_protocol.h"

namespace billing::network::routeros {

class Transport;

struct ConnectOptions {
  std::string host;
  int port = 8728;
  bool tls = false;
  // Connect, TLS handshake, and every wait for bytes (read or write).
  int timeout_ms = 5000;
  // Verify the router's certificate against the system CAs (and the host name). Off by
  // default: RouterOS API-SSL usually runs with a self-signed certificate or none at all
  // (anonymous DH), so TLS here protects against eavesdropping only, not against a
  // man-in-the-middle.
  bool verify_peer = false;
};

class ApiConnection {
 public:
  // TCP connect (non-blocking connect + poll, every resolved address in turn), then the TLS
  // handshake when asked. Throws ConnectionError.
  static std::unique_ptr<ApiConnection> Connect(const ConnectOptions& options);
  ~ApiConnection();
  ApiConnection(const ApiConnection&) = delete;
  ApiConnection& operator=(const ApiConnection&) = delete;

  // `/login =name= =password=` (RouterOS 6.43+). A router older than 6.43 answers with a
  // challenge (=ret=), which is then answered the old way (MD5). Throws
  // ConnectionError(kLoginRejected) with the router's message when refused, other
  // ConnectionErrors on connection problems.
  void Login(const std::string& name, const std::string& password);

  // Sends one sentence (command, then words) and reads replies to !done: the !re rows.
  // !trap → TrapError (the connection stays usable); !fatal, EOF, timeout, socket or protocol
  // errors → ConnectionError and the connection is unusable from then on.
  std::vector<Row> Run(const std::string& command, const std::vector<std::string>& words = {});

  // False after a connection-level error or Close().
  bool usable() const { return usable_; }
  void Close();

 private:
  ApiConnection(std::unique_ptr<Transport> transport, int timeout_ms);
  Sentence ReadSentence();
  std::vector<Row> RunUnchecked(const std::string& command, const std::vector<std::string>& words,
                                Row* done_attributes);

  std::unique_ptr<Transport> transport_;
  int timeout_ms_;
  bool usable_ = true;
  SentenceReader reader_;
};

}  // namespace billing::network::routeros
