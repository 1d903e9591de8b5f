// Reminder pass: group new reminder keys per customer so one customer gets one message.
#include "reminder_scheduler.h"

#include <map>
#include <set>

#include "log/log.h"
#include "reminder_rules.h"

namespace billing::messaging {
namespace {

struct Pending {
  std::vector<bills::v1::Transaction> bills;
  std::vector<std::string> keys;
  int64_t total_owed = 0;
};

}  // namespace

ReminderScheduler::ReminderScheduler(SendKeys& keys, PaymentFeed& payments, BillingClient& billing,
                                     MessageComposer& composer, const domain::Clock& clock,
                                     std::chrono::seconds interval)
    : keys_(keys),
      payments_(payments),
      billing_(billing),
      composer_(composer),
      clock_(clock),
      task_("reminder pass", interval, [this] {
        int queued = Tick();
        if (queued > 0) log::Info("automatic messages queued", {{"count", queued}});
      }) {}

ReminderScheduler::~ReminderScheduler() { Stop(); }

void ReminderScheduler::Start() { task_.Start(); }

void ReminderScheduler::Stop() { task_.Stop(); }

int ReminderScheduler::Tick() {
  bills::v1::Settings settings = billing_.Settings();
  if (settings.whatsapp().provider() == "none") {
    payments_.MarkReceiptsOff();
    return 0;
  }
  return QueueDueAndOverdue(settings) + QueueReceipts(settings);
}

int ReminderScheduler::QueueDueAndOverdue(const bills::v1::Settings& settings) {
  std::optional<ReminderDay> day = ReminderDayAt(settings, clock_.Now());
  if (!day) return 0;

  rpc::Caller internal;
  std::map<int64_t, Pending> by_customer;
  std::vector<bills::v1::Transaction> unpaid = billing_.Transactions(0, "unpaid", internal);
  for (const auto& bill : unpaid) {
    Pending& pending = by_customer[bill.customer_id()];
    pending.total_owed += bill.amount();
    std::string key = ReminderKey(bill, *day);
    if (key.empty()) continue;
    pending.bills.push_back(bill);
    pending.keys.push_back(key);
  }
  int queued = 0;
  for (auto& [customer_id, pending] : by_customer) {
    if (pending.keys.empty()) continue;
    std::vector<std::string> used_list = keys_.UsedReminderKeys(pending.keys);
    std::set<std::string> used(used_list.begin(), used_list.end());
    std::vector<bills::v1::Transaction> fresh;
    std::vector<std::string> fresh_keys;
    for (size_t i = 0; i < pending.keys.size(); ++i) {
      if (used.count(pending.keys[i])) continue;
      fresh.push_back(pending.bills[i]);
      fresh_keys.push_back(pending.keys[i]);
    }
    if (fresh.empty()) continue;
    try {
      auto message = composer_.Reminder(customer_id, fresh, pending.total_owed, settings, internal);
      if (message && keys_.EnqueueReminder(*message, fresh_keys, internal) > 0) ++queued;
    } catch (const std::exception& e) {
      log::Warn("reminder not queued", {{"customer_id", customer_id}, {"error", e.what()}});
    }
  }
  return queued;
}

int ReminderScheduler::QueueReceipts(const bills::v1::Settings& settings) {
  if (!settings.whatsapp().send_receipt()) {
    payments_.MarkReceiptsOff();
    return 0;
  }
  rpc::Caller internal;
  int queued = 0;
  for (int64_t id : payments_.RecentlyPaid(clock_.Now() - kReceiptWindow)) {
    std::string key = ReceiptKey(id);
    if (!keys_.UsedReminderKeys({key}).empty()) continue;
    try {
      auto paid = billing_.Transaction(id, internal);
      if (!paid || paid->status() != "paid") continue;
      auto message = composer_.Receipt(*paid, settings, internal);
      if (message && keys_.EnqueueReminder(*message, {key}, internal) > 0) ++queued;
    } catch (const std::exception& e) {
      log::Warn("receipt not queued", {{"transaction_id", id}, {"error", e.what()}});
    }
  }
  return queued;
}

}  // namespace billing::messaging
