// All SQL of the messaging schema: the queue, broadcasts, the sender row, reminder and notice
// keys.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "db/pool.h"
#include "db/session_lock.h"
#include "message_composer.h"
#include "providers/provider.h"
#include "rpc/caller.h"

namespace billing::messaging {

struct MessageRecord {
  int64_t id = 0;
  int64_t broadcast_id = 0;
  std::string trigger;
  std::string kind;
  int64_t customer_id = 0;
  std::string customer_name;
  int64_t transaction_id = 0;
  std::string phone;
  std::string body;
  std::string status;
  int attempts = 0;
  std::string last_error;
  std::string provider_message_id;
  std::string created_by;
  std::string created_at;
  std::string next_attempt_at;
  std::string sent_at;
};

struct QueueCounts {
  int64_t queued = 0;  // queued or sending
  int64_t sent = 0;
  int64_t failed = 0;
  int64_t cancelled = 0;
};

struct BroadcastRecord {
  int64_t id = 0;
  std::string type;
  std::string kind;
  int64_t total = 0;
  QueueCounts counts;
  std::string created_by;
  std::string created_at;
  std::string cancelled_by;
  std::string cancelled_at;
  // "cancelled", "running" while messages wait, else "done".
  std::string Status() const;
};

struct BroadcastResult {
  int64_t id = 0;
  int64_t queued = 0;
  int64_t skipped = 0;
};

// A network notice's fate: queued now, or the message an earlier call with the same key queued.
struct NoticeResult {
  bool queued = false;
  int64_t message_id = 0;
};

struct MessageFilter {
  std::string status;
  int64_t broadcast_id = 0;
  int64_t customer_id = 0;
  int limit = 50;
  int offset = 0;
};

struct MessagePage {
  std::vector<MessageRecord> items;
  int64_t total = 0;
};

// A message the sender has marked `sending` (committed) and is about to hand to the provider.
struct ClaimedMessage {
  int64_t id = 0;
  int64_t broadcast_id = 0;
  std::string kind;
  std::string phone;
  std::string customer_name;
  std::string body;
  nlohmann::json params;
  int attempts = 0;  // including this one
};

class MessageRepository final {
 public:
  explicit MessageRepository(db::Pool& pool);

  // Manual sends: one row and one event per message.
  std::vector<MessageRecord> Enqueue(const std::vector<ComposedMessage>& messages,
                                     const rpc::Caller& actor);
  // A broadcast and its messages in one transaction. A customer who already has a message of
  // the same kind waiting is skipped, so a double click does not message anyone twice.
  BroadcastResult EnqueueBroadcast(const std::string& type, const std::string& kind,
                                   const std::vector<ComposedMessage>& messages,
                                   const rpc::Caller& actor);
  // Automatic reminders: queues `message` only if none of `keys` was used before, and uses
  // them all. Returns the message id, or 0 when it was a repeat.
  int64_t EnqueueReminder(const ComposedMessage& message, const std::vector<std::string>& keys,
                          const rpc::Caller& actor);
  // Those of `keys` already used.
  std::vector<std::string> UsedReminderKeys(const std::vector<std::string>& keys);
  // Network notices: queues `message` unless `key` was used before (then it is the earlier
  // message's id, queued = false). Safe against concurrent calls with the same key.
  NoticeResult EnqueueNotice(const ComposedMessage& message, const std::string& key,
                             const rpc::Caller& actor);
  // The message queued for a notice key, if the key was used.
  std::optional<int64_t> NoticeMessage(const std::string& key);
  // Transactions marked lunas within `window` and since receipts were switched on, from
  // billing's events in the shared outbox.
  std::vector<int64_t> RecentlyPaid(std::chrono::hours window);
  // Receipts are off: payments until now never get one.
  void MarkReceiptsOff();

  std::optional<BroadcastRecord> FindBroadcast(int64_t id);
  // Cancels the waiting messages; not_found / failed_precondition when nothing can be cancelled.
  BroadcastRecord CancelBroadcast(int64_t id, const rpc::Caller& actor);
  MessagePage List(const MessageFilter& filter);
  QueueCounts Counts();

  bool Enabled();
  void SetEnabled(bool enabled, const rpc::Caller& actor);

  // --- the sender (only while holding the SenderLock) ---
  // How long until the pause since the last send attempt has passed (0 = now).
  std::chrono::milliseconds PaceWait(std::chrono::milliseconds pace);
  // When sending is enabled: takes the next due message, marks it `sending` and stamps the
  // pacing clock, and commits that before returning.
  std::optional<ClaimedMessage> ClaimNext(const std::string& provider);
  // Records the provider's answer; `retry_delay` set = queue again after it.
  void Finish(const ClaimedMessage& message, const SendResult& result,
              std::optional<std::chrono::milliseconds> retry_delay);
  // Rows left `sending` by a sender that died mid-call: they may have gone out, so they are
  // failed with a reason for staff instead of being sent again. Returns how many.
  int FailInterrupted();

 private:
  db::Pool& pool_;
};

// The single-sender lock: whoever holds it is the only process sending, across every replica.
using SenderLock = db::SessionLock;
inline constexpr const char* kSenderLockName = "billing.messaging.sender";

}  // namespace billing::messaging
