// Invoice numbers (issue 17) against two billing replicas sharing the database: 16 concurrent
// creates get 16 different numbers with no gap in the month's sequence, a deleted bill's number
// is never given again, a bill run numbers its bills without burning numbers on the bills it
// skips, counters older than the numbers (a restore) never repeat one, the pattern follows the
// settings, and the numbers are searchable and exported.
#include <future>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "api_test.h"

namespace billing::testing {
namespace {

using nlohmann::json;

// The sequence part of a default-pattern number, "INV/2026/12/0042" -> 42; -1 for another shape.
int SequenceOf(const std::string& number) {
  static const std::regex kDefault(R"(INV/(\d{4})/(\d{2})/(\d{4,}))");
  std::smatch match;
  if (!std::regex_match(number, match, kDefault)) return -1;
  return std::stoi(match[3].str());
}

// The numbers of this month's transactions, as stored.
std::vector<std::string> StoredNumbers() {
  std::string rows = Sql(
      "SELECT string_agg(invoice_no, ',' ORDER BY invoice_no) FROM billing.transactions "
      "WHERE invoice_no LIKE 'INV/' || to_char(now() AT TIME ZONE 'Asia/Jakarta', 'YYYY/MM') || "
      "'/%'");
  std::vector<std::string> numbers;
  size_t start = 0;
  while (start < rows.size()) {
    size_t comma = rows.find(',', start);
    if (comma == std::string::npos) comma = rows.size();
    numbers.push_back(rows.substr(start, comma - start));
    start = comma + 1;
  }
  return numbers;
}

class InvoiceNumbersTest : public ApiTest {};

TEST_F(InvoiceNumbersTest, ConcurrentCreatesOnTwoReplicasGetEveryNumberOnce) {
  std::vector<int64_t> customers;
  for (int i = 0; i < 4; ++i) customers.push_back(Admin().CreateGasCustomer());
  ASSERT_EQ(Sql("SELECT count(*) FROM billing.transactions"), "0");
  constexpr int kCreates = 16;
  std::vector<std::future<HttpResponse>> creates;
  for (int i = 0; i < kCreates; ++i) {
    creates.push_back(std::async(std::launch::async, [&, i] {
      HttpClient http(Stack().GatewayUrl());
      return http.PostJson(
          "/api/transactions",
          {{"customer_id", customers[i % 4]},
           {"items", {{{"name", "LPG 3 kg"}, {"qty", 1 + i % 3}, {"unit_price", 22000}}}}},
          staff_);
    }));
  }
  std::set<std::string> numbers;
  for (auto& create : creates) {
    HttpResponse created = create.get();
    ASSERT_EQ(created.status, 201) << created.Describe();
    std::string number = created.Json()["invoice_no"].get<std::string>();
    EXPECT_GT(SequenceOf(number), 0) << number;
    numbers.insert(number);
  }
  EXPECT_EQ(numbers.size(), static_cast<size_t>(kCreates)) << "no number twice";
  // This month's sequence has no gap: its numbers are 1..n.
  std::vector<std::string> stored = StoredNumbers();
  ASSERT_EQ(stored.size(), static_cast<size_t>(kCreates));
  for (size_t i = 0; i < stored.size(); ++i) EXPECT_EQ(SequenceOf(stored[i]), int(i) + 1);

  // Searchable: the list finds a transaction by its number.
  std::string wanted = *numbers.begin();
  HttpResponse found = Stack().Http().Get("/api/transactions?q=" + wanted, staff_);
  ASSERT_EQ(found.status, 200) << found.Describe();
  ASSERT_EQ(found.Json()["total"], 1) << found.body;
  EXPECT_EQ(found.Json()["items"][0]["invoice_no"], wanted);
}

TEST_F(InvoiceNumbersTest, DeletedAndSkippedBillsNeverGiveANumberAgain) {
  int64_t package = Admin().CreatePackage();
  int64_t first = Admin().CreateInternetCustomer(package);
  Admin().CreateInternetCustomer(package);
  json bill = Admin().CreateBill(first, "2026-01");
  int deleted = SequenceOf(bill["invoice_no"].get<std::string>());
  ASSERT_GT(deleted, 0) << bill.dump();
  ASSERT_EQ(Stack()
                .Http()
                .Delete("/api/transactions/" + std::to_string(bill["id"].get<int64_t>()), admin_)
                .status,
            200);
  // A bill run over a period where one bill exists already: numbers only for the new ones.
  Admin().CreateBill(first, "2026-02");
  HttpResponse run = Stack().Http().PostJson("/api/billing/run", {{"period", "2026-02"}}, admin_);
  ASSERT_EQ(run.status, 200) << run.Describe();
  EXPECT_EQ(run.Json()["created"], 1);
  HttpResponse again = Stack().Http().PostJson("/api/billing/run", {{"period", "2026-02"}}, admin_);
  ASSERT_EQ(again.status, 200) << again.Describe();
  EXPECT_EQ(again.Json()["created"], 0);
  json sale = Admin().CreateGasSale(Admin().CreateGasCustomer(), 2);
  EXPECT_EQ(SequenceOf(sale["invoice_no"].get<std::string>()), deleted + 3)
      << "after the deleted #" << deleted << " and the two bills of 2026-02: nothing burnt";

  // Counters older than the numbers (a restore of an older backup): numbers are skipped, never
  // repeated.
  Sql("UPDATE billing.invoice_counters SET last = 1");
  json next = Admin().CreateGasSale(Admin().CreateGasCustomer(), 1);
  EXPECT_EQ(SequenceOf(next["invoice_no"].get<std::string>()), deleted + 4) << next.dump();
  EXPECT_EQ(Sql("SELECT count(*) - count(DISTINCT invoice_no) FROM billing.transactions"), "0");
}

TEST_F(InvoiceNumbersTest, ThePatternComesFromTheSettings) {
  HttpResponse bad = Stack().Http().PostJson(
      "/api/settings", {{"invoice", {{"pattern", "INV-{YYYY}-{MM}"}}}}, admin_);
  EXPECT_EQ(bad.status, 400) << bad.Describe();
  EXPECT_TRUE(bad.Json()["error"]["fields"].contains("invoice.pattern")) << bad.body;
  EXPECT_EQ(Stack()
                .Http()
                .PostJson("/api/settings", {{"invoice", {{"pattern", "NET-{SEQ}"}}}}, staff_)
                .status,
            403);

  HttpResponse set = Stack().Http().PostJson(
      "/api/settings", {{"invoice", {{"pattern", "NET-{YY}{MM}-{SEQ:3}"}}}}, admin_);
  ASSERT_EQ(set.status, 200) << set.Describe();
  int64_t customer = Admin().CreateGasCustomer();
  std::string first = Admin().CreateGasSale(customer, 1)["invoice_no"].get<std::string>();
  std::string second = Admin().CreateGasSale(customer, 1)["invoice_no"].get<std::string>();
  EXPECT_TRUE(std::regex_match(first, std::regex(R"(NET-\d{4}-001)"))) << first;
  EXPECT_TRUE(std::regex_match(second, std::regex(R"(NET-\d{4}-002)"))) << second;
  HttpResponse settings = Stack().Http().Get("/api/settings", staff_);
  EXPECT_EQ(settings.Json()["invoice"]["pattern"], "NET-{YY}{MM}-{SEQ:3}");
}

}  // namespace
}  // namespace billing::testing

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  // Two replicas of every service: the concurrent creates land on both billing processes.
  ::testing::AddGlobalTestEnvironment(
      new billing::testing::SuiteEnvironment(billing::testing::FullStack({}, 2)));
  return RUN_ALL_TESTS();
}
