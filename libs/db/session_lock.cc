#include "db/session_lock.h"

#include <nlohmann/json.hpp>

#include "db/conninfo.h"
#include "log/log.h"

namespace billing::db {

SessionLock::SessionLock(std::string database_url, std::string name)
    : url_(std::move(database_url)), name_(std::move(name)) {}

SessionLock::~SessionLock() { Release(); }

bool SessionLock::TryAcquire() {
  if (held_ && Held()) return true;
  try {
    if (!connection_) connection_ = std::make_unique<pqxx::connection>(SessionConninfo(url_, ""));
    pqxx::nontransaction txn(*connection_);
    pqxx::result result =
        txn.exec_params("SELECT pg_try_advisory_lock(hashtext($1)), pg_backend_pid()", name_);
    held_ = result[0][0].as<bool>();
    backend_pid_ = result[0][1].as<int>();
  } catch (const std::exception& e) {
    log::Warn("lock unavailable", {{"lock", name_}, {"error", e.what()}});
    connection_.reset();
    held_ = false;
  }
  return held_;
}

bool SessionLock::Held() {
  if (!held_ || !connection_) return false;
  try {
    pqxx::nontransaction txn(*connection_);
    // libpqxx 6 reconnects silently; a new session (another backend pid) has no lock.
    if (txn.exec("SELECT pg_backend_pid()")[0][0].as<int>() == backend_pid_) return true;
    log::Warn("lock lost: the database session was replaced", {{"lock", name_}});
  } catch (const std::exception& e) {
    log::Warn("lock lost", {{"lock", name_}, {"error", e.what()}});
  }
  connection_.reset();
  held_ = false;
  return false;
}

void SessionLock::Release() {
  if (held_ && connection_) {
    try {
      pqxx::nontransaction txn(*connection_);
      txn.exec_params("SELECT pg_advisory_unlock(hashtext($1))", name_);
    } catch (const std::exception&) {
      // Closing the connection below releases it anyway.
    }
  }
  held_ = false;
  connection_.reset();
}

}  // namespace billing::db
