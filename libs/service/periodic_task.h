// Runs a function every interval on its own thread until stopped; used by every scheduler.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace billing::service {

class PeriodicTask final {
 public:
  // `tick` runs at once and then every `interval`; an exception it throws is logged as a warning
  // naming `name`, and the next run happens as planned.
  PeriodicTask(std::string name, std::chrono::milliseconds interval, std::function<void()> tick);
  ~PeriodicTask();  // Stop()
  PeriodicTask(const PeriodicTask&) = delete;
  PeriodicTask& operator=(const PeriodicTask&) = delete;

  void Start();
  // Waits for a run in progress to finish; idempotent.
  void Stop();

 private:
  void Loop();

  std::string name_;
  std::chrono::milliseconds interval_;
  std::function<void()> tick_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace billing::service
