// The bill run on in-memory fakes: one bill per active internet customer and period, with the
// customer's fee and due day, nothing twice, and the run recorded.
#include "bill_run.h"

#include <gtest/gtest.h>

#include "i18n/messages.h"
#include "testing/fake_bill_store.h"
#include "testing/fake_customer_directory.h"
#include "testing/fake_settings.h"

namespace billing::bills {
namespace {

using testing::FakeBillStore;
using testing::FakeCustomerDirectory;
using testing::FakeSettings;

customer::v1::Customer Customer(
    int64_t id, customer::v1::CustomerType type = customer::v1::CUSTOMER_TYPE_INTERNET,
    customer::v1::CustomerStatus status = customer::v1::CUSTOMER_STATUS_ACTIVE) {
  customer::v1::Customer c;
  c.set_id(id);
  c.set_name("Pelanggan " + std::to_string(id));
  c.set_phone("62812345678" + std::to_string(id));
  c.set_type(type);
  c.set_status(status);
  c.set_package_name("Paket 20 Mbps");
  c.set_monthly_fee(150000 + id);
  c.set_due_day(15);
  return c;
}

class BillRunTest : public ::testing::Test {
 protected:
  BillRunTest() { actor.username = "admin"; }

  void Add(const customer::v1::Customer& customer) {
    customers.customers[customer.id()] = customer;
  }
  const NewTransaction* BillOf(int64_t customer_id, const std::string& period = "2026-11") {
    auto found = store.bills.find({customer_id, period});
    return found == store.bills.end() ? nullptr : &found->second;
  }

