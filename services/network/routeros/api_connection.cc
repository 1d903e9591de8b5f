#include "routeros/api_connection.h"

#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/ssl.h>

#include "routeros/transport.h"

namespace billing::network::routeros {
namespace {

using Kind = ConnectionError::Kind;

// Connects one address within the timeout: the connected fd, or -1 with `*err` set.
int ConnectAddress(const addrinfo& ai, int timeout_ms, int* err) {
  const int fd =
      ::socket(ai.ai_family, ai.ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai.ai_protocol);
  if (fd < 0) {
    *err = errno;
    return -1;
  }
  int r = ::connect(fd, ai.ai_addr, ai.ai_addrlen);
  if (r != 0 && errno == EINPROGRESS) {
    pollfd pfd{fd, POLLOUT, 0};
    do {
      r = ::poll(&pfd, 1, timeout_ms);
    } while (r < 0 && errno == EINTR);
    if (r == 0) {
      ::close(fd);
      *err = ETIMEDOUT;
      return -1;
    }
    if (r < 0) {
      *err = errno;
      ::close(fd);
      return -1;
    }
    int so_error = 0;
    socklen_t len = sizeof(so_error);
    ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &so_error, &len);
    r = so_error == 0 ? 0 : -1;
    errno = so_error;
  }
  if (r != 0) {
    *err = errno;
    ::close(fd);
    return -1;
  }
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  ::setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one));
  return fd;
}

bool IsIpLiteral(const std::string& host) {
  in6_addr buf{};
  return ::inet_pton(AF_INET, host.c_str(), &buf) == 1 ||
         ::inet_pton(AF_INET6, host.c_str(), &buf) == 1;
}

SSL* NewClientSsl(const ConnectOptions& options) {
  // One context for the process; its settings never change.
  static SSL_CTX* const unverified = [] {
    SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
    if (ctx == nullptr) return ctx;
    SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);
    // RouterOS API-SSL without a certificate only offers anonymous DH suites (TLS 1.2), which
    // need security level 0; with a certificate the usual suites are negotiated.
    SSL_CTX_set_cipher_list(ctx, "DEFAULT:ADH:@SECLEVEL=0");
    return ctx;
  }();
  static SSL_CTX* const verified = [] {
    SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
    if (ctx == nullptr) return ctx;
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
    SSL_CTX_set_default_verify_paths(ctx);
    return ctx;
  }();
  SSL_CTX* ctx = options.verify_peer ? verified : unverified;
  if (ctx == nullptr) throw ConnectionError(Kind::kTls, OpenSslErrorText());
  SSL* ssl = SSL_new(ctx);
  if (ssl == nullptr) throw ConnectionError(Kind::kTls, OpenSslErrorText());
  if (!IsIpLiteral(options.host)) {
    SSL_set_tlsext_host_name(ssl, options.host.c_str());  // SNI; never for IP literals
    if (options.verify_peer) SSL_set1_host(ssl, options.host.c_str());
  } else if (options.verify_peer) {
    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), options.host.c_str());
  }
  SSL_set_connect_state(ssl);
  return ssl;
}

std::string Md5Hex(const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(data.data(), data.size(), digest, &size, EVP_md5(), nullptr);
  std::string hex;
  char buf[3];
  for (unsigned int i = 0; i < size; ++i) {
    std::snprintf(buf, sizeof(buf), "%02x", digest[i]);
    hex += buf;
  }
  return hex;
}

std::string HexDecode(const std::string& hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::strtol(hex.substr(i, 2).c_str(), nullptr, 16)));
  }
  return out;
}

}  // namespace

