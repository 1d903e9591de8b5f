// The single-sender lease in memory: the test decides whether this process may hold it.
#pragma once

#include <atomic>

#include "sender_lease.h"

namespace billing::messaging::testing {

class FakeSenderLease final : public SenderLease {
 public:
  bool TryAcquire() override {
    held = available.load();
    return held;
  }
  void Release() override {
    held = false;
    ++releases;
  }
  std::atomic<bool> available{true};
  std::atomic<bool> held{false};
  std::atomic<int> releases{0};
};

}  // namespace billing::messaging::testing
