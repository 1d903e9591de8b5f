// The reminder pass on in-memory fakes and a hand-moved clock: which reminders go out on which
// day, one message per customer, never twice, and receipts for recent payments.
#include "reminder_scheduler.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "testing/fake_clients.h"
#include "testing/fake_reminder_store.h"
#include "testing/manual_clock.h"
#include "testing/settings_json.h"

namespace billing::messaging {
namespace {

using nlohmann::json;
using namespace billing::messaging::testing;
using std::chrono::hours;

customer::v1::Customer Customer(int64_t id, const std::string& name) {
  customer::v1::Customer c;
  c.set_id(id);
  c.set_type(customer::v1::CUSTOMER_TYPE_INTERNET);
  c.set_name(name);
  c.set_phone("628123456789" + std::to_string(id));
  return c;
}

bills::v1::Transaction Bill(int64_t id, int64_t customer_id, const std::string& due,
                            const std::string& status = "unpaid") {
  bills::v1::Transaction t;
  t.set_id(id);
  t.set_customer_id(customer_id);
  t.set_type("internet");
  t.set_period("2026-11");
  t.set_amount(150000);
  t.set_due_date(due);
  t.set_status(status);
  return t;
}

class ReminderSchedulerTest : public ::testing::Test {
 protected:
  ReminderSchedulerTest() {
    // 10:00 in Jakarta on 2026-11-10.
    Configure(3, true, false);
    customers.customers = {{7, Customer(7, "Budi")}, {8, Customer(8, "Sri")}};
  }

  void Configure(int days_before, bool overdue, bool receipts,
                 const std::string& provider = "cloud") {
    billing.settings = SettingsFrom(
        {{"business", {{"name", "Sejahtera Net"}}},
         {"bank_accounts", json::array()},
         {"billing", {{"timezone", "Asia/Jakarta"}}},
         {"whatsapp",
          {{"provider", provider},
           {"reminder_days_before", days_before},
           {"remind_overdue", overdue},
           {"send_receipt", receipts}}},
         {"templates",
          {{"reminder", "Tunggakan {nama} {tunggakan}"}, {"receipt", "Terima kasih {nama}"}}}});
  }

  // The keys of every message queued so far, one sorted list per message.
  std::vector<std::vector<std::string>> QueuedKeys() const {
    std::vector<std::vector<std::string>> out;
    for (auto queued : keys.queued) {
      std::sort(queued.keys.begin(), queued.keys.end());
      out.push_back(queued.keys);
    }
    return out;
  }

