// SQL of the sender row: sending on/off and the pacing stamp.
#pragma once

#include "db/pool.h"
#include "rpc/caller.h"
#include "sender_pacing.h"

namespace billing::messaging {

class SenderRepository final : public SenderPacing {
 public:
  explicit SenderRepository(db::Pool& pool);

  bool Enabled();
  void SetEnabled(bool enabled, const rpc::Caller& actor);
  std::optional<std::chrono::system_clock::time_point> LastSendAt() override;

 private:
  db::Pool& pool_;
};

}  // namespace billing::messaging
