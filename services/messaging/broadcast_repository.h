// SQL of broadcasts: queue one to many customers, look one up, cancel one.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "db/pool.h"
#include "message_composer.h"
#include "message_records.h"
#include "rpc/caller.h"

namespace billing::messaging {

class BroadcastRepository final {
 public:
  explicit BroadcastRepository(db::Pool& pool);

  // A broadcast and its messages in one transaction. A customer who already has a message of
  // the same kind waiting is skipped, so a double click does not message anyone twice.
  BroadcastResult EnqueueBroadcast(const std::string& type, const std::string& kind,
                                   const std::vector<ComposedMessage>& messages,
                                   const rpc::Caller& actor);
  std::optional<BroadcastRecord> FindBroadcast(int64_t id);
  // Cancels the waiting messages; not_found / failed_precondition when nothing can be cancelled.
  BroadcastRecord CancelBroadcast(int64_t id, const rpc::Caller& actor);

 private:
  db::Pool& pool_;
};

}  // namespace billing::messaging
