// SQL of the message queue: manual sends, the list staff see, and the sender's claim/finish.
#pragma once

#include <vector>

#include "db/pool.h"
#include "message_composer.h"
#include "message_records.h"
#include "rpc/caller.h"
#include "send_queue.h"

namespace billing::messaging {

class QueueRepository final : public SendQueue {
 public:
  explicit QueueRepository(db::Pool& pool);

  // Manual sends: one row and one event per message.
  std::vector<MessageRecord> Enqueue(const std::vector<ComposedMessage>& messages,
                                     const rpc::Caller& actor);
  MessagePage List(const MessageFilter& filter);
  QueueCounts Counts();

  // --- the sender (only while holding the SenderLease) ---
  std::optional<ClaimedMessage> ClaimNext(const std::string& provider, TimePoint now) override;
  void Finish(const ClaimedMessage& message, const SendResult& result,
              std::optional<std::chrono::milliseconds> retry_delay, TimePoint now) override;
  int FailInterrupted() override;

 private:
  db::Pool& pool_;
};

}  // namespace billing::messaging
