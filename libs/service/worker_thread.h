// A step run again and again on a thread of its own, waiting between steps as long as the step
// says; the one loop behind PeriodicTask and the services' workers (messaging's sender, network's
// worker).
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace billing::service {

class WorkerThread final {
 public:
  // Runs one step and returns how long to wait before the next (zero: at once).
  using Step = std::function<std::chrono::milliseconds()>;

  // A step that throws is logged as a warning `failure_message` with the error, and the next one
  // comes `error_wait` later.
  WorkerThread(std::string failure_message, std::chrono::milliseconds error_wait, Step step);
  ~WorkerThread();  // Stop()
  WorkerThread(const WorkerThread&) = delete;
  WorkerThread& operator=(const WorkerThread&) = delete;

  // Starts the thread, whose first step runs at once; does nothing while it runs.
  void Start();
  // Lets a step in flight finish, then joins; idempotent.
  void Stop();
  // Ends the current wait: the next step runs now.
  void Wake();

 private:
  void Loop();

  std::string failure_message_;
  std::chrono::milliseconds error_wait_;
  Step step_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  bool woken_ = false;
  std::thread thread_;
};

}  // namespace billing::service