  ManualClock clock{UtcTime(2026, 11, 10, 3)};
  FakeSendKeys keys;
  FakePaymentFeed payments{clock};
  FakeBillingClient billing;
  FakeCustomerClient customers;
  MessageComposer composer{billing, customers};
  ReminderScheduler scheduler{keys, payments, billing, composer, clock, std::chrono::seconds(60)};
};

TEST_F(ReminderSchedulerTest, OneMessagePerCustomerWithTheBillsDueSoonOrOverdue) {
  billing.transactions = {Bill(1, 7, "2026-11-13"), Bill(2, 7, "2026-11-14"),
                          Bill(3, 7, "2026-11-09"), Bill(4, 8, "2026-11-10"),
                          Bill(5, 8, "2026-11-01", "paid")};
  EXPECT_EQ(scheduler.Tick(), 2);
  EXPECT_EQ(QueuedKeys(), (std::vector<std::vector<std::string>>{{"before_due:1", "overdue:3"},
                                                                 {"before_due:4"}}));
  EXPECT_EQ(keys.queued[0].message.customer_id, 7);
  EXPECT_EQ(keys.queued[0].message.phone, "6281234567897");
  EXPECT_EQ(keys.queued[1].message.customer_id, 8);
  // Budi owes all three unpaid bills, not only the ones reminded about.
  EXPECT_NE(keys.queued[0].message.body.find("450.000"), std::string::npos)
      << keys.queued[0].message.body;
}

TEST_F(ReminderSchedulerTest, ASecondPassTheSameDayQueuesNothing) {
  billing.transactions = {Bill(1, 7, "2026-11-13"), Bill(3, 7, "2026-11-09")};
  EXPECT_EQ(scheduler.Tick(), 1);
  clock.Advance(hours(5));
  EXPECT_EQ(scheduler.Tick(), 0);
  EXPECT_EQ(keys.queued.size(), 1u);
}

TEST_F(ReminderSchedulerTest, LaterDaysBringOnlyTheRemindersThatBecameDue) {
  billing.transactions = {Bill(1, 7, "2026-11-13"), Bill(2, 7, "2026-11-14")};
  EXPECT_EQ(scheduler.Tick(), 1);  // 11-10: bill 1 is three days ahead
  clock.Advance(hours(24));
  EXPECT_EQ(scheduler.Tick(), 1);  // 11-11: bill 2 enters the window
  clock.Advance(hours(24 * 3));
  EXPECT_EQ(scheduler.Tick(), 1);  // 11-14: bill 1 is overdue
  clock.Advance(hours(24));
  EXPECT_EQ(scheduler.Tick(), 1);  // 11-15: bill 2 is overdue
  EXPECT_EQ(QueuedKeys(), (std::vector<std::vector<std::string>>{
                              {"before_due:1"}, {"before_due:2"}, {"overdue:1"}, {"overdue:2"}}));
}

TEST_F(ReminderSchedulerTest, TheDayIsBillingsLocalDay) {
  // 2026-11-09 18:00 UTC is 01:00 on 11-10 in Jakarta: a bill due 11-09 is overdue.
  clock.Advance(-hours(9));
  billing.transactions = {Bill(3, 7, "2026-11-09")};
  Configure(0, true, false);
  EXPECT_EQ(scheduler.Tick(), 1);
  EXPECT_EQ(QueuedKeys(), (std::vector<std::vector<std::string>>{{"overdue:3"}}));
}

TEST_F(ReminderSchedulerTest, SwitchedOffKindsQueueNothing) {
  billing.transactions = {Bill(1, 7, "2026-11-13"), Bill(3, 7, "2026-11-09")};
  Configure(0, false, false);
  EXPECT_EQ(scheduler.Tick(), 0);
  Configure(3, true, false, "none");
  EXPECT_EQ(scheduler.Tick(), 0);
  EXPECT_TRUE(keys.queued.empty());
}

TEST_F(ReminderSchedulerTest, ACustomerWithoutAPhoneIsSkippedAndKeepsTheKeyFree) {
  customers.customers[7].set_phone("");
  billing.transactions = {Bill(1, 7, "2026-11-13")};
  EXPECT_EQ(scheduler.Tick(), 0);
  EXPECT_TRUE(keys.used.empty());
  customers.customers[7].set_phone("6281234567897");
  EXPECT_EQ(scheduler.Tick(), 1);
}

TEST_F(ReminderSchedulerTest, AReceiptOncePerPaymentOfTheLastDay) {
  Configure(0, false, true);
  billing.transactions = {Bill(10, 7, "2026-11-05", "paid"), Bill(11, 8, "2026-11-05", "paid"),
                          Bill(12, 8, "2026-11-05", "unpaid")};
  payments.Paid(10, clock.Now() - hours(1));
  payments.Paid(11, clock.Now() - hours(25));  // outside the window
  payments.Paid(12, clock.Now() - hours(1));   // paid, then cancelled: no receipt
  EXPECT_EQ(scheduler.Tick(), 1);
  EXPECT_EQ(QueuedKeys(), (std::vector<std::vector<std::string>>{{"receipt:10"}}));
  EXPECT_EQ(keys.queued[0].message.transaction_id, 10);
  clock.Advance(hours(1));
  EXPECT_EQ(scheduler.Tick(), 0);
}

TEST_F(ReminderSchedulerTest, PaymentsWhileReceiptsWereOffNeverGetOne) {
  billing.transactions = {Bill(10, 7, "2026-11-05", "paid"), Bill(11, 8, "2026-11-05", "paid")};
  Configure(0, false, false);
  payments.Paid(10, clock.Now() - hours(1));
  EXPECT_EQ(scheduler.Tick(), 0);
  EXPECT_EQ(payments.marks_off, 1);
  clock.Advance(hours(1));
  Configure(0, false, true);
  payments.Paid(11, clock.Now() - std::chrono::minutes(1));
  EXPECT_EQ(scheduler.Tick(), 1);
  EXPECT_EQ(QueuedKeys(), (std::vector<std::vector<std::string>>{{"receipt:11"}}));
}

}  // namespace
}  // namespace billing::messaging
