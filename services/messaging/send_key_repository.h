// SQL of the keys that make automatic messages happen once: reminder keys (per transaction and
// kind) and network notice keys (per caller-chosen key).
#pragma once

#include <chrono>
#include <optional>

#include "db/pool.h"
#include "message_records.h"
#include "send_keys.h"

namespace billing::messaging {

class SendKeyRepository final : public SendKeys {
 public:
  explicit SendKeyRepository(db::Pool& pool);

  int64_t EnqueueReminder(const ComposedMessage& message, const std::vector<std::string>& keys,
                          const rpc::Caller& actor) override;
  std::vector<std::string> UsedReminderKeys(const std::vector<std::string>& keys) override;
  // Network notices: queues `message` unless `key` was used before (then it is the earlier
  // message's id, queued = false). Safe against concurrent calls with the same key.
  NoticeResult EnqueueNotice(const ComposedMessage& message, const std::string& key,
                             const rpc::Caller& actor);
  // The message queued for a notice key, if the key was used.
  std::optional<int64_t> NoticeMessage(const std::string& key);
  // Queues a portal code message ahead of the ordinary queue, its code apart from the text,
  // unless the customer got one less than `interval` ago (then nullopt). Safe against
  // concurrent calls for one customer.
  std::optional<int64_t> EnqueuePortalCode(const PortalCodeMessage& message,
                                           std::chrono::seconds interval, const rpc::Caller& actor);

 private:
  db::Pool& pool_;
};

}  // namespace billing::messaging
