// Worker threads detach nothing: Stop() waits (bounded) for the running jobs, whose response
// writers point into Pistache's transports, before the endpoint is torn down.
#include "http/worker_pool.h"

namespace billing::gateway {

WorkerPool::WorkerPool(size_t threads, size_t max_queued) : max_queued_(max_queued) {
  for (size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { Run(); });
}

WorkerPool::~WorkerPool() {
  if (!Stop()) {
    for (auto& thread : threads_) thread.detach();  // the process is exiting anyway
    threads_.clear();
  }
}

bool WorkerPool::TrySubmit(Job& job) {
  {
    std::lock_guard lock(mutex_);
    if (stop_ || queue_.size() >= max_queued_) return false;
    queue_.push_back(std::move(job));
  }
  wake_.notify_one();
  return true;
}

size_t WorkerPool::Queued() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

bool WorkerPool::Stop(std::chrono::milliseconds grace) {
  std::deque<Job> dropped;
  {
    std::unique_lock lock(mutex_);
    stop_ = true;
    dropped.swap(queue_);
  }
  wake_.notify_all();
  dropped.clear();  // their writers go away unanswered; the clients see the connection close
  {
    std::unique_lock lock(mutex_);
    if (!idle_.wait_for(lock, grace, [this] { return running_ == 0; })) return false;
  }
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
  threads_.clear();
  return true;
}

void WorkerPool::Run() {
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [this] { return stop_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping
    Job job = std::move(queue_.front());
    queue_.pop_front();
    ++running_;
    lock.unlock();
    job();
    job = nullptr;
    lock.lock();
    --running_;
    if (running_ == 0) idle_.notify_all();
  }
}

}  // namespace billing::gateway
