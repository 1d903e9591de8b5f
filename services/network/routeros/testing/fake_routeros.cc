#include "routeros/testing/fake_routeros.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <netinet/in.h>
#include <poll.h>
#include <sstream>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "routeros/api_errors.h"
#include "routeros/transport.h"

namespace billing::network::routeros::testing {
namespace {

constexpr int kPollMs = 20;

std::string HexId(int n) {
  std::ostringstream out;
  out << '*' << std::uppercase << std::hex << n;
  return out.str();
}

// A throwaway self-signed certificate and key for API-SSL.
SSL_CTX* NewServerContext() {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  X509* cert = X509_new();
  if (key == nullptr || cert == nullptr) throw std::runtime_error("fake routeros: keygen failed");
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert), -60);
  X509_gmtime_adj(X509_getm_notAfter(cert), 24L * 3600);
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("fake-routeros"), -1, -1, 0);
  X509_set_issuer_name(cert, name);
  X509_sign(cert, key, EVP_sha256());
  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  const bool ok = ctx != nullptr && SSL_CTX_use_certificate(ctx, cert) == 1 &&
                  SSL_CTX_use_PrivateKey(ctx, key) == 1;
  X509_free(cert);
  EVP_PKEY_free(key);
  if (!ok) throw std::runtime_error("fake routeros: TLS context: " + OpenSslErrorText());
  return ctx;
}

std::string Hex(const std::string& bytes) {
  static const char* const kDigits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 0xF]);
  }
  return out;
}

std::string Md5(const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(data.data(), data.size(), digest, &size, EVP_md5(), nullptr);
  return std::string(reinterpret_cast<const char*>(digest), size);
}

Sentence Trap(const std::string& message) { return {"!trap", "=message=" + message}; }

// Every ?name=value query word matches (plain equality; RouterOS has more operators).
bool Matches(const Row& row, const Sentence& sentence) {
  for (std::size_t i = 1; i < sentence.size(); ++i) {
    const std::string& word = sentence[i];
    if (!word.starts_with("?")) continue;
    const std::size_t eq = word.find('=', 1);
    if (eq == std::string::npos) continue;
    const std::string key = word.substr(1, eq - 1);
    const auto it = row.find(key);
    const std::string value = it == row.end() ? "" : it->second;
    if (value != word.substr(eq + 1)) return false;
  }
  return true;
}

Row Attributes(const Sentence& sentence) {
  Row out;
  for (std::size_t i = 1; i < sentence.size(); ++i) {
    if (auto attribute = ParseAttribute(sentence[i])) out[attribute->first] = attribute->second;
  }
  return out;
}

std::string NormalizeBool(const std::string& value) {
  if (value == "yes" || value == "true") return "true";
  if (value == "no" || value == "false") return "false";
  return value;
}

std::vector<std::string> SplitIds(const std::string& ids) {
  std::vector<std::string> out;
  std::stringstream in(ids);
  std::string id;
  while (std::getline(in, id, ',')) out.push_back(id);
  return out;
}

}  // namespace

struct FakeRouterOs::Connection {
  std::unique_ptr<Transport> transport;
};

FakeRouterOs::FakeRouterOs() : FakeRouterOs(Options{}) {}

FakeRouterOs::FakeRouterOs(Options options) : options_(std::move(options)) {
  if (options_.tls) ssl_ctx_ = NewServerContext();
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (listen_fd_ < 0 || ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      ::listen(listen_fd_, 16) != 0) {
    throw std::runtime_error("fake routeros: cannot listen on 127.0.0.1");
  }
  socklen_t len = sizeof(addr);
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  accept_thread_ = std::thread([this] { AcceptLoop(); });
}

FakeRouterOs::~FakeRouterOs() {
  stop_ = true;
  if (accept_thread_.joinable()) accept_thread_.join();
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mutex_);
    threads.swap(connection_threads_);
  }
  for (auto& thread : threads) thread.join();
  if (listen_fd_ >= 0) ::close(listen_fd_);
  if (ssl_ctx_ != nullptr) SSL_CTX_free(static_cast<SSL_CTX*>(ssl_ctx_));
}

void FakeRouterOs::AcceptLoop() {
  while (!stop_) {
    {
      std::lock_guard lock(mutex_);
      if (refuse_requested_ && listening_) {
        ::close(listen_fd_);
        listen_fd_ = -1;
        listening_ = false;
        cv_.notify_all();
      }
    }
    if (listen_fd_ < 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(kPollMs));
      continue;
    }
    pollfd pfd{listen_fd_, POLLIN, 0};
    if (::poll(&pfd, 1, kPollMs) <= 0) continue;
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    SSL* ssl = nullptr;
    if (ssl_ctx_ != nullptr) {
      ssl = SSL_new(static_cast<SSL_CTX*>(ssl_ctx_));
      SSL_set_accept_state(ssl);
    }
    auto connection = std::make_shared<Connection>();
    connection->transport = std::make_unique<Transport>(fd, ssl);
    std::lock_guard lock(mutex_);
    ++connections_;
    connection_threads_.emplace_back([this, connection] { Serve(connection); });
  }
}

