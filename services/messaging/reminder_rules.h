// Which automatic reminders a bill gets on a given day, and the keys that make each one happen
// once.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "billing.pb.h"

namespace billing::messaging {

// The reminder settings as they apply on one day (dates YYYY-MM-DD in billing's time zone).
struct ReminderDay {
  std::string today;
  std::string horizon;   // today + reminder_days_before
  int days_before = 0;   // whatsapp.reminder_days_before (0 = no "before due" reminders)
  bool overdue = false;  // whatsapp.remind_overdue
};

// nullopt when neither "before due" nor "overdue" reminders are on.
std::optional<ReminderDay> ReminderDayAt(const bills::v1::Settings& settings,
                                         std::chrono::system_clock::time_point now);

// The key of the reminder `bill` gets on `day`: "overdue:<id>" once its due date has passed,
// "before_due:<id>" from days_before days ahead up to the due date, "" for none.
std::string ReminderKey(const bills::v1::Transaction& bill, const ReminderDay& day);

// The key of a payment's receipt.
std::string ReceiptKey(int64_t transaction_id);

// How far back payments are looked at for receipts.
inline constexpr std::chrono::hours kReceiptWindow{24};

}  // namespace billing::messaging
