// Transaction input rules: gas items and totals, amounts, payment methods, paid-at times.
#include "transaction_rules.h"

#include <gtest/gtest.h>

namespace billing::bills {
namespace {

google::protobuf::RepeatedPtrField<v1::Item> Items(
    std::initializer_list<std::tuple<std::string, int64_t, int64_t>> rows) {
  google::protobuf::RepeatedPtrField<v1::Item> items;
  for (const auto& [name, qty, price] : rows) {
    auto* item = items.Add();
    item->set_name(name);
    item->set_qty(qty);
    item->set_unit_price(price);
  }
  return items;
}

TEST(TransactionRulesTest, GasTotalIsComputedFromItems) {
  errors::FieldErrors fields;
  int64_t total = 0;
  auto stored =
      CheckItems(Items({{"LPG 3 kg", 2, 22000}, {"LPG 12 kg", 1, 210000}}), &total, fields);
  EXPECT_TRUE(fields.empty());
  EXPECT_EQ(total, 254000);
  EXPECT_EQ(stored.size(), 2u);
}

TEST(TransactionRulesTest, BadItemsAreReportedPerItem) {
  errors::FieldErrors fields;
  int64_t total = 0;
  CheckItems(Items({{"", 0, -5}}), &total, fields);
  EXPECT_EQ(fields.count("items.0.name"), 1u);
  EXPECT_EQ(fields.count("items.0.qty"), 1u);
  EXPECT_EQ(fields.count("items.0.unit_price"), 1u);
  errors::FieldErrors empty;
  CheckItems(Items({}), &total, empty);
  EXPECT_EQ(empty.count("items"), 1u);
}

TEST(TransactionRulesTest, HugeTotalsAreRefusedWithoutOverflow) {
  errors::FieldErrors fields;
  int64_t total = 0;
  CheckItems(Items({{"a", 10000, kMaxAmount}, {"b", 10000, kMaxAmount}}), &total, fields);
  EXPECT_FALSE(fields.empty());
}

TEST(TransactionRulesTest, AmountsAndMethods) {
  EXPECT_FALSE(CheckAmount(0).has_value());
  EXPECT_TRUE(CheckAmount(-1).has_value());
  EXPECT_TRUE(CheckAmount(kMaxAmount + 1).has_value());
  EXPECT_TRUE(IsPaymentMethod("cash"));
  EXPECT_TRUE(IsPaymentMethod("transfer"));
  // Only the payment service records "online" (MarkPaidOnline); the counter cannot claim it.
  EXPECT_FALSE(IsPaymentMethod("online"));
  EXPECT_FALSE(IsPaymentMethod("CASH"));
  EXPECT_FALSE(IsPaymentMethod(""));
}

TEST(TransactionRulesTest, PaidAtAcceptsDatesAndRfc3339Only) {
  EXPECT_EQ(NormalizePaidAt("2026-11-20", "Asia/Jakarta"), "2026-11-20T12:00:00+07:00");
  EXPECT_EQ(NormalizePaidAt("2026-11-20T08:30:00Z", "Asia/Jakarta"), "2026-11-20T08:30:00Z");
  for (const char* bad : {"", "kemarin", "2026-11-31", "2026-11-20T25:00:00Z", "2026-11-20 08:30",
                          "2026-11-20T08:30:00+99:00"}) {
    EXPECT_EQ(NormalizePaidAt(bad, "Asia/Jakarta"), std::nullopt) << bad;
  }
}

std::chrono::system_clock::time_point Utc(int year, unsigned month, unsigned day, int hour,
                                          int minute) {
  using namespace std::chrono;
  return sys_days{std::chrono::year{year} / month / day} + hours(hour) + minutes(minute);
}

TEST(TransactionRulesTest, OverdueCutoffIsTodayInTheBusinessZoneMinusGraceDays) {
  // 18:30 UTC on 1 March is already 2 March in Jakarta (UTC+7): a bill due on 1 March is
  // overdue with no grace, one due on 2 March is not.
  auto evening = Utc(2026, 3, 1, 18, 30);
  EXPECT_EQ(OverdueCutoff(evening, "Asia/Jakarta", 0), "2026-03-02");
  EXPECT_EQ(OverdueCutoff(evening, "Asia/Jakarta", 3), "2026-02-27");
  EXPECT_EQ(OverdueCutoff(Utc(2026, 3, 1, 16, 59), "Asia/Jakarta", 0), "2026-03-01");
  EXPECT_EQ(OverdueCutoff(Utc(2026, 3, 1, 15, 0), "Asia/Jayapura", 0), "2026-03-02");
  EXPECT_EQ(OverdueCutoff(Utc(2027, 1, 1, 0, 0), "Asia/Jakarta", 1), "2026-12-31");
  EXPECT_EQ(OverdueCutoff(Utc(2028, 3, 1, 0, 0), "Asia/Jakarta", 1), "2028-02-29");
  EXPECT_EQ(OverdueCutoff(Utc(2026, 3, 1, 0, 0), "Asia/Jakarta", kMaxGraceDays), "2025-12-31");
}

}  // namespace
}  // namespace billing::bills