void FakeRouterOs::Serve(std::shared_ptr<Connection> connection) {
  Transport& transport = *connection->transport;
  SentenceReader reader;
  LoginState login;
  try {
    if (transport.tls()) {
      while (!stop_) {
        try {
          transport.Handshake(kPollMs);
          break;
        } catch (const ConnectionError& e) {
          if (e.kind() != ConnectionError::Kind::kTimeout) throw;
        }
      }
    }
    while (!stop_) {
      auto bytes = transport.ReadSome(kPollMs);
      if (!bytes) continue;
      reader.Feed(*bytes);
      while (auto sentence = reader.Next()) {
        std::vector<Sentence> replies;
        const Action action = Handle(*sentence, &login, &replies);
        if (action == Action::kClose) {
          transport.Close();
          return;
        }
        std::string out;
        for (const auto& reply : replies) out += EncodeSentence(reply);
        if (!out.empty()) transport.WriteAll(out, 2000);
        if (action == Action::kReplyThenClose) {
          transport.Close();
          return;
        }
      }
    }
  } catch (const std::exception&) {
    // The client went away or spoke garbage: this connection is over.
  }
  transport.Close();
}

FakeRouterOs::Action FakeRouterOs::Handle(const Sentence& sentence, LoginState* login,
                                          std::vector<Sentence>* replies) {
  std::lock_guard lock(mutex_);
  received_.push_back(sentence);
  if (sentence.empty()) return Action::kSilent;
  if (!answering_) return Action::kSilent;
  const std::string& command = sentence[0];
  if (!drops_.empty() && drops_.front() == command) {
    drops_.pop_front();
    return Action::kClose;
  }
  if (!hangs_.empty() && hangs_.front() == command) {
    hangs_.pop_front();
    return Action::kSilent;
  }
  std::string tag;
  for (const auto& word : sentence) {
    if (word.starts_with(".tag=")) tag = word;
  }
  const auto tagged = [&](std::vector<Sentence> out) {
    if (!tag.empty()) {
      for (auto& reply : out) reply.push_back(tag);
    }
    *replies = std::move(out);
  };

  if (!login->logged_in) {
    if (command != "/login") {
      *replies = {{"!fatal", "not logged in"}};
      return Action::kReplyThenClose;
    }
    const Row attributes = Attributes(sentence);
    const auto name = attributes.find("name");
    const auto password = attributes.find("password");
    const auto response = attributes.find("response");
    if (options_.legacy_login && response == attributes.end()) {
      login->challenge = "0123456789abcdef";  // any 16 bytes
      tagged({{"!done", "=ret=" + Hex(login->challenge)}});
      return Action::kReply;
    }
    const bool name_ok = name != attributes.end() && name->second == options_.username;
    const bool legacy_ok =
        options_.legacy_login && response != attributes.end() && !login->challenge.empty() &&
        response->second ==
            "00" + Hex(Md5(std::string(1, '\0') + options_.password + login->challenge));
    const bool plain_ok = !options_.legacy_login && password != attributes.end() &&
                          password->second == options_.password;
    if (name_ok && (plain_ok || legacy_ok)) {
      login->logged_in = true;
      tagged({{"!done"}});
      return Action::kReply;
    }
    // RouterOS 6.43+: the trap, then it hangs up.
    tagged({Trap("invalid user name or password (6)")});
    return Action::kReplyThenClose;
  }

  if (!traps_.empty()) {
    const auto& [match, message] = traps_.front();
    if (std::find(sentence.begin(), sentence.end(), match) != sentence.end()) {
      Sentence trap = Trap(message);
      traps_.pop_front();
      tagged({trap, {"!done"}});
      return Action::kReply;
    }
  }
  tagged(Execute(command, sentence));
  return Action::kReply;
}

