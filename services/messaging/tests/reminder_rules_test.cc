// Which reminder a bill gets on which day, in billing's time zone.
#include "reminder_rules.h"

#include <gtest/gtest.h>

#include "testing/manual_clock.h"
#include "testing/settings_json.h"

namespace billing::messaging {
namespace {

using testing::UtcTime;

bills::v1::Settings Settings(int days_before, bool overdue,
                             const std::string& zone = "Asia/Jakarta") {
  return testing::SettingsFrom(
      {{"whatsapp", {{"reminder_days_before", days_before}, {"remind_overdue", overdue}}},
       {"billing", {{"timezone", zone}}}});
}

bills::v1::Transaction Bill(int64_t id, const std::string& due) {
  bills::v1::Transaction bill;
  bill.set_id(id);
  bill.set_due_date(due);
  return bill;
}

TEST(ReminderRulesTest, NothingWhenBothKindsAreOff) {
  EXPECT_FALSE(ReminderDayAt(Settings(0, false), UtcTime(2026, 11, 10, 3)));
  EXPECT_FALSE(ReminderDayAt(bills::v1::Settings(), UtcTime(2026, 11, 10, 3)));
}

TEST(ReminderRulesTest, TheDayAndHorizonAreBillingsLocalDates) {
  // 18:00 UTC is already the next day in Jakarta (UTC+7).
  auto day = ReminderDayAt(Settings(3, true), UtcTime(2026, 11, 9, 18));
  ASSERT_TRUE(day);
  EXPECT_EQ(day->today, "2026-11-10");
  EXPECT_EQ(day->horizon, "2026-11-13");
  // 16:00 UTC is 23:00 in Jakarta but already 01:00 the next day in Jayapura (UTC+9).
  EXPECT_EQ(ReminderDayAt(Settings(3, true), UtcTime(2026, 11, 9, 16))->today, "2026-11-09");
  auto east = ReminderDayAt(Settings(3, true, "Asia/Jayapura"), UtcTime(2026, 11, 9, 16));
  ASSERT_TRUE(east);
  EXPECT_EQ(east->today, "2026-11-10");
}

TEST(ReminderRulesTest, BeforeDueFromDaysBeforeUpToTheDueDate) {
  auto day = *ReminderDayAt(Settings(3, false), UtcTime(2026, 11, 10, 3));
  EXPECT_EQ(ReminderKey(Bill(1, "2026-11-14"), day), "");
  EXPECT_EQ(ReminderKey(Bill(2, "2026-11-13"), day), "before_due:2");
  EXPECT_EQ(ReminderKey(Bill(3, "2026-11-10"), day), "before_due:3");
  EXPECT_EQ(ReminderKey(Bill(4, "2026-11-09"), day), "");  // overdue reminders are off
}

TEST(ReminderRulesTest, OverdueOnceTheDueDateHasPassed) {
  auto day = *ReminderDayAt(Settings(0, true), UtcTime(2026, 11, 10, 3));
  EXPECT_EQ(ReminderKey(Bill(4, "2026-11-09"), day), "overdue:4");
  EXPECT_EQ(ReminderKey(Bill(3, "2026-11-10"), day), "");  // due today is not overdue yet
  EXPECT_EQ(ReminderKey(Bill(2, "2026-11-13"), day), "");  // before-due reminders are off
}

TEST(ReminderRulesTest, ReceiptKeysNameTheTransaction) { EXPECT_EQ(ReceiptKey(42), "receipt:42"); }

}  // namespace
}  // namespace billing::messaging