std::unique_ptr<ApiConnection> ApiConnection::Connect(const ConnectOptions& options) {
  const int timeout_ms = options.timeout_ms > 0 ? options.timeout_ms : 5000;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(options.port);
  const int gai = ::getaddrinfo(options.host.c_str(), port.c_str(), &hints, &found);
  if (gai != 0) {
    throw ConnectionError(Kind::kResolve, options.host + ": " + ::gai_strerror(gai),
                          gai == EAI_SYSTEM ? errno : 0);
  }
  int fd = -1;
  int err = 0;
  for (addrinfo* ai = found; ai != nullptr && fd < 0; ai = ai->ai_next) {
    fd = ConnectAddress(*ai, timeout_ms, &err);
  }
  ::freeaddrinfo(found);
  if (fd < 0) {
    const std::string where = options.host + ":" + port;
    if (err == ETIMEDOUT) {
      throw ConnectionError(Kind::kTimeout, "connect to " + where + " timed out", err);
    }
    throw ConnectionError(Kind::kConnect, where + ": " + std::strerror(err), err);
  }
  SSL* ssl = nullptr;
  if (options.tls) {
    try {
      ssl = NewClientSsl(options);
    } catch (...) {
      ::close(fd);
      throw;
    }
  }
  auto transport = std::make_unique<Transport>(fd, ssl);
  transport->Handshake(timeout_ms);
  return std::unique_ptr<ApiConnection>(new ApiConnection(std::move(transport), timeout_ms));
}

ApiConnection::ApiConnection(std::unique_ptr<Transport> transport, int timeout_ms)
    : transport_(std::move(transport)), timeout_ms_(timeout_ms) {}

ApiConnection::~ApiConnection() = default;

void ApiConnection::Close() {
  usable_ = false;
  if (transport_) transport_->Close();
}

Sentence ApiConnection::ReadSentence() {
  while (true) {
    if (auto sentence = reader_.Next()) return *std::move(sentence);
    auto bytes = transport_->ReadSome(timeout_ms_);
    if (!bytes) {
      throw ConnectionError(Kind::kTimeout, "no reply in " + std::to_string(timeout_ms_) + " ms");
    }
    reader_.Feed(*bytes);
  }
}

std::vector<Row> ApiConnection::RunUnchecked(const std::string& command,
                                             const std::vector<std::string>& words,
                                             Row* done_attributes) {
  if (!usable_) throw ConnectionError(Kind::kClosed, "connection is no longer usable");
  Sentence sentence;
  sentence.reserve(words.size() + 1);
  sentence.push_back(command);
  sentence.insert(sentence.end(), words.begin(), words.end());
  std::vector<Row> rows;
  std::optional<Reply> trap;
  try {
    transport_->WriteAll(EncodeSentence(sentence), timeout_ms_);
    while (true) {
      Reply reply = ParseReply(ReadSentence());
      if (reply.type == "!re") {
        rows.push_back(std::move(reply.attributes));
      } else if (reply.type == "!done") {
        if (done_attributes != nullptr) *done_attributes = std::move(reply.attributes);
        break;
      } else if (reply.type == "!trap") {
        if (!trap) trap = std::move(reply);  // !done follows
      } else if (reply.type == "!fatal") {
        std::string text;
        for (const auto& word : reply.other_words) text += (text.empty() ? "" : " ") + word;
        if (text.empty() && reply.attributes.contains("message")) {
          text = reply.attributes["message"];
        }
        throw ConnectionError(Kind::kFatal, text);
      }
      // !empty (RouterOS 7.18+) and anything unknown: nothing to keep.
    }
  } catch (const ConnectionError& e) {
    usable_ = false;
    if (transport_) transport_->Close();
    // A router that closes right after !trap (as RouterOS does after a failed login) still
    // told us why; the caller gets the trap, and the connection is gone.
    if (trap && e.kind() == Kind::kClosed) {
      throw TrapError(command, trap->attributes["message"], trap->attributes["category"]);
    }
    throw;
  }
  if (trap) throw TrapError(command, trap->attributes["message"], trap->attributes["category"]);
  return rows;
}

std::vector<Row> ApiConnection::Run(const std::string& command,
                                    const std::vector<std::string>& words) {
  return RunUnchecked(command, words, nullptr);
}

void ApiConnection::Login(const std::string& name, const std::string& password) {
  try {
    Row done;
    RunUnchecked("/login", {"=name=" + name, "=password=" + password}, &done);
    const auto challenge = done.find("ret");
    if (challenge == done.end()) return;
    // RouterOS before 6.43: =response=00 + md5(0x00 + password + challenge).
    const std::string response =
        "00" + Md5Hex(std::string(1, '\0') + password + HexDecode(challenge->second));
    RunUnchecked("/login", {"=name=" + name, "=response=" + response}, nullptr);
  } catch (const TrapError& e) {
    Close();
    throw ConnectionError(Kind::kLoginRejected, e.message());
  }
}

}  // namespace billing::network::routeros
