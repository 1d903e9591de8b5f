// A fixed-size pool of PostgreSQL connections (libpqxx 6.4) with transaction helpers.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <pqxx/pqxx>

namespace billing::db {

// A function run on the committing thread after every successful commit of Pool::Transact, in
// every pool of the process; nullptr for none. Set once at start-up (the outbox uses it to wake
// the relay only once the rows it should publish are visible). It must not throw or block.
using AfterCommitHook = void (*)();
void SetAfterCommitHook(AfterCommitHook hook);

class Pool final {
 public:
  // Every connection uses `schema` first in its search_path (a service's own schema), set in
  // the connection string so that it holds after any reconnect; connects give up after 5 s.
  // Throws std::invalid_argument when the url cannot be parsed.
  Pool(const std::string& url, const std::string& schema, size_t size);
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  // Borrowed connection, returned to the pool on destruction (dropped if it broke).
  class Lease final {
   public:
    Lease(Pool* pool, std::unique_ptr<pqxx::connection> connection);
    Lease(Lease&& other) noexcept
        : pool_(std::exchange(other.pool_, nullptr)), connection_(std::move(other.connection_)) {}
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    pqxx::connection& operator*() { return *connection_; }
    pqxx::connection* operator->() { return connection_.get(); }
    // The connection broke: close it instead of returning it to the pool.
    void Discard() { connection_.reset(); }

   private:
    Pool* pool_;
    std::unique_ptr<pqxx::connection> connection_;
  };

  // Throws errors::Error(unavailable) when no connection can be had within the timeout. An
  // idle connection the server has closed meanwhile (a restart) is replaced, not handed out.
  Lease Acquire(std::chrono::milliseconds timeout = std::chrono::seconds(5));

  // Runs `body` in a read-write transaction and commits; database failures become
  // errors::Error (unavailable when the server is unreachable, internal otherwise), except
  // constraint violations, which are rethrown for the repository to translate. When the
  // transaction cannot even begin because its connection broke, it is retried once on a new
  // connection (nothing of the body ran); a connection that broke is never reused. A
  // transaction PostgreSQL ends as a deadlock is run again, up to 3 times in all: `body` may
  // run more than once and must have no effect outside the transaction.
  void Transact(const std::function<void(pqxx::work&)>& body);
  void Read(const std::function<void(pqxx::read_transaction&)>& body);
  // A read of ONE statement outside a transaction block (autocommit): one round trip instead
  // of BEGIN, the statement and COMMIT. The statement sees its own snapshot, so a body that
  // runs several statements which must agree needs Read instead. Errors map as for Read.
  void ReadOne(const std::function<void(pqxx::nontransaction&)>& body);
  // ONE statement that writes, outside a transaction block (autocommit, one round trip). Never
  // run again: a connection that breaks may have committed it. Errors map as for Transact.
  void WriteOne(const std::function<void(pqxx::nontransaction&)>& body);

  // Whether the database answers a trivial query now (health checks).
  bool Ping();

  // Waits until the server accepts a connection (used at start-up).
  void WaitUntilReachable(std::chrono::seconds timeout);

 private:
  void Return(std::unique_ptr<pqxx::connection> connection);
  std::unique_ptr<pqxx::connection> Connect();

  std::string conninfo_;
  size_t size_;
  size_t open_ = 0;
  std::vector<std::unique_ptr<pqxx::connection>> idle_;
  std::mutex mutex_;
  std::condition_variable available_;
};

}  // namespace billing::db
