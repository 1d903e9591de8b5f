// The bill-run scheduler's check on in-memory fakes and a hand-set clock: it runs on the
// configured run day in the business time zone, once per period, and never when auto_run is off.
#include "bill_scheduler.h"

#include <gtest/gtest.h>

#include "i18n/messages.h"
#include "testing/fake_bill_store.h"
#include "testing/fake_customer_directory.h"
#include "testing/fake_settings.h"
#include "testing/manual_clock.h"

namespace billing::bills {
namespace {

using namespace billing::bills::testing;

class BillSchedulerTest : public ::testing::Test {
 protected:
  BillSchedulerTest() {
    customer::v1::Customer customer;
    customer.set_id(1);
    customer.set_name("Budi");
    customer.set_type(customer::v1::CUSTOMER_TYPE_INTERNET);
    customer.set_status(customer::v1::CUSTOMER_STATUS_ACTIVE);
    customer.set_monthly_fee(150000);
    customer.set_due_day(10);
    customers.customers[1] = customer;
    Configure(5, true, "Asia/Jakarta");
  }

  void Configure(int run_day, bool auto_run, const std::string& zone) {
    settings.settings.mutable_billing()->set_run_day(run_day);
    settings.settings.mutable_billing()->set_auto_run(auto_run);
    settings.settings.mutable_billing()->set_timezone(zone);
  }

  FakeCustomerDirectory customers;
  FakeBillStore store;
  FakeSettings settings;
  // 2026-11-04 10:00 in Jakarta (UTC+7).
  ManualClock clock{UtcTime(2026, 11, 4, 3)};
  BillRun run{customers, store, settings};
  BillScheduler scheduler{run, store, settings, clock, std::chrono::hours(1)};  // not started
};

TEST_F(BillSchedulerTest, WaitsForTheRunDay) {
  EXPECT_FALSE(scheduler.Tick());
  EXPECT_TRUE(store.runs.empty());
  EXPECT_EQ(customers.billable_calls, 0);

  clock.Set(UtcTime(2026, 11, 5, 3));
  EXPECT_TRUE(scheduler.Tick());
  ASSERT_TRUE(store.runs.count("2026-11"));
  EXPECT_EQ(store.runs["2026-11"].created, 1);
  EXPECT_EQ(store.runs["2026-11"].run_by, i18n::kSystemActor);
  EXPECT_EQ(store.bills.count({1, "2026-11"}), 1u);
}

TEST_F(BillSchedulerTest, RunsLaterInTheMonthWhenTheRunDayWasMissed) {
  clock.Set(UtcTime(2026, 11, 20, 3));
  EXPECT_TRUE(scheduler.Tick());
  EXPECT_TRUE(store.BillRunDone("2026-11"));
}

TEST_F(BillSchedulerTest, RunsOncePerPeriod) {
  clock.Set(UtcTime(2026, 11, 5, 3));
  EXPECT_TRUE(scheduler.Tick());
  clock.Set(UtcTime(2026, 11, 5, 4));
  EXPECT_FALSE(scheduler.Tick());
  clock.Set(UtcTime(2026, 11, 28, 4));
  EXPECT_FALSE(scheduler.Tick());

  EXPECT_EQ(store.runs["2026-11"].times, 1);
  EXPECT_EQ(customers.billable_calls, 1);

  clock.Set(UtcTime(2026, 12, 5, 3));  // the next period
  EXPECT_TRUE(scheduler.Tick());
  EXPECT_EQ(store.bills.count({1, "2026-12"}), 1u);
  EXPECT_EQ(customers.billable_calls, 2);
}

TEST_F(BillSchedulerTest, APeriodAlreadyRunByHandIsNotRunAgain) {
  store.RecordBillRun("2026-11", 0, 0, rpc::Caller{});
  clock.Set(UtcTime(2026, 11, 6, 3));

  EXPECT_FALSE(scheduler.Tick());
  EXPECT_EQ(customers.billable_calls, 0);
}

TEST_F(BillSchedulerTest, NeverRunsWhenAutoRunIsOff) {
  Configure(5, false, "Asia/Jakarta");
  clock.Set(UtcTime(2026, 11, 20, 3));

  EXPECT_FALSE(scheduler.Tick());
  EXPECT_TRUE(store.runs.empty());
  EXPECT_EQ(customers.billable_calls, 0);
}

TEST_F(BillSchedulerTest, TheDayIsTheBusinessDayNotTheUtcDay) {
  // 2026-11-04 18:00 UTC is 2026-11-05 01:00 in Jakarta: the run day has come.
  clock.Set(UtcTime(2026, 11, 4, 18));
  EXPECT_TRUE(scheduler.Tick());
  EXPECT_TRUE(store.BillRunDone("2026-11"));
}

TEST_F(BillSchedulerTest, TheTimeZoneComesFromTheSettings) {
  // 2026-11-04 16:00 UTC: 23:00 on the 4th in Jakarta, 01:00 on the 5th in Jayapura (UTC+9).
  clock.Set(UtcTime(2026, 11, 4, 16));
  EXPECT_FALSE(scheduler.Tick());

  Configure(5, true, "Asia/Jayapura");
  EXPECT_TRUE(scheduler.Tick());
  EXPECT_TRUE(store.BillRunDone("2026-11"));
}

TEST_F(BillSchedulerTest, ThePeriodIsTheBusinessMonth) {
  // 2026-11-30 20:00 UTC is 2026-12-01 03:00 in Jakarta: December's run on run day 1.
  Configure(1, true, "Asia/Jakarta");
  store.RecordBillRun("2026-11", 0, 0, rpc::Caller{});
  clock.Set(UtcTime(2026, 11, 30, 20));

  EXPECT_TRUE(scheduler.Tick());
  EXPECT_TRUE(store.BillRunDone("2026-12"));
  EXPECT_EQ(store.bills.count({1, "2026-12"}), 1u);
  EXPECT_EQ(store.bills.count({1, "2026-11"}), 0u);
}

TEST_F(BillSchedulerTest, TheDefaultSettingsRunOnTheFirst) {
  settings.settings = ToSettings(DefaultSettings());  // run_day 1, auto_run on, Asia/Jakarta
  clock.Set(UtcTime(2026, 11, 1, 0));                 // 07:00 on the 1st in Jakarta

  EXPECT_TRUE(scheduler.Tick());
  EXPECT_TRUE(store.BillRunDone("2026-11"));
}

}  // namespace
}  // namespace billing::bills
