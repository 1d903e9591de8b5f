// Reminder keys and billing's payment events in memory, on the test's clock: what
// ReminderScheduler sees of PostgreSQL.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "domain/clock.h"
#include "payment_feed.h"
#include "send_keys.h"

namespace billing::messaging::testing {

class FakeSendKeys final : public SendKeys {
 public:
  struct Queued {
    ComposedMessage message;
    std::vector<std::string> keys;
  };

  // As the SQL: queued when at least one key is new, and then every key is used.
  int64_t EnqueueReminder(const ComposedMessage& message, const std::vector<std::string>& keys,
                          const rpc::Caller&) override {
    bool fresh = false;
    for (const auto& key : keys) fresh = used.insert(key).second || fresh;
    if (!fresh) return 0;
    queued.push_back({message, keys});
    return static_cast<int64_t>(queued.size());
  }
  std::vector<std::string> UsedReminderKeys(const std::vector<std::string>& keys) override {
    std::vector<std::string> out;
    for (const auto& key : keys) {
      if (used.count(key)) out.push_back(key);
    }
    return out;
  }

  std::set<std::string> used;
  std::vector<Queued> queued;
};

class FakePaymentFeed final : public PaymentFeed {
 public:
  using TimePoint = std::chrono::system_clock::time_point;
  explicit FakePaymentFeed(const domain::Clock& clock)
      : clock_(clock), receipts_since_(clock.Now() - std::chrono::hours(24 * 365)) {}

  // billing marked `transaction_id` lunas at `at`.
  void Paid(int64_t transaction_id, TimePoint at) { paid_.push_back({transaction_id, at}); }

  std::vector<int64_t> RecentlyPaid(TimePoint since) override {
    std::set<int64_t> ids;
    for (const auto& [id, at] : paid_) {
      if (at > since && at > receipts_since_) ids.insert(id);
    }
    return {ids.begin(), ids.end()};
  }
  void MarkReceiptsOff() override {
    receipts_since_ = clock_.Now();
    ++marks_off;
  }

  int marks_off = 0;

 private:
  const domain::Clock& clock_;
  TimePoint receipts_since_;
  std::vector<std::pair<int64_t, TimePoint>> paid_;
};

}  // namespace billing::messaging::testing
