// PortalCodeQueue: Send returns at once even while messaging is slow, and every queued code is
// delivered in order on the queue's thread; a failed delivery does not stop the next.
#include "portal_code_queue.h"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <vector>

#include <gtest/gtest.h>

#include "errors/error.h"

namespace billing::payment {
namespace {

// A sender that blocks until opened and records what it sent; the first code may fail.
class GatedSender final : public PortalCodeSender {
 public:
  void Send(int64_t customer_id, const std::string&, const std::string& code, int) override {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return open_; });
    if (fail_first_ && attempts_++ == 0) throw errors::Unavailable("messaging down");
    sent_.push_back(std::to_string(customer_id) + ":" + code);
    changed_.notify_all();
  }
  void Open() {
    std::lock_guard lock(mutex_);
    open_ = true;
    changed_.notify_all();
  }
  void FailFirst() { fail_first_ = true; }
  // Waits (at most 5 s) until `count` codes went out; returns them.
  std::vector<std::string> WaitFor(size_t count) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, std::chrono::seconds(5), [&] { return sent_.size() >= count; });
    return sent_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool open_ = false;
  bool fail_first_ = false;
  int attempts_ = 0;
  std::vector<std::string> sent_;
};

TEST(PortalCodeQueueTest, SendReturnsAtOnceAndCodesGoOutInOrder) {
  GatedSender messaging;
  PortalCodeQueue queue(messaging);
  queue.Start();
  auto start = std::chrono::steady_clock::now();
  queue.Send(42, "6281", "111111", 5);
  queue.Send(43, "6282", "222222", 5);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
  messaging.Open();
  EXPECT_EQ(messaging.WaitFor(2), (std::vector<std::string>{"42:111111", "43:222222"}));
}

TEST(PortalCodeQueueTest, AFailedDeliveryDoesNotStopTheNext) {
  GatedSender messaging;
  messaging.FailFirst();
  messaging.Open();
  PortalCodeQueue queue(messaging);
  queue.Start();
  queue.Send(42, "6281", "111111", 5);
  queue.Send(43, "6282", "222222", 5);
  EXPECT_EQ(messaging.WaitFor(1), (std::vector<std::string>{"43:222222"}));
}

}  // namespace
}  // namespace billing::payment
