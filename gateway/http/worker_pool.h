// A fixed set of threads running request handlers off Pistache's I/O threads, with a bounded
// queue: when it is full the caller answers 503 at once instead of piling work up.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace billing::gateway {

class WorkerPool final {
 public:
  using Job = std::function<void()>;

  WorkerPool(size_t threads, size_t max_queued);
  ~WorkerPool();  // Stop()
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `job`; false (job untouched) when the queue is full or the pool stopped.
  bool TrySubmit(Job& job);
  // Drops queued jobs, waits up to `grace` for running ones; false when some still run (the
  // caller should then exit without tearing down what they use).
  bool Stop(std::chrono::milliseconds grace = std::chrono::seconds(5));

  size_t Queued() const;

 private:
  void Run();

  size_t max_queued_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  std::deque<Job> queue_;
  size_t running_ = 0;
  bool stop_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace billing::gateway