  FakeCustomerDirectory customers;
  FakeBillStore store;
  FakeSettings settings;
  BillRun run{customers, store, settings};
  domain::Period november{2026, 11};
  rpc::Caller actor;
};

TEST_F(BillRunTest, BillsEveryActiveInternetCustomerAcrossBatches) {
  for (int64_t id = 1; id <= 5; ++id) Add(Customer(id));

  BillRunResult result = run.Run(november, actor);

  EXPECT_EQ(result.period, "2026-11");
  EXPECT_EQ(result.created, 5);
  EXPECT_EQ(result.skipped, 0);
  EXPECT_EQ(store.bills.size(), 5u);
  EXPECT_EQ(store.insert_calls, 3);  // batches of 2, 2, 1
  for (int64_t id = 1; id <= 5; ++id) ASSERT_NE(BillOf(id), nullptr) << id;
}

TEST_F(BillRunTest, TheBillCarriesTheCustomerPackageFeeAndDueDay) {
  Add(Customer(7));

  run.Run(november, actor);

  const NewTransaction* bill = BillOf(7);
  ASSERT_NE(bill, nullptr);
  EXPECT_EQ(bill->type, "internet");
  EXPECT_EQ(bill->period, "2026-11");
  EXPECT_EQ(bill->customer_name, "Pelanggan 7");
  EXPECT_EQ(bill->customer_phone, "628123456787");
  EXPECT_EQ(bill->amount, 150007);
  EXPECT_EQ(bill->due_date, "2026-11-15");
  EXPECT_EQ(bill->description,
            std::string(i18n::kInternetBillDescription) + "2026-11 (Paket 20 Mbps)");
}

TEST_F(BillRunTest, ADueDayOutsideOneToTwentyEightFallsBackToTheTenth) {
  auto none = Customer(1);
  none.set_due_day(0);
  auto late = Customer(2);
  late.set_due_day(31);
  auto last = Customer(3);
  last.set_due_day(28);
  Add(none);
  Add(late);
  Add(last);

  run.Run(november, actor);

  EXPECT_EQ(BillOf(1)->due_date, "2026-11-10");
  EXPECT_EQ(BillOf(2)->due_date, "2026-11-10");
  EXPECT_EQ(BillOf(3)->due_date, "2026-11-28");
}

TEST_F(BillRunTest, NoPackageNameMeansNoParentheses) {
  auto plain = Customer(1);
  plain.clear_package_name();
  Add(plain);

  run.Run(november, actor);

  EXPECT_EQ(BillOf(1)->description, std::string(i18n::kInternetBillDescription) + "2026-11");
}

TEST_F(BillRunTest, SkipsGasInactiveIsolatedAndDeletedCustomers) {
  Add(Customer(1));
  Add(Customer(2, customer::v1::CUSTOMER_TYPE_GAS));
  Add(Customer(3, customer::v1::CUSTOMER_TYPE_INTERNET, customer::v1::CUSTOMER_STATUS_INACTIVE));
  Add(Customer(4, customer::v1::CUSTOMER_TYPE_INTERNET, customer::v1::CUSTOMER_STATUS_ISOLATED));
  auto deleted = Customer(5);
  deleted.set_deleted(true);
  Add(deleted);

  BillRunResult result = run.Run(november, actor);

  EXPECT_EQ(result.created, 1);
  EXPECT_EQ(result.skipped, 0);  // never streamed, so not counted
  ASSERT_EQ(store.bills.size(), 1u);
  EXPECT_NE(BillOf(1), nullptr);
}

TEST_F(BillRunTest, ACustomerWithoutAFeeIsSkipped) {
  Add(Customer(1));
  auto free = Customer(2);
  free.set_monthly_fee(0);
  Add(free);

  BillRunResult result = run.Run(november, actor);

  EXPECT_EQ(result.created, 1);
  EXPECT_EQ(result.skipped, 1);
  EXPECT_EQ(BillOf(2), nullptr);
}

TEST_F(BillRunTest, SkipsCustomersAlreadyBilledForThePeriod) {
  Add(Customer(1));
  Add(Customer(2));
  NewTransaction existing;
  existing.customer_id = 1;
  existing.period = "2026-11";
  existing.amount = 99;
  store.bills[{1, "2026-11"}] = existing;

  BillRunResult result = run.Run(november, actor);

  EXPECT_EQ(result.created, 1);
  EXPECT_EQ(result.skipped, 1);
  EXPECT_EQ(BillOf(1)->amount, 99);  // untouched
  EXPECT_NE(BillOf(2), nullptr);
}

TEST_F(BillRunTest, ARerunCreatesNothingAndRecordsTheRunEachTime) {
  for (int64_t id = 1; id <= 3; ++id) Add(Customer(id));

  BillRunResult first = run.Run(november, actor);
  BillRunResult second = run.Run(november, actor);

  EXPECT_EQ(first.created, 3);
  EXPECT_EQ(second.created, 0);
  EXPECT_EQ(second.skipped, 3);
  EXPECT_EQ(store.bills.size(), 3u);
  ASSERT_TRUE(store.runs.count("2026-11"));
  EXPECT_EQ(store.runs["2026-11"].created, 3);
  EXPECT_EQ(store.runs["2026-11"].skipped, 3);
  EXPECT_EQ(store.runs["2026-11"].times, 2);
  EXPECT_EQ(store.runs["2026-11"].run_by, "admin");
}

TEST_F(BillRunTest, ANewPeriodBillsTheSameCustomersAgain) {
  Add(Customer(1));

  run.Run(november, actor);
  BillRunResult december = run.Run(november.Next(), actor);

  EXPECT_EQ(december.period, "2026-12");
  EXPECT_EQ(december.created, 1);
  ASSERT_NE(BillOf(1, "2026-12"), nullptr);
  EXPECT_EQ(BillOf(1, "2026-12")->due_date, "2026-12-15");
}

TEST_F(BillRunTest, TheFirstBillCarriesTheInstallationFeeAndProRataAndEveryBillTheTerms) {
  settings.settings.mutable_billing()->set_prorata_first_month(true);
  settings.settings.mutable_tax()->set_enabled(true);
  settings.settings.mutable_tax()->set_rate(11);
  auto fresh = Customer(1);
  fresh.set_monthly_fee(150000);
  fresh.set_installed_at("2026-11-20");
  fresh.set_installation_fee(250000);
  fresh.set_discount_type("percent");
  fresh.set_discount_value(10);
  auto known = Customer(2);
  known.set_monthly_fee(100000);
  known.set_installation_fee(250000);  // billed before: no fee again
  known.set_discount_type("fixed");
  known.set_discount_value(5000);
  Add(fresh);
  Add(known);
  NewTransaction earlier;
  earlier.customer_id = 2;
  earlier.period = "2026-10";
  store.bills[{2, "2026-10"}] = earlier;

  run.Run(november, actor);

  // Customer 1: 150,000 x 11/30 = 55,000; -10% = 5,500; + 250,000; PPN 11% of 299,500.
  const NewTransaction* first = BillOf(1);
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->discount_amount, 5500);
  EXPECT_EQ(first->tax_amount, 32945);
  EXPECT_EQ(first->amount, 299500 + 32945);
  ASSERT_EQ(first->lines.size(), 4U);
  EXPECT_EQ(first->lines[0]["note"], "pro rata 11/30 hari");
  EXPECT_EQ(first->lines[1]["kind"], "installation");
  EXPECT_EQ(first->lines[2]["kind"], "discount");
  EXPECT_EQ(first->lines[3]["kind"], "tax");
  // Customer 2: 100,000 - 5,000 = 95,000 + 11% = 10,450.
  const NewTransaction* second = BillOf(2);
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(second->amount, 105450);
  for (const auto& line : second->lines) EXPECT_NE(line["kind"], "installation");

  // December: no pro rata, no installation fee any more.
  run.Run(november.Next(), actor);
  EXPECT_EQ(BillOf(1, "2026-12")->amount, (150000 - 15000) * 111 / 100);
}

TEST_F(BillRunTest, ImportedArrearsAreNeverProRataNorChargedTheInstallationFee) {
  settings.settings.mutable_billing()->set_prorata_first_month(true);
  auto customer = Customer(1);
  customer.set_monthly_fee(150000);
  customer.set_installed_at("2026-09-20");
  customer.set_installation_fee(250000);
  Add(customer);

  EXPECT_EQ(run.ImportArrears({{1, {domain::Period{2026, 9}, domain::Period{2026, 10}}}}, actor),
            2);

  EXPECT_EQ(BillOf(1, "2026-09")->amount, 150000);
  EXPECT_EQ(BillOf(1, "2026-10")->amount, 150000);
}

TEST_F(BillRunTest, NoCustomersStillRecordsTheRun) {
  BillRunResult result = run.Run(november, actor);

  EXPECT_EQ(result.created, 0);
  EXPECT_EQ(result.skipped, 0);
  EXPECT_EQ(store.insert_calls, 0);
  EXPECT_TRUE(store.BillRunDone("2026-11"));
}

}  // namespace
}  // namespace billing::bills
