// The single-sender lease: whoever holds it is the only process sending, across every replica.
#pragma once

#include <string>

#include "db/session_lock.h"

namespace billing::messaging {

inline constexpr const char* kSenderLockName = "billing.messaging.sender";

class SenderLease {
 public:
  virtual ~SenderLease() = default;
  virtual bool TryAcquire() = 0;  // true when held (before or now)
  virtual void Release() = 0;
};

// The lease as a PostgreSQL session advisory lock (db::SessionLock) named kSenderLockName.
class SessionSenderLease final : public SenderLease {
 public:
  explicit SessionSenderLease(const std::string& database_url)
      : lock_(database_url, kSenderLockName) {}
  bool TryAcquire() override { return lock_.TryAcquire(); }
  void Release() override { lock_.Release(); }

 private:
  db::SessionLock lock_;
};

}  // namespace billing::messaging
