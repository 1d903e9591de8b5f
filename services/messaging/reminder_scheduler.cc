// Reminder pass: group new reminder keys per customer so one customer gets one message.
#include "reminder_scheduler.h"

#include <map>
#include <set>

#include "domain/period.h"
#include "log/log.h"

namespace billing::messaging {
namespace {

struct Pending {
  std::vector<bills::v1::Transaction> bills;
  std::vector<std::string> keys;
  int64_t total_owed = 0;
};

}  // namespace

ReminderScheduler::ReminderScheduler(MessageRepository& messages, BillingClient& billing,
                                     MessageComposer& composer, const domain::Clock& clock,
                                     std::chrono::seconds interval)
    : messages_(messages),
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
  nlohmann::json settings = billing_.Settings();
  nlohmann::json whatsapp = settings.value("whatsapp", nlohmann::json::object());
  if (whatsapp.value("provider", "none") == "none") {
    messages_.MarkReceiptsOff();
    return 0;
  }
  return QueueDueAndOverdue(settings) + QueueReceipts(settings);
}

int ReminderScheduler::QueueDueAndOverdue(const nlohmann::json& settings) {
  const nlohmann::json& whatsapp = settings["whatsapp"];
  int days_before = whatsapp.value("reminder_days_before", 0);
  bool overdue = whatsapp.value("remind_overdue", false);
  if (days_before <= 0 && !overdue) return 0;
  std::string zone =
      settings.value("billing", nlohmann::json::object()).value("timezone", "Asia/Jakarta");
  auto now = clock_.Now();
  std::string today = domain::DateAt(now, zone);
  std::string horizon = domain::DateAt(now + std::chrono::hours(24) * days_before, zone);

  rpc::Caller internal;
  std::map<int64_t, Pending> by_customer;
  std::vector<bills::v1::Transaction> unpaid = billing_.Transactions(0, "unpaid", internal);
  for (const auto& bill : unpaid) {
    Pending& pending = by_customer[bill.customer_id()];
    pending.total_owed += bill.amount();
    std::string key;
    if (overdue && bill.due_date() < today) {
      key = "overdue:" + std::to_string(bill.id());
    } else if (days_before > 0 && bill.due_date() >= today && bill.due_date() <= horizon) {
      key = "before_due:" + std::to_string(bill.id());
    }
    if (key.empty()) continue;
    pending.bills.push_back(bill);
    pending.keys.push_back(key);
  }
  int queued = 0;
  for (auto& [customer_id, pending] : by_customer) {
    if (pending.keys.empty()) continue;
    std::vector<std::string> used_list = messages_.UsedReminderKeys(pending.keys);
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
      if (message && messages_.EnqueueReminder(*message, fresh_keys, internal) > 0) ++queued;
    } catch (const std::exception& e) {
      log::Warn("reminder not queued", {{"customer_id", customer_id}, {"error", e.what()}});
    }
  }
  return queued;
}

int ReminderScheduler::QueueReceipts(const nlohmann::json& settings) {
  if (!settings["whatsapp"].value("send_receipt", false)) {
    messages_.MarkReceiptsOff();
    return 0;
  }
  rpc::Caller internal;
  int queued = 0;
  for (int64_t id : messages_.RecentlyPaid(std::chrono::hours(24))) {
    std::string key = "receipt:" + std::to_string(id);
    if (!messages_.UsedReminderKeys({key}).empty()) continue;
    try {
      auto paid = billing_.Transaction(id, internal);
      if (!paid || paid->status() != "paid") continue;
      auto message = composer_.Receipt(*paid, settings, internal);
      if (message && messages_.EnqueueReminder(*message, {key}, internal) > 0) ++queued;
    } catch (const std::exception& e) {
      log::Warn("receipt not queued", {{"transaction_id", id}, {"error", e.what()}});
    }
  }
  return queued;
}

}  // namespace billing::messaging
