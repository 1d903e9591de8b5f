// Reminder day arithmetic, apart from the scheduler so unit tests reach it.
#include "reminder_rules.h"

#include "domain/period.h"

namespace billing::messaging {

std::optional<ReminderDay> ReminderDayAt(const bills::v1::Settings& settings,
                                         std::chrono::system_clock::time_point now) {
  ReminderDay day;
  day.days_before = settings.whatsapp().reminder_days_before();
  day.overdue = settings.whatsapp().remind_overdue();
  if (day.days_before <= 0 && !day.overdue) return std::nullopt;
  const std::string& zone = settings.billing().timezone();
  day.today = domain::DateAt(now, zone);
  day.horizon = domain::DateAt(now + std::chrono::hours(24) * day.days_before, zone);
  return day;
}

std::string ReminderKey(const bills::v1::Transaction& bill, const ReminderDay& day) {
  if (day.overdue && bill.due_date() < day.today) return "overdue:" + std::to_string(bill.id());
  if (day.days_before > 0 && bill.due_date() >= day.today && bill.due_date() <= day.horizon) {
    return "before_due:" + std::to_string(bill.id());
  }
  return "";
}

std::string ReceiptKey(int64_t transaction_id) {
  return "receipt:" + std::to_string(transaction_id);
}

}  // namespace billing::messaging