std::vector<Sentence> FakeRouterOs::Execute(const std::string& command, const Sentence& sentence) {
  const Row attributes = Attributes(sentence);
  std::vector<Row>* table = nullptr;
  std::string verb;
  if (command.starts_with("/ppp/secret/")) {
    table = &secrets_;
    verb = command.substr(12);
  } else if (command.starts_with("/ppp/active/")) {
    table = &active_;
    verb = command.substr(12);
  } else if (command == "/ppp/profile/print") {
    table = &profiles_;
    verb = "print";
  } else if (command == "/system/identity/print") {
    return {{"!re", "=name=FakeRouterOS"}, {"!done"}};
  } else {
    return {{"!trap", "=category=0", "=message=no such command prefix"}, {"!done"}};
  }
  const auto find = [table](const std::string& id) {
    return std::find_if(table->begin(), table->end(),
                        [&](const Row& row) { return row.at(".id") == id; });
  };

  if (verb == "print") {
    std::vector<std::string> proplist;
    if (const auto it = attributes.find(".proplist"); it != attributes.end()) {
      proplist = SplitIds(it->second);
    }
    std::vector<Sentence> out;
    for (const Row& row : *table) {
      if (!Matches(row, sentence)) continue;
      Sentence reply{"!re"};
      for (const auto& [key, value] : row) {
        if (!proplist.empty() &&
            std::find(proplist.begin(), proplist.end(), key) == proplist.end()) {
          continue;
        }
        reply.push_back("=" + key + "=" + value);
      }
      out.push_back(std::move(reply));
    }
    out.push_back({"!done"});
    return out;
  }
  if (verb == "add" && table == &secrets_) {
    const auto name = attributes.find("name");
    if (name == attributes.end() || name->second.empty()) {
      return {Trap("failure: secret must have a name"), {"!done"}};
    }
    for (const Row& row : secrets_) {
      if (row.at("name") == name->second) {
        return {Trap("failure: secret with the same name already exists"), {"!done"}};
      }
    }
    Row row{{"service", "any"}, {"profile", "default"}, {"disabled", "false"}, {"password", ""}};
    for (const auto& [key, value] : attributes) {
      row[key] = key == "disabled" ? NormalizeBool(value) : value;
    }
    row[".id"] = HexId(next_secret_id_++);
    secrets_.push_back(row);
    return {{"!done", "=ret=" + row[".id"]}};
  }
  if (verb == "set" && table == &secrets_) {
    const auto id = attributes.find(".id");
    const auto row = id == attributes.end() ? secrets_.end() : find(id->second);
    if (row == secrets_.end()) return {Trap("no such item"), {"!done"}};
    if (const auto name = attributes.find("name"); name != attributes.end()) {
      for (const Row& other : secrets_) {
        if (&other != &*row && other.at("name") == name->second) {
          return {Trap("failure: secret with the same name already exists"), {"!done"}};
        }
      }
    }
    for (const auto& [key, value] : attributes) {
      if (key == ".id") continue;
      (*row)[key] = key == "disabled" ? NormalizeBool(value) : value;
    }
    return {{"!done"}};
  }
  if (verb == "remove") {
    const auto id = attributes.find(".id");
    if (id == attributes.end()) return {Trap("no such item"), {"!done"}};
    const std::vector<std::string> ids = SplitIds(id->second);
    for (const auto& one : ids) {
      if (find(one) == table->end()) return {Trap("no such item"), {"!done"}};
    }
    for (const auto& one : ids) table->erase(find(one));
    return {{"!done"}};
  }
  return {{"!trap", "=category=0", "=message=no such command"}, {"!done"}};
}

std::string FakeRouterOs::AddSecret(const Row& fields) {
  std::lock_guard lock(mutex_);
  Row row{{"service", "any"}, {"profile", "default"}, {"disabled", "false"}, {"password", ""}};
  for (const auto& [key, value] : fields) {
    row[key] = key == "disabled" ? NormalizeBool(value) : value;
  }
  row[".id"] = HexId(next_secret_id_++);
  secrets_.push_back(row);
  return row[".id"];
}

std::string FakeRouterOs::AddProfile(const Row& fields) {
  std::lock_guard lock(mutex_);
  Row row = fields;
  row[".id"] = HexId(next_profile_id_++);
  profiles_.push_back(row);
  return row[".id"];
}

std::string FakeRouterOs::AddActive(const std::string& name, const std::string& address) {
  std::lock_guard lock(mutex_);
  Row row{{"name", name}, {"service", "pppoe"}, {"address", address}, {"uptime", "1h2m3s"}};
  row[".id"] = HexId(next_active_id_++);
  active_.push_back(row);
  return row[".id"];
}

std::vector<Row> FakeRouterOs::Secrets() const {
  std::lock_guard lock(mutex_);
  return secrets_;
}

std::optional<Row> FakeRouterOs::FindSecret(const std::string& name) const {
  std::lock_guard lock(mutex_);
  for (const Row& row : secrets_) {
    if (row.at("name") == name) return row;
  }
  return std::nullopt;
}

std::vector<Row> FakeRouterOs::Active() const {
  std::lock_guard lock(mutex_);
  return active_;
}

std::vector<Sentence> FakeRouterOs::Received() const {
  std::lock_guard lock(mutex_);
  return received_;
}

std::vector<std::string> FakeRouterOs::Commands() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> out;
  for (const auto& sentence : received_) out.push_back(sentence.empty() ? "" : sentence[0]);
  return out;
}

void FakeRouterOs::ClearReceived() {
  std::lock_guard lock(mutex_);
  received_.clear();
}

int FakeRouterOs::connections() const {
  std::lock_guard lock(mutex_);
  return connections_;
}

void FakeRouterOs::TrapNext(const std::string& match, const std::string& message) {
  std::lock_guard lock(mutex_);
  traps_.emplace_back(match, message);
}

void FakeRouterOs::DropOn(const std::string& command) {
  std::lock_guard lock(mutex_);
  drops_.push_back(command);
}

void FakeRouterOs::HangOn(const std::string& command) {
  std::lock_guard lock(mutex_);
  hangs_.push_back(command);
}

void FakeRouterOs::RefuseConnections() {
  std::unique_lock lock(mutex_);
  refuse_requested_ = true;
  cv_.wait(lock, [this] { return !listening_; });
}

void FakeRouterOs::SetAnswering(bool answering) {
  std::lock_guard lock(mutex_);
  answering_ = answering;
}

}  // namespace billing::network::routeros::testing
