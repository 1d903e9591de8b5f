// A suite-wide "only one process does this" lock: a PostgreSQL session advisory lock held on a
// connection of its own. A crash closes the connection, which releases the lock, so another
// replica takes over at its next TryAcquire.
#pragma once

#include <memory>
#include <string>

#include <pqxx/pqxx>

namespace billing::db {

class SessionLock final {
 public:
  // `name` identifies the lock suite-wide (hashed with hashtext), e.g. "billing.network.worker".
  SessionLock(std::string database_url, std::string name);
  ~SessionLock();
  SessionLock(const SessionLock&) = delete;
  SessionLock& operator=(const SessionLock&) = delete;

  bool TryAcquire();  // true when held (before or now)
  bool Held();        // verifies the connection still works; drops it otherwise
  void Release();

 private:
  std::string url_;
  std::string name_;
  std::unique_ptr<pqxx::connection> connection_;
  bool held_ = false;
  int backend_pid_ = 0;
};

}  // namespace billing::db
