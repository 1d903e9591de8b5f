// Argon2id password hashing in the standard encoded form (salt and parameters inside), with a
// bound on how many hashes run at once (each one holds memory_kib of RAM while it runs).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace billing::auth {

// A counting semaphore whose waits end at a deadline (a gRPC call's), with the peak number of
// holders kept for tests and metrics.
class ParallelLimit final {
 public:
  using Deadline = std::chrono::system_clock::time_point;

  explicit ParallelLimit(size_t slots);

  // Takes a slot, waiting for one until `deadline`; false when the deadline came first.
  bool Acquire(Deadline deadline);
  void Release();

  size_t Slots() const { return slots_; }
  size_t Peak() const;  // the most slots ever held at once

 private:
  const size_t slots_;
  mutable std::mutex mutex_;
  std::condition_variable freed_;
  size_t held_ = 0;
  size_t peak_ = 0;
};

// Threads that run jobs at a lower CPU priority (a higher nice value), so that a burst of
// logins (each hash is ~50 ms of one core) slows the logins, not every other request of the
// suite that shares the machine.
class LowPriorityThreads final {
 public:
  // `count` threads, each at nice `nice` (0: unchanged).
  LowPriorityThreads(size_t count, int nice);
  ~LowPriorityThreads();
  LowPriorityThreads(const LowPriorityThreads&) = delete;
  LowPriorityThreads& operator=(const LowPriorityThreads&) = delete;

  // Runs `job` on one of the threads and waits for it; rethrows what it threw.
  void Run(const std::function<void()>& job);

 private:
  void Loop(int nice);

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> jobs_;
  bool stop_ = false;
  std::vector<std::thread> threads_;
};

// What the auth logic needs of password hashing (PasswordHasher; testing/ has a cheap fake).
class PasswordHashing {
 public:
  using Deadline = ParallelLimit::Deadline;
  static constexpr Deadline kNoDeadline = Deadline::max();

  virtual ~PasswordHashing() = default;
  virtual std::string Hash(const std::string& password, Deadline deadline = kNoDeadline) const = 0;
  // False for a wrong password or a malformed hash.
  virtual bool Verify(const std::string& encoded_hash, const std::string& password,
                      Deadline deadline = kNoDeadline) const = 0;
};

class PasswordHasher final : public PasswordHashing {
 public:
  static constexpr uint32_t kMinMemoryKib = 19456;  // OWASP floor: m=19 MiB, t=2, p=1
  static constexpr uint32_t kMinIterations = 2;

  // At most `max_parallel` hashes (and verifications) run at once; 0 means the number of cores.
  // They run on threads of nice `hash_nice` (0: the caller's priority).
  PasswordHasher(uint32_t memory_kib, uint32_t iterations, size_t max_parallel = 0,
                 int hash_nice = 0);

  // Both wait for a free slot until `deadline`, then throw errors::Error (unavailable, "server
  // busy") without hashing.
  std::string Hash(const std::string& password, Deadline deadline = kNoDeadline) const override;
  // Constant-time comparison inside libargon2; false for a malformed hash.
  bool Verify(const std::string& encoded_hash, const std::string& password,
              Deadline deadline = kNoDeadline) const override;

  ParallelLimit& Limit() const { return *limit_; }

 private:
  uint32_t memory_kib_;
  uint32_t iterations_;
  std::unique_ptr<ParallelLimit> limit_;         // shared by const calls from every RPC thread
  std::unique_ptr<LowPriorityThreads> threads_;  // one per slot of limit_
};

}  // namespace billing::auth
