// Bill lines: pro rata, installation fee, discounts and PPN in whole Rupiah, by the rounding
// rule of bill_lines.h (each division once, half up).
#include "bill_lines.h"

#include <gtest/gtest.h>

namespace billing::bills {
namespace {

BillInput Internet(int64_t price, const std::string& period = "2026-11",
                   const std::string& installed_at = "") {
  BillInput input;
  input.internet = true;
  input.package_label = "Paket 10 Mbps " + period;
  input.package_price = price;
  input.period = period;
  input.installed_at = installed_at;
  return input;
}

BillTerms Tax(int64_t rate_bp, bool included = false, bool on_gas = false) {
  BillTerms terms;
  terms.tax = {true, rate_bp, included, on_gas, "PPN"};
  return terms;
}

// The amount is the sum of the lines, leaving out an included tax.
int64_t SumOfLines(const ComposedBill& bill) {
  int64_t sum = 0;
  for (const auto& line : bill.lines) {
    if (!line["included"].get<bool>()) sum += line["amount"].get<int64_t>();
  }
  return sum;
}

const nlohmann::json* LineOf(const ComposedBill& bill, const std::string& kind) {
  for (const auto& line : bill.lines) {
    if (line["kind"] == kind) return &line;
  }
  return nullptr;
}

TEST(BillLinesTest, RoundingIsHalfUpToAWholeRupiah) {
  EXPECT_EQ(DivideRoundingHalfUp(5, 2), 3);  // 2.5 -> 3
  EXPECT_EQ(DivideRoundingHalfUp(7, 3), 2);  // 2.33 -> 2
  EXPECT_EQ(DivideRoundingHalfUp(8, 3), 3);  // 2.67 -> 3
  EXPECT_EQ(DivideRoundingHalfUp(0, 7), 0);
  EXPECT_EQ(DivideRoundingHalfUp(150000LL * 11, 30), 55000);
}

TEST(BillLinesTest, APlainBillIsItsPackageAlone) {
  ComposedBill bill = ComposeBill(Internet(150000), BillTerms{});
  ASSERT_EQ(bill.lines.size(), 1U);
  EXPECT_EQ(bill.lines[0]["kind"], "package");
  EXPECT_EQ(bill.lines[0]["label"], "Paket 10 Mbps 2026-11");
  EXPECT_EQ(bill.lines[0]["amount"], 150000);
  EXPECT_EQ(bill.lines[0]["note"], "");
  EXPECT_EQ(bill.amount, 150000);
  EXPECT_EQ(bill.tax_amount, 0);
  EXPECT_EQ(bill.discount_amount, 0);
}

TEST(BillLinesTest, TheInstallationMonthIsChargedFromTheInstallationDayOn) {
  BillTerms terms;
  terms.prorata_first_month = true;
  // Installed on 20 November: 11 of 30 days, 150,000 x 11 / 30 = 55,000.
  ComposedBill november = ComposeBill(Internet(150000, "2026-11", "2026-11-20"), terms);
  EXPECT_EQ(november.amount, 55000);
  EXPECT_EQ(november.lines[0]["unit_price"], 150000);
  EXPECT_EQ(november.lines[0]["note"], "pro rata 11/30 hari");
  // 100,000 x 11 / 30 = 36,666.67 -> 36,667 (half up).
  EXPECT_EQ(ComposeBill(Internet(100000, "2026-11", "2026-11-20"), terms).amount, 36667);
  // February of a leap year has 29 days: 100,000 x 15 / 29 = 51,724.1 -> 51,724.
  EXPECT_EQ(ComposeBill(Internet(100000, "2028-02", "2028-02-15"), terms).amount, 51724);
  // 31 days, installed on the 31st: one day, 155,000 / 31 = 5,000.
  EXPECT_EQ(ComposeBill(Internet(155000, "2026-12", "2026-12-31"), terms).amount, 5000);
  // Installed on the 1st, another month, or not at all: the whole month.
  EXPECT_EQ(ComposeBill(Internet(150000, "2026-11", "2026-11-01"), terms).amount, 150000);
  EXPECT_EQ(ComposeBill(Internet(150000, "2026-12", "2026-11-20"), terms).amount, 150000);
  EXPECT_EQ(ComposeBill(Internet(150000, "2026-11", ""), terms).amount, 150000);
  // Off in the settings: the whole month.
  EXPECT_EQ(ComposeBill(Internet(150000, "2026-11", "2026-11-20"), BillTerms{}).amount, 150000);
}

TEST(BillLinesTest, TheInstallationFeeIsALineOfItsOwnAndNeverDiscounted) {
  BillInput input = Internet(150000);
  input.installation_fee = 250000;
  input.discount = {Discount::Type::kPercent, 10};
  ComposedBill bill = ComposeBill(input, BillTerms{});
  ASSERT_NE(LineOf(bill, "installation"), nullptr);
  EXPECT_EQ((*LineOf(bill, "installation"))["label"], "Biaya pemasangan");
  EXPECT_EQ((*LineOf(bill, "installation"))["amount"], 250000);
  EXPECT_EQ(bill.discount_amount, 15000);  // 10% of the package only
  EXPECT_EQ((*LineOf(bill, "discount"))["label"], "Diskon 10%");
  EXPECT_EQ((*LineOf(bill, "discount"))["amount"], -15000);
  EXPECT_EQ(bill.amount, 150000 + 250000 - 15000);
  EXPECT_EQ(bill.amount, SumOfLines(bill));
}

TEST(BillLinesTest, PercentDiscountsRoundHalfUpAndFixedOnesNeverExceedTheBase) {
  BillInput input = Internet(99999);
  input.discount = {Discount::Type::kPercent, 15};  // 14,999.85 -> 15,000
  EXPECT_EQ(ComposeBill(input, BillTerms{}).discount_amount, 15000);
  input.discount = {Discount::Type::kPercent, 100};
  EXPECT_EQ(ComposeBill(input, BillTerms{}).amount, 0);
  input.discount = {Discount::Type::kFixed, 25000};
  ComposedBill fixed = ComposeBill(input, BillTerms{});
  EXPECT_EQ(fixed.discount_amount, 25000);
  EXPECT_EQ((*LineOf(fixed, "discount"))["label"], "Diskon");
  input.discount = {Discount::Type::kFixed, 500000};
  input.installation_fee = 100000;
  ComposedBill capped = ComposeBill(input, BillTerms{});
  EXPECT_EQ(capped.discount_amount, 99999);
  EXPECT_EQ(capped.amount, 100000);
  input.discount = {Discount::Type::kNone, 0};
  input.installation_fee = 0;
  EXPECT_EQ(LineOf(ComposeBill(input, BillTerms{}), "discount"), nullptr);
}

TEST(BillLinesTest, AddedPpnIsOnTopOfTheDiscountedPriceAndTheFee) {
  BillInput input = Internet(150000);
  input.discount = {Discount::Type::kPercent, 10};
  input.installation_fee = 250000;
  // taxable = 150,000 - 15,000 + 250,000 = 385,000; 11% = 42,350.
  ComposedBill bill = ComposeBill(input, Tax(1100));
  EXPECT_EQ(bill.tax_amount, 42350);
  EXPECT_EQ(bill.amount, 427350);
  EXPECT_EQ(bill.amount, SumOfLines(bill));
  const auto* tax = LineOf(bill, "tax");
  ASSERT_NE(tax, nullptr);
  EXPECT_EQ((*tax)["label"], "PPN 11%");
  EXPECT_FALSE((*tax)["included"].get<bool>());
  // 11.5% of 99,999 = 11,499.885 -> 11,500; the label uses a decimal comma.
  ComposedBill odd = ComposeBill(Internet(99999), Tax(1150));
  EXPECT_EQ(odd.tax_amount, 11500);
  EXPECT_EQ((*LineOf(odd, "tax"))["label"], "PPN 11,5%");
  EXPECT_EQ((*LineOf(ComposeBill(Internet(100), Tax(1125)), "tax"))["label"], "PPN 11,25%");
}

TEST(BillLinesTest, IncludedPpnIsShownButNotAdded) {
  // 111,000 includes 11%: 111,000 x 11 / 111 = 11,000.
  ComposedBill bill = ComposeBill(Internet(111000), Tax(1100, true));
  EXPECT_EQ(bill.amount, 111000);
  EXPECT_EQ(bill.tax_amount, 11000);
  EXPECT_TRUE((*LineOf(bill, "tax"))["included"].get<bool>());
  EXPECT_EQ(bill.amount, SumOfLines(bill));
  // 150,000 x 11 / 111 = 14,864.86 -> 14,865.
  EXPECT_EQ(ComposeBill(Internet(150000), Tax(1100, true)).tax_amount, 14865);
}

TEST(BillLinesTest, GasSalesAreTaxedOnlyWhenTheSettingsSaySo) {
  BillInput sale;
  sale.internet = false;
  sale.items = {{"LPG 3 kg", 2, 22000}, {"Air galon", 3, 5000}};
  ComposedBill untaxed = ComposeBill(sale, Tax(1100));
  EXPECT_EQ(untaxed.amount, 59000);
  EXPECT_EQ(untaxed.tax_amount, 0);
  ASSERT_EQ(untaxed.lines.size(), 2U);
  EXPECT_EQ(untaxed.lines[0]["kind"], "item");
  EXPECT_EQ(untaxed.lines[0]["qty"], 2);
  EXPECT_EQ(untaxed.lines[0]["amount"], 44000);
  sale.discount = {Discount::Type::kFixed, 4000};
  ComposedBill taxed = ComposeBill(sale, Tax(1100, false, true));
  EXPECT_EQ(taxed.discount_amount, 4000);
  EXPECT_EQ(taxed.tax_amount, 6050);  // 11% of 55,000
  EXPECT_EQ(taxed.amount, 61050);
  EXPECT_EQ(taxed.amount, SumOfLines(taxed));
  // A sale never gets an installation fee.
  sale.installation_fee = 1000;
  EXPECT_EQ(LineOf(ComposeBill(sale, BillTerms{}), "installation"), nullptr);
}

TEST(BillLinesTest, NoTaxLineOnAFreeBill) {
  BillInput input = Internet(150000);
  input.discount = {Discount::Type::kPercent, 100};
  ComposedBill bill = ComposeBill(input, Tax(1100));
  EXPECT_EQ(bill.amount, 0);
  EXPECT_EQ(LineOf(bill, "tax"), nullptr);
}

TEST(BillLinesTest, DiscountsAreChecked) {
  EXPECT_EQ(CheckDiscount({Discount::Type::kNone, 0}), nullptr);
  EXPECT_NE(CheckDiscount({Discount::Type::kNone, 5}), nullptr);
  EXPECT_EQ(CheckDiscount({Discount::Type::kPercent, 1}), nullptr);
  EXPECT_EQ(CheckDiscount({Discount::Type::kPercent, 100}), nullptr);
  EXPECT_NE(CheckDiscount({Discount::Type::kPercent, 0}), nullptr);
  EXPECT_NE(CheckDiscount({Discount::Type::kPercent, 101}), nullptr);
  EXPECT_EQ(CheckDiscount({Discount::Type::kFixed, 0}), nullptr);
  EXPECT_NE(CheckDiscount({Discount::Type::kFixed, -1}), nullptr);
  EXPECT_NE(CheckDiscount({Discount::Type::kFixed, 1'000'000'001}), nullptr);
  EXPECT_EQ(ParseDiscountType("percent"), Discount::Type::kPercent);
  EXPECT_EQ(ParseDiscountType("none"), Discount::Type::kNone);
  EXPECT_FALSE(ParseDiscountType("half").has_value());
}

TEST(BillLinesTest, OldBillsGetLinesFromTheirItemsOrAmount) {
  nlohmann::json items = {{{"name", "LPG 3 kg"}, {"qty", 2}, {"unit_price", 22000}}};
  auto gas = LinesOfOldBill("gas", "Penjualan gas", items, 44000);
  ASSERT_EQ(gas.size(), 1U);
  EXPECT_EQ(gas[0]["amount"], 44000);
  EXPECT_EQ(gas[0]["label"], "LPG 3 kg");
  auto internet = LinesOfOldBill("internet", "Tagihan internet periode 2026-10",
                                 nlohmann::json::array(), 150000);
  ASSERT_EQ(internet.size(), 1U);
  EXPECT_EQ(internet[0]["kind"], "package");
  EXPECT_EQ(internet[0]["amount"], 150000);
}

}  // namespace
}  // namespace billing::bills
