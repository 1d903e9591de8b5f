// Connection pool: lazily opened connections, broken ones dropped, bounded waiting.
#include "db/pool.h"

#include <thread>

#include <nlohmann/json.hpp>

#include "errors/error.h"
#include "i18n/messages.h"
#include "log/log.h"

namespace billing::db {
namespace {

template <typename Txn, typename Body>
void RunMapped(Pool& pool, const Body& body) {
  try {
    auto lease = pool.Acquire();
    Txn txn(*lease);
    body(txn);
    txn.commit();
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

}  // namespace

Pool::Lease::Lease(Pool* pool, std::unique_ptr<pqxx::connection> connection)
    : pool_(pool), connection_(std::move(connection)) {}

Pool::Lease::~Lease() {
  if (pool_ != nullptr && connection_ != nullptr) pool_->Return(std::move(connection_));
}

Pool::Pool(std::string url, std::string schema, size_t size)
    : url_(std::move(url)), schema_(std::move(schema)), size_(size) {}

std::unique_ptr<pqxx::connection> Pool::Connect() {
  auto connection = std::make_unique<pqxx::connection>(url_);
  if (!schema_.empty()) {
    pqxx::nontransaction txn(*connection);
    txn.exec0("SET search_path TO " + txn.quote_name(schema_) + ", public");
  }
  return connection;
}

Pool::Lease Pool::Acquire(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  if (!available_.wait_for(lock, timeout, [&] { return !idle_.empty() || open_ < size_; })) {
    throw errors::Unavailable(i18n::kServiceUnavailable);
  }
  if (!idle_.empty()) {
    auto connection = std::move(idle_.back());
    idle_.pop_back();
    return Lease(this, std::move(connection));
  }
  ++open_;
  lock.unlock();
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
    if (connection->is_open()) {
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
