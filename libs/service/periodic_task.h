// Runs a function every interval on its own thread until stopped; used by every scheduler.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "service/worker_thread.h"

namespace billing::service {

class PeriodicTask final {
 public:
  // `tick` runs at once and then every `interval`; an exception it throws is logged as a warning
  // naming `name`, and the next run happens as planned.
  PeriodicTask(std::string name, std::chrono::milliseconds interval, std::function<void()> tick);

  void Start() { thread_.Start(); }
  // Waits for a run in progress to finish; idempotent.
  void Stop() { thread_.Stop(); }

 private:
  WorkerThread thread_;
};

}  // namespace billing::service
