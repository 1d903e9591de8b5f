// Connection pool: lazily opened connections, broken ones dropped, bounded waiting.
#include "db/pool.h"

#include <atomic>
#include <optional>
#include <poll.h>
#include <thread>
#include <type_traits>

#include <nlohmann/json.hpp>

#include "db/conninfo.h"
#include "errors/error.h"
#include "i18n/messages.h"
#include "log/log.h"

namespace billing::db {
namespace {

std::atomic<AfterCommitHook> after_commit_hook{nullptr};

// Whether an idle connection has input waiting: a pool connection never LISTENs, so that is
// the server's goodbye (a restart or a terminated backend) or end of file.
bool ClosedByServer(pqxx::connection& connection) {
  if (!connection.is_open()) return true;
  pollfd descriptor{connection.sock(), POLLIN, 0};
  if (descriptor.fd < 0) return true;
  return ::poll(&descriptor, 1, 0) != 0;
}

constexpr int kDeadlockAttempts = 3;

// Runs `work`, turning what libpqxx throws into errors::Error: a lost connection is
// `unavailable`, any other database failure `internal` (logged). A constraint violation passes
// unchanged, for the repository to name the field.
template <typename Work>
void MapDatabaseErrors(const Work& work) {
  try {
    work();
  } catch (const pqxx::integrity_constraint_violation&) {
    throw;
  } catch (const pqxx::broken_connection& e) {
    log::Warn("database connection lost", {{"error", e.what()}});
    throw errors::Unavailable(i18n::kServiceUnavailable);
  } catch (const pqxx::failure& e) {
    log::Error("database error", {{"error", e.what()}});
    throw errors::Internal("database error");
  }
}

template <typename Txn, typename Body>
void RunMapped(Pool& pool, const Body& body) {
  MapDatabaseErrors([&] {
    for (int attempt = 1;; ++attempt) {
      auto lease = pool.Acquire();
      std::optional<Txn> txn;
      try {
        txn.emplace(*lease);  // BEGIN
      } catch (const pqxx::broken_connection&) {
        lease.Discard();
        if (attempt < 2) continue;
        throw;
      }
      try {
        body(*txn);
        txn->commit();
        if constexpr (std::is_same_v<Txn, pqxx::work>) {
          if (auto hook = after_commit_hook.load(std::memory_order_acquire)) hook();
        }
      } catch (const pqxx::broken_connection&) {
        txn.reset();
        lease.Discard();
        throw;
      } catch (const pqxx::deadlock_detected& e) {
        // PostgreSQL rolled the whole transaction back, so nothing of it stayed and it runs
        // again (bodies only talk to the database). Concurrent writers of the same figure
        // rows and bills can meet in a cycle on rare timings; the retry ends it.
        txn.reset();
        if (attempt < kDeadlockAttempts) {
          log::Warn("deadlock; running the transaction again", {{"attempt", attempt}});
          continue;
        }
        throw;
      }
      return;
    }
  });
}

}  // namespace

void SetAfterCommitHook(AfterCommitHook hook) {
  after_commit_hook.store(hook, std::memory_order_release);
}

Pool::Lease::Lease(Pool* pool, std::unique_ptr<pqxx::connection> connection)
    : pool_(pool), connection_(std::move(connection)) {}

Pool::Lease::~Lease() {
  if (pool_ != nullptr) pool_->Return(std::move(connection_));
}

Pool::Pool(const std::string& url, const std::string& schema, size_t size)
    : conninfo_(SessionConninfo(url, schema)), size_(size) {}

std::unique_ptr<pqxx::connection> Pool::Connect() {
  return std::make_unique<pqxx::connection>(conninfo_);
}

Pool::Lease Pool::Acquire(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  if (!available_.wait_for(lock, timeout, [&] { return !idle_.empty() || open_ < size_; })) {
    throw errors::Unavailable(i18n::kServiceUnavailable);
  }
  std::unique_ptr<pqxx::connection> stale;
  if (!idle_.empty()) {
    auto connection = std::move(idle_.back());
    idle_.pop_back();
    if (!ClosedByServer(*connection)) return Lease(this, std::move(connection));
    stale = std::move(connection);  // its slot is reused for a new connection below
  } else {
    ++open_;
  }
  lock.unlock();
  stale.reset();
  try {
    return Lease(this, Connect());
  } catch (const std::exception& e) {
    {
      std::lock_guard relock(mutex_);
      --open_;
    }
    available_.notify_one();
    log::Warn("database connect failed", {{"error", e.what()}});
    throw errors::Unavailable(i18n::kServiceUnavailable);
  }
}

void Pool::Return(std::unique_ptr<pqxx::connection> connection) {
  {
    std::lock_guard lock(mutex_);
    if (connection != nullptr && connection->is_open()) {
      idle_.push_back(std::move(connection));
    } else {
      --open_;
    }
  }
  available_.notify_one();
}

void Pool::Transact(const std::function<void(pqxx::work&)>& body) {
  RunMapped<pqxx::work>(*this, body);
}

void Pool::Read(const std::function<void(pqxx::read_transaction&)>& body) {
  RunMapped<pqxx::read_transaction>(*this, body);
}

void Pool::ReadOne(const std::function<void(pqxx::nontransaction&)>& body) {
  MapDatabaseErrors([&] {
    for (int attempt = 1;; ++attempt) {
      auto lease = Acquire();
      try {
        pqxx::nontransaction txn(*lease);
        body(txn);
        return;
      } catch (const pqxx::broken_connection&) {
        lease.Discard();
        // Nothing was begun, and a read changes nothing: it runs again on a new connection
        // once, as Read does when its BEGIN meets a broken connection.
        if (attempt < 2) continue;
        throw;
      }
    }
  });
}

void Pool::WriteOne(const std::function<void(pqxx::nontransaction&)>& body) {
  MapDatabaseErrors([&] {
    auto lease = Acquire();
    try {
      pqxx::nontransaction txn(*lease);
      body(txn);
    } catch (const pqxx::broken_connection&) {
      lease.Discard();
      throw;
    }
  });
}

bool Pool::Ping() {
  try {
    Read([](pqxx::read_transaction& txn) { txn.exec("SELECT 1"); });
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

void Pool::WaitUntilReachable(std::chrono::seconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    try {
      auto lease = Acquire();
      return;
    } catch (const errors::Error&) {
      if (std::chrono::steady_clock::now() > deadline) throw;
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
  }
}

}  // namespace billing::db
