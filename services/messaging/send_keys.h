// Reminder keys: one per (transaction, kind), so replicas and reruns never repeat a reminder.
// Implemented by SendKeyRepository (PostgreSQL) and testing/fake_reminder_store.h.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "message_composer.h"
#include "rpc/caller.h"

namespace billing::messaging {

class SendKeys {
 public:
  virtual ~SendKeys() = default;
  // Queues `message` only if none of `keys` was used before, and uses them all. Returns the
  // message id, or 0 when it was a repeat.
  virtual int64_t EnqueueReminder(const ComposedMessage& message,
                                  const std::vector<std::string>& keys,
                                  const rpc::Caller& actor) = 0;
  // Those of `keys` already used.
  virtual std::vector<std::string> UsedReminderKeys(const std::vector<std::string>& keys) = 0;
};

}  // namespace billing::messaging
