// A fake MikroTik router for tests: a real TCP server on 127.0.0.1 (a free port) speaking the
// RouterOS API, plain or API-SSL (self-signed certificate made at start), one thread per
// connection. It keeps /ppp/secret and /ppp/active in memory, implements print (with ?name=
// style equality queries and =.proplist=), add, set and remove like RouterOS does, records
// every sentence it receives, and can be scripted to fail in the ways real routers fail.
//
//   FakeRouterOs router({.username = "api", .password = "rahasia"});
//   RouterConfig config{.host = router.host(), .port = router.port(), ...};
//   ...
//   EXPECT_EQ(router.Received()[1], (Sentence{"/ppp/secret/print", "?name=budi"}));
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "routeros/api_protocol.h"

namespace billing::network::routeros::testing {

class FakeRouterOs {
 public:
  struct Options {
    std::string username = "admin";
    std::string password = "admin";
    bool tls = false;  // API-SSL with a fresh self-signed certificate
    // RouterOS before 6.43: /login answers with a challenge (=ret=), then expects
    // `/login =name= =response=00<md5(0 + password + challenge)>`.
    bool legacy_login = false;
  };

  FakeRouterOs();
  explicit FakeRouterOs(Options options);
  // Stops listening, closes every connection, joins the threads.
  ~FakeRouterOs();
  FakeRouterOs(const FakeRouterOs&) = delete;
  FakeRouterOs& operator=(const FakeRouterOs&) = delete;

  std::string host() const { return "127.0.0.1"; }
  int port() const { return port_; }

  // --- The tables. Rows hold every field as RouterOS prints it (".id", "disabled"=true/false).
  // Adds a secret (defaults: service=any, profile=default, disabled=false, password="");
  // returns its ".id".
  std::string AddSecret(const Row& fields);
  // Adds an active PPP session for `name`; returns its ".id".
  // A /ppp/profile entry (name, rate-limit, ...); returns its .id.
  std::string AddProfile(const Row& fields);
  std::string AddActive(const std::string& name, const std::string& address = "10.10.0.2");
  std::vector<Row> Secrets() const;
  std::optional<Row> FindSecret(const std::string& name) const;
  std::vector<Row> Active() const;

  // --- What arrived: every sentence of every connection in arrival order, /login included.
  std::vector<Sentence> Received() const;
  // The first word of each received sentence.
  std::vector<std::string> Commands() const;
  void ClearReceived();
  // Connections accepted so far.
  int connections() const;

  // --- Scripting (each one-shot hook fires once, in the order set).
  // The next sentence whose command or any word equals `match` gets
  // `!trap =message=<message>` + `!done` instead of being carried out.
  void TrapNext(const std::string& match, const std::string& message);
  // When command `command` next arrives, the connection is closed without a reply.
  void DropOn(const std::string& command);
  // When command `command` next arrives, it is never answered (the connection stays open).
  void HangOn(const std::string& command);
  // Closes the listening socket (returns once closed): new connections are refused.
  void RefuseConnections();
  // false: connections are accepted and read, but nothing is ever answered (not even /login).
  void SetAnswering(bool answering);

 private:
  struct Connection;
  void AcceptLoop();
  void Serve(std::shared_ptr<Connection> connection);
  // Handles one sentence: what to do with the connection and the reply sentences.
  // `*login` tracks the connection's login.
  enum class Action { kReply, kClose, kReplyThenClose, kSilent };
  struct LoginState {
    bool logged_in = false;
    std::string challenge;  // legacy login: the challenge sent (raw bytes)
  };
  Action Handle(const Sentence& sentence, LoginState* login, std::vector<Sentence>* replies);
  std::vector<Sentence> Execute(const std::string& command, const Sentence& sentence);

  Options options_;
  int port_ = 0;
  int listen_fd_ = -1;
  void* ssl_ctx_ = nullptr;  // SSL_CTX*, only with tls
  std::atomic<bool> stop_{false};
  std::thread accept_thread_;

  mutable std::mutex mutex_;
  std::condition_variable cv_;
  bool refuse_requested_ = false;
  bool listening_ = true;
  bool answering_ = true;
  std::vector<std::thread> connection_threads_;
  int connections_ = 0;
  std::vector<Sentence> received_;
  std::deque<std::pair<std::string, std::string>> traps_;
  std::deque<std::string> drops_;
  std::deque<std::string> hangs_;
  std::vector<Row> secrets_;
  std::vector<Row> active_;
  std::vector<Row> profiles_;
  int next_secret_id_ = 1;
  int next_active_id_ = 0x100;
  int next_profile_id_ = 0x200;
};

}  // namespace billing::network::routeros::testing
