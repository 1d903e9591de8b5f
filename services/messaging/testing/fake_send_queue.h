// The message queue and the sender row in memory, on the test's clock: what QueueWorker sees of
// PostgreSQL. Records every claim and finish so tests can check pacing and exactly-once marking.
#pragma once

#include <algorithm>
#include <mutex>
#include <string>
#include <vector>

#include "domain/clock.h"
#include "i18n/messages.h"
#include "send_queue.h"
#include "sender_pacing.h"

namespace billing::messaging::testing {

class FakeSendQueue final : public SendQueue, public SenderPacing {
 public:
  struct Row {
    int64_t id = 0;
    std::string kind = "reminder";
    std::string phone;
    std::string customer_name;
    std::string body;
    std::string status = "queued";
    int attempts = 0;
    TimePoint next_attempt_at;
    std::string provider;
    std::string provider_message_id;
    std::string last_error;
    int finishes = 0;  // Finish calls for this row
  };

  explicit FakeSendQueue(const domain::Clock& clock) : clock_(clock) {}

  // Queues a message due now; returns its id.
  int64_t Add(const std::string& phone, const std::string& body) {
    std::lock_guard lock(mutex_);
    Row row;
    row.id = static_cast<int64_t>(rows_.size()) + 1;
    row.phone = phone;
    row.customer_name = "Budi";
    row.body = body;
    row.next_attempt_at = clock_.Now();
    rows_.push_back(row);
    return row.id;
  }
  // A row as a crashed sender left it.
  int64_t AddSending(const std::string& phone) {
    int64_t id = Add(phone, "in flight");
    std::lock_guard lock(mutex_);
    rows_[id - 1].status = "sending";
    rows_[id - 1].attempts = 1;
    return id;
  }
  Row Get(int64_t id) const {
    std::lock_guard lock(mutex_);
    return rows_.at(id - 1);
  }
  void SetEnabled(bool enabled) {
    std::lock_guard lock(mutex_);
    enabled_ = enabled;
  }
  std::vector<TimePoint> Claims() const {
    std::lock_guard lock(mutex_);
    return claims_;
  }
  std::vector<TimePoint> Finishes() const {
    std::lock_guard lock(mutex_);
    return finishes_;
  }
  int FailInterruptedCalls() const {
    std::lock_guard lock(mutex_);
    return fail_interrupted_calls_;
  }
  // Finish calls for a row that was not `sending` (must stay 0).
  int StrayFinishes() const {
    std::lock_guard lock(mutex_);
    return stray_finishes_;
  }

  std::optional<ClaimedMessage> ClaimNext(const std::string& provider, TimePoint now) override {
    std::lock_guard lock(mutex_);
    if (!enabled_) return std::nullopt;
    Row* next = nullptr;
    for (Row& row : rows_) {
      if (row.status != "queued" || row.next_attempt_at > clock_.Now()) continue;
      if (!next || row.next_attempt_at < next->next_attempt_at) next = &row;
    }
    if (!next) return std::nullopt;
    next->status = "sending";
    next->attempts += 1;
    next->provider = provider;
    last_send_at_ = now;
    claims_.push_back(now);
    ClaimedMessage claimed;
    claimed.id = next->id;
    claimed.kind = next->kind;
    claimed.phone = next->phone;
    claimed.customer_name = next->customer_name;
    claimed.body = next->body;
    claimed.params = nlohmann::json::object();
    claimed.attempts = next->attempts;
    return claimed;
  }

  void Finish(const ClaimedMessage& message, const SendResult& result,
              std::optional<std::chrono::milliseconds> retry_delay, TimePoint now) override {
    std::lock_guard lock(mutex_);
    Row& row = rows_.at(message.id - 1);
    if (row.status != "sending") ++stray_finishes_;
    ++row.finishes;
    if (result.outcome == SendResult::Outcome::kSent) {
      row.status = "sent";
      row.provider_message_id = result.provider_message_id;
      row.last_error.clear();
    } else if (result.outcome == SendResult::Outcome::kRetry && retry_delay) {
      row.status = "queued";
      row.next_attempt_at = clock_.Now() + *retry_delay;
      row.last_error = result.reason;
    } else {
      row.status = "failed";
      row.last_error = result.reason;
    }
    last_send_at_ = now;
    finishes_.push_back(now);
  }

  int FailInterrupted() override {
    std::lock_guard lock(mutex_);
    ++fail_interrupted_calls_;
    int count = 0;
    for (Row& row : rows_) {
      if (row.status != "sending") continue;
      row.status = "failed";
      row.last_error = i18n::kInterruptedMaybeSent;
      ++count;
    }
    return count;
  }

  std::optional<TimePoint> LastSendAt() override {
    std::lock_guard lock(mutex_);
    return last_send_at_;
  }

 private:
  const domain::Clock& clock_;
  mutable std::mutex mutex_;
  std::vector<Row> rows_;
  bool enabled_ = true;
  std::optional<TimePoint> last_send_at_;
  std::vector<TimePoint> claims_;
  std::vector<TimePoint> finishes_;
  int fail_interrupted_calls_ = 0;
  int stray_finishes_ = 0;
};

}  // namespace billing::messaging::testing
