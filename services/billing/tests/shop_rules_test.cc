// Gas shop rules: product input, movements by hand, the NIK, report ranges, the stock report's
// arithmetic and the buyer totals.
#include "shop_rules.h"

#include <gtest/gtest.h>

#include "domain/nik.h"
#include "i18n/messages.h"
#include "i18n/shop_messages.h"

namespace billing::bills {
namespace {

shop::v1::ProductInput GoodProduct() {
  shop::v1::ProductInput input;
  input.set_name("  LPG 3 kg ");
  input.set_kind("lpg_3kg");
  input.set_price(22000);
  input.set_cylinder_price(150000);
  input.set_purchase_price(18000);
  input.set_tracks_stock(true);
  input.set_low_stock(5);
  input.set_subsidised(true);
  input.set_active(true);
  return input;
}

errors::FieldErrors ProductFields(const shop::v1::ProductInput& input) {
  errors::FieldErrors fields;
  CheckProductInput(input, fields);
  return fields;
}

shop::v1::RecordMovementRequest Movement(const std::string& kind, int32_t full, int32_t empty,
                                         const std::string& note = "") {
  shop::v1::RecordMovementRequest request;
  request.set_product_id(7);
  request.set_kind(kind);
  request.set_full_delta(full);
  request.set_empty_delta(empty);
  request.set_note(note);
  return request;
}

errors::FieldErrors MovementFields(const shop::v1::RecordMovementRequest& request,
                                   bool is_admin = true) {
  try {
    CheckMovement(request, is_admin);
  } catch (const errors::Error& e) {
    EXPECT_EQ(e.code(), errors::Code::kInvalidArgument) << e.message();
    return e.fields();
  }
  return {};
}

TEST(ShopRulesTest, AProductIsCheckedFieldByField) {
  errors::FieldErrors fields;
  shop::v1::ProductInput checked = CheckProductInput(GoodProduct(), fields);
  EXPECT_TRUE(fields.empty());
  EXPECT_EQ(checked.name(), "LPG 3 kg");

  shop::v1::ProductInput bad = GoodProduct();
  bad.set_name("   ");
  bad.set_kind("lpg_50kg");
  bad.set_price(-1);
  bad.set_cylinder_price(-2);
  bad.set_purchase_price(-3);
  bad.set_low_stock(-1);
  fields = ProductFields(bad);
  EXPECT_EQ(fields.at("name"), i18n::kFieldRequired);
  EXPECT_EQ(fields.at("kind"), i18n::kProductKindInvalid);
  EXPECT_EQ(fields.at("price"), i18n::kProductPriceInvalid);
  EXPECT_EQ(fields.at("cylinder_price"), i18n::kProductPriceInvalid);
  EXPECT_EQ(fields.at("purchase_price"), i18n::kProductPriceInvalid);
  EXPECT_EQ(fields.at("low_stock"), i18n::kProductLowStockInvalid);

  bad = GoodProduct();
  bad.set_name(std::string(101, 'x'));
  bad.set_kind("");
  fields = ProductFields(bad);
  EXPECT_EQ(fields.at("name"), i18n::kTextTooLong);
  EXPECT_EQ(fields.at("kind"), i18n::kFieldRequired);
  for (const char* kind : {"lpg_3kg", "lpg_5_5kg", "lpg_12kg", "bright_gas", "other"}) {
    EXPECT_TRUE(IsProductKind(kind)) << kind;
  }
  EXPECT_FALSE(IsProductKind("LPG_3KG"));
}

TEST(ShopRulesTest, MovementsFollowTheirKindsRules) {
  EXPECT_TRUE(MovementFields(Movement("delivery", 10, -10)).empty());
  EXPECT_TRUE(MovementFields(Movement("delivery", 10, 0), false).empty());
  EXPECT_EQ(MovementFields(Movement("delivery", 0, 0)).count("full_delta"), 1u);
  EXPECT_EQ(MovementFields(Movement("delivery", 5, 2)).count("empty_delta"), 1u);

  EXPECT_TRUE(MovementFields(Movement("return", 0, 2), false).empty());
  EXPECT_TRUE(MovementFields(Movement("return", 1, 0), false).empty());
  EXPECT_EQ(MovementFields(Movement("return", 0, 0)).count("full_delta"), 1u);
  EXPECT_EQ(MovementFields(Movement("return", 2, -1)).count("empty_delta"), 1u);

  EXPECT_TRUE(MovementFields(Movement("correction", -3, 2, "hilang")).empty());
  EXPECT_EQ(MovementFields(Movement("correction", -3, 0, "  ")).at("note"),
            i18n::kCorrectionNoteRequired);
  EXPECT_EQ(MovementFields(Movement("correction", 0, 0, "x")).count("full_delta"), 1u);

  EXPECT_EQ(MovementFields(Movement("sale", -1, 1)).at("kind"), i18n::kMovementKindInvalid);
  EXPECT_EQ(MovementFields(Movement("", 1, 1)).at("kind"), i18n::kFieldRequired);
  EXPECT_EQ(MovementFields(Movement("delivery", 100001, 0)).at("full_delta"), i18n::kDeltaTooLarge);

  auto priced = Movement("return", 1, 0);
  priced.set_unit_price(1000);
  EXPECT_EQ(MovementFields(priced).at("unit_price"), i18n::kUnitPriceNotAllowed);
  auto delivery = Movement("delivery", 4, 0);
  delivery.set_unit_price(-5);
  EXPECT_EQ(MovementFields(delivery).count("unit_price"), 1u);
  delivery.set_unit_price(18000);
  MovementInput checked = CheckMovement(delivery, false);
  EXPECT_EQ(checked.unit_price, 18000);
  EXPECT_EQ(checked.full_delta, 4);

  auto none = Movement("delivery", 1, 0);
  none.set_product_id(0);
  EXPECT_EQ(MovementFields(none).count("product_id"), 1u);
}

TEST(ShopRulesTest, OnlyAnAdminCorrectsStock) {
  try {
    CheckMovement(Movement("correction", 1, 0, "hitung ulang"), false);
    FAIL() << "a staff correction was accepted";
  } catch (const errors::Error& e) {
    EXPECT_EQ(e.code(), errors::Code::kPermissionDenied);
    EXPECT_EQ(e.message(), i18n::kCorrectionAdminOnly);
  }
}

TEST(ShopRulesTest, ANikIsSixteenPlausibleDigits) {
  EXPECT_EQ(domain::NormalizeNik("3201234509870001"), "3201234509870001");
  EXPECT_EQ(domain::NormalizeNik("3201 2345 0987 0001"), "3201234509870001");
  EXPECT_EQ(domain::NormalizeNik("3201234509870001").value_or(""), "3201234509870001");
  EXPECT_TRUE(domain::NormalizeNik("3201234109870001"));    // a woman: day 41 = the 1st
  EXPECT_FALSE(domain::NormalizeNik("320123450987000"));    // 15 digits
  EXPECT_FALSE(domain::NormalizeNik("32012345098700011"));  // 17 digits
  EXPECT_FALSE(domain::NormalizeNik("1001234509870001"));   // province 10
  EXPECT_FALSE(domain::NormalizeNik("9501234509870001"));   // province 95
  EXPECT_FALSE(domain::NormalizeNik("3201230009870001"));   // day 00
  EXPECT_FALSE(domain::NormalizeNik("3201233209870001"));   // day 32
  EXPECT_FALSE(domain::NormalizeNik("3201237209870001"));   // day 72
  EXPECT_FALSE(domain::NormalizeNik("3201234513870001"));   // month 13
  EXPECT_FALSE(domain::NormalizeNik("3201234500870001"));   // month 00
  EXPECT_FALSE(domain::NormalizeNik("32012345O9870001"));   // a letter
  EXPECT_FALSE(domain::NormalizeNik(""));
}

TEST(ShopRulesTest, AReportRangeIsValidOrderedAndAtMostAYear) {
  errors::FieldErrors fields;
  auto days = ReportDays("2026-02-27", "2026-03-02", fields);
  EXPECT_TRUE(fields.empty());
  EXPECT_EQ(days,
            (std::vector<std::string>{"2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02"}));
  EXPECT_EQ(ReportDays("2028-02-28", "2028-03-01", fields).size(), 3u);  // leap year
  EXPECT_EQ(ReportDays("2026-01-01", "2026-12-31", fields).size(), 365u);
  EXPECT_EQ(ReportDays("2028-01-01", "2028-12-31", fields).size(), 366u);
  EXPECT_TRUE(fields.empty());

  fields.clear();
  EXPECT_EQ(ReportDays("2026-01-01", "2027-01-02", fields).size(), 367u);  // 366 days after
  EXPECT_TRUE(fields.empty());
  ReportDays("2026-01-01", "2027-01-03", fields);
  EXPECT_EQ(fields.at("to"), i18n::kReportRangeTooLong);
  fields.clear();
  ReportDays("2026-03-02", "2026-03-01", fields);
  EXPECT_EQ(fields.at("to"), i18n::kReportRangeReversed);
  fields.clear();
  ReportDays("2026-02-30", "", fields);
  EXPECT_EQ(fields.at("from"), i18n::kInvalidDate);
  EXPECT_EQ(fields.at("to"), i18n::kFieldRequired);
}

TEST(ShopRulesTest, TheStockReportRunsBackFromTheCurrentCounts) {
  ProductStock lpg{1, "LPG 3 kg", 7, 4, {}};
  lpg.days["2026-03-01"] = {10, 2, 0, 10};  // delivery 10 (10 empties out), 2 sold
  lpg.days["2026-03-03"] = {0, 3, 3, 0};    // 3 sold (exchanges)
  lpg.days["2026-03-05"] = {0, 1, 1, 0};    // after the report: still counted back
  lpg.days["2026-02-27"] = {50, 0, 0, 0};   // before the report: ignored
  ProductStock bright{2, "Bright Gas", 0, 0, {}};
  auto rows = BuildStockReport({lpg, bright}, {"2026-03-01", "2026-03-02", "2026-03-03"});
  ASSERT_EQ(rows.size(), 6u);
  EXPECT_EQ(rows[0].product_name(), "Bright Gas");  // by date, then name
  EXPECT_EQ(rows[1].product_name(), "LPG 3 kg");
  // Now 7 full: on 03-05 -1, 03-03 -3, 03-01 +10 -2 => opening of 03-01 = 7 + 1 + 3 - 8 = 3.
  EXPECT_EQ(rows[1].full_opening(), 3);
  EXPECT_EQ(rows[1].full_closing(), 11);
  EXPECT_EQ(rows[1].empty_opening(), 4 - 1 - 3 + 10);
  EXPECT_EQ(rows[1].empty_closing(), 0);
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& row = rows[i];
    EXPECT_EQ(row.full_opening() + row.full_in() - row.full_out(), row.full_closing());
    EXPECT_EQ(row.empty_opening() + row.empty_in() - row.empty_out(), row.empty_closing());
    if (i >= 2) {
      EXPECT_EQ(rows[i - 2].full_closing(), row.full_opening());
      EXPECT_EQ(rows[i - 2].empty_closing(), row.empty_opening());
    }
  }
  EXPECT_EQ(rows[5].full_closing(), 8);  // + the 1 sold after the report = 7 now
  EXPECT_EQ(rows[5].empty_closing(), 3);
  EXPECT_EQ(rows[3].full_in(), 0);  // a day without movements
  EXPECT_TRUE(BuildStockReport({lpg}, {}).empty());
}

TEST(ShopRulesTest, BuyerTotalsCountEachNikAgainstTheLimit) {
  auto entry = [](const std::string& nik, const std::string& date, int64_t qty,
                  const std::string& name) {
    shop::v1::BuyerLogEntry e;
    e.set_nik(nik);
    e.set_date(date);
    e.set_qty(qty);
    e.set_customer_name(name);
    return e;
  };
  auto totals =
      BuyerTotals({entry("A", "2026-03-01", 2, "Ani"), entry("B", "2026-03-01", 1, "Budi"),
                   entry("A", "2026-03-01", 1, "Ani"), entry("A", "2026-03-04", 1, "Ani S")},
                  3);
  ASSERT_EQ(totals.size(), 2u);
  EXPECT_EQ(totals[0].nik(), "A");
  EXPECT_EQ(totals[0].qty(), 4);
  EXPECT_EQ(totals[0].days(), 2);
  EXPECT_EQ(totals[0].customer_name(), "Ani S");
  EXPECT_TRUE(totals[0].over_limit());
  EXPECT_FALSE(totals[1].over_limit());
  EXPECT_FALSE(BuyerTotals({entry("A", "2026-03-01", 99, "Ani")}, 0)[0].over_limit());
}

}  // namespace
}  // namespace billing::bills
