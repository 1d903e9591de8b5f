// The sender row as the pacing rule reads it: when the last send attempt started or ended.
// Implemented by SenderRepository (PostgreSQL) and testing/fake_send_queue.h.
#pragma once

#include <chrono>
#include <optional>

namespace billing::messaging {

class SenderPacing {
 public:
  virtual ~SenderPacing() = default;
  // nullopt before the first attempt ever.
  virtual std::optional<std::chrono::system_clock::time_point> LastSendAt() = 0;
};

}  // namespace billing::messaging
