// Argon2id via libargon2 with a random 16-byte salt from OpenSSL; a slot per running hash.
#include "password_hasher.h"

#include <algorithm>
#include <future>
#include <stdexcept>
#include <sys/resource.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include <argon2.h>
#include <nlohmann/json.hpp>
#include <openssl/rand.h>

#include "errors/error.h"
#include "i18n/messages.h"
#include "log/log.h"

namespace billing::auth {
namespace {

constexpr uint32_t kParallelism = 1;
constexpr size_t kSaltBytes = 16;
constexpr size_t kHashBytes = 32;

size_t DefaultParallel() { return std::max(1u, std::thread::hardware_concurrency()); }

// Holds one slot of the limit for a scope; throws "server busy" when none came in time.
class Slot final {
 public:
  Slot(ParallelLimit& limit, ParallelLimit::Deadline deadline) : limit_(limit) {
    if (!limit_.Acquire(deadline)) throw errors::Unavailable(i18n::kServerBusy);
  }
  ~Slot() { limit_.Release(); }
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;

 private:
  ParallelLimit& limit_;
};

}  // namespace

ParallelLimit::ParallelLimit(size_t slots) : slots_(std::max<size_t>(slots, 1)) {}

bool ParallelLimit::Acquire(Deadline deadline) {
  std::unique_lock lock(mutex_);
  auto free = [this] { return held_ < slots_; };
  if (deadline == Deadline::max()) {
    freed_.wait(lock, free);
  } else if (!freed_.wait_until(lock, deadline, free)) {
    return false;
  }
  ++held_;
  peak_ = std::max(peak_, held_);
  return true;
}

void ParallelLimit::Release() {
  {
    std::lock_guard lock(mutex_);
    --held_;
  }
  freed_.notify_one();
}

size_t ParallelLimit::Peak() const {
  std::lock_guard lock(mutex_);
  return peak_;
}

LowPriorityThreads::LowPriorityThreads(size_t count, int nice) {
  for (size_t i = 0; i < std::max<size_t>(count, 1); ++i) {
    threads_.emplace_back([this, nice] { Loop(nice); });
  }
}

LowPriorityThreads::~LowPriorityThreads() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  for (auto& thread : threads_) thread.join();
}

void LowPriorityThreads::Run(const std::function<void()>& job) {
  std::packaged_task<void()> task(job);
  std::future<void> done = task.get_future();
  {
    std::lock_guard lock(mutex_);
    jobs_.emplace_back([&task] { task(); });
  }
  wake_.notify_one();
  done.get();
}

void LowPriorityThreads::Loop(int nice) {
  // Linux keeps a nice value per thread; raising it needs no privilege.
  if (nice != 0 && setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), nice) != 0) {
    log::Warn("could not lower the priority of password hashing", {{"nice", nice}});
  }
  while (true) {
    std::function<void()> job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stop_ || !jobs_.empty(); });
      if (jobs_.empty()) return;  // stopping
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    job();
  }
}

PasswordHasher::PasswordHasher(uint32_t memory_kib, uint32_t iterations, size_t max_parallel,
                               int hash_nice)
    : memory_kib_(std::max(memory_kib, kMinMemoryKib)),
      iterations_(std::max(iterations, kMinIterations)),
      limit_(std::make_unique<ParallelLimit>(max_parallel == 0 ? DefaultParallel() : max_parallel)),
      threads_(std::make_unique<LowPriorityThreads>(limit_->Slots(), hash_nice)) {}

std::string PasswordHasher::Hash(const std::string& password, Deadline deadline) const {
  unsigned char salt[kSaltBytes];
  if (RAND_bytes(salt, sizeof(salt)) != 1) throw std::runtime_error("no randomness for salt");
  size_t length =
      argon2_encodedlen(iterations_, memory_kib_, kParallelism, kSaltBytes, kHashBytes, Argon2_id);
  std::vector<char> encoded(length);
  Slot slot(*limit_, deadline);
  int rc = ARGON2_OK;
  threads_->Run([&] {
    rc = argon2id_hash_encoded(iterations_, memory_kib_, kParallelism, password.data(),
                               password.size(), salt, sizeof(salt), kHashBytes, encoded.data(),
                               encoded.size());
  });
  if (rc != ARGON2_OK) throw std::runtime_error(argon2_error_message(rc));
  return std::string(encoded.data());
}

bool PasswordHasher::Verify(const std::string& encoded_hash, const std::string& password,
                            Deadline deadline) const {
  Slot slot(*limit_, deadline);
  bool valid = false;
  threads_->Run([&] {
    valid = argon2id_verify(encoded_hash.c_str(), password.data(), password.size()) == ARGON2_OK;
  });
  return valid;
}

}  // namespace billing::auth
