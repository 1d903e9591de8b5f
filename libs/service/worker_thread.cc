// WorkerThread: one thread, a condition variable for prompt waking and stopping, failures logged.
#include "service/worker_thread.h"

#include <nlohmann/json.hpp>

#include "log/log.h"

namespace billing::service {

WorkerThread::WorkerThread(std::string failure_message, std::chrono::milliseconds error_wait,
                           Step step)
    : failure_message_(std::move(failure_message)),
      error_wait_(error_wait),
      step_(std::move(step)) {}

WorkerThread::~WorkerThread() { Stop(); }

void WorkerThread::Start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  stop_ = false;
  woken_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void WorkerThread::Stop() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void WorkerThread::Wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_.notify_all();
}

void WorkerThread::Loop() {
  std::unique_lock lock(mutex_);
  while (!stop_) {
    lock.unlock();
    std::chrono::milliseconds wait;
    try {
      wait = step_();
    } catch (const std::exception& e) {
      log::Warn(failure_message_, {{"error", e.what()}});
      wait = error_wait_;
    }
    lock.lock();
    wake_.wait_for(lock, wait, [this] { return stop_ || woken_; });
    woken_ = false;
  }
}

}  // namespace billing::service
