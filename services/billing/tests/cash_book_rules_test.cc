// Cash book rules: photo checks by the bytes, entry and category fields, the profit report's
// range and month sums.
#include <gtest/gtest.h>

#include "cash_book_service.h"
#include "i18n/cash_book_messages.h"
#include "i18n/messages.h"

namespace billing::cashbook {
namespace {

const std::string kJpeg = std::string("\xFF\xD8\xFF\xE0", 4) + "JFIF rest";
const std::string kPng = std::string("\x89PNG\r\n\x1A\n", 8) + "IHDR";
const std::string kWebp = std::string("RIFF\x10\x00\x00\x00WEBPVP8 ", 16);

CategoryRecord Category(const std::string& kind, bool active = true) {
  return {7, kind, "Listrik", "", active};
}

v1::EntryInput Input(const std::string& kind, int64_t amount, const std::string& date,
                     const std::string& note = "") {
  v1::EntryInput input;
  input.set_kind(kind);
  input.set_category_id(7);
  input.set_amount(amount);
  input.set_date(date);
  input.set_note(note);
  return input;
}

TEST(CashBookRulesTest, PhotoTypeComesFromTheBytes) {
  EXPECT_EQ(SniffImageType(kJpeg), "image/jpeg");
  EXPECT_EQ(SniffImageType(kPng), "image/png");
  EXPECT_EQ(SniffImageType(kWebp), "image/webp");
  EXPECT_FALSE(SniffImageType("GIF89a..."));
  EXPECT_FALSE(SniffImageType("<svg xmlns=...>"));
  EXPECT_FALSE(SniffImageType(std::string("RIFF\x10\x00\x00\x00WAVE", 12)));
  EXPECT_FALSE(SniffImageType(""));
}

TEST(CashBookRulesTest, PhotoIsStoredWithItsSniffedType) {
  errors::FieldErrors fields;
  auto photo = CheckPhoto(kPng, "", fields);
  ASSERT_TRUE(photo);
  EXPECT_TRUE(fields.empty());
  EXPECT_EQ(photo->content_type, "image/png");
  EXPECT_EQ(photo->bytes, kPng);
}

TEST(CashBookRulesTest, PhotoNotAnImageIsRefused) {
  errors::FieldErrors fields;
  EXPECT_FALSE(CheckPhoto("%PDF-1.4", "image/jpeg", fields));
  EXPECT_EQ(fields.at("photo"), i18n::kCashPhotoNotImage);
}

TEST(CashBookRulesTest, PhotoLabelledAnotherTypeIsRefused) {
  errors::FieldErrors fields;
  EXPECT_FALSE(CheckPhoto(kJpeg, "image/png", fields));
  EXPECT_EQ(fields.at("photo"), i18n::kCashPhotoTypeMismatch);
}

TEST(CashBookRulesTest, PhotoOverTheLimitIsRefused) {
  std::string at_limit = kJpeg + std::string(kMaxPhotoBytes - kJpeg.size(), 'x');
  errors::FieldErrors fields;
  EXPECT_TRUE(CheckPhoto(at_limit, "image/jpeg", fields));
  EXPECT_TRUE(fields.empty());
  EXPECT_FALSE(CheckPhoto(at_limit + "x", "image/jpeg", fields));
  EXPECT_EQ(fields.at("photo"), i18n::kCashPhotoTooLarge);
}

TEST(CashBookRulesTest, ValidEntryPassesAndEmptyDateIsToday) {
  errors::FieldErrors fields;
  auto entry = CheckEntry(Input("expense", 150000, "", "  token listrik  "), Category("expense"),
                          "2026-03-10", "2026-03-11", fields);
  EXPECT_TRUE(fields.empty());
  EXPECT_EQ(entry.date, "2026-03-10");
  EXPECT_EQ(entry.note, "token listrik");
  EXPECT_EQ(entry.amount, 150000);
}

TEST(CashBookRulesTest, AmountMustBeOneToOneTrillion) {
  for (int64_t amount : {int64_t{0}, int64_t{-5}, kMaxAmount + 1}) {
    errors::FieldErrors fields;
    CheckEntry(Input("expense", amount, "2026-03-01"), Category("expense"), "2026-03-10",
               "2026-03-11", fields);
    EXPECT_EQ(fields.count("amount"), 1u) << amount;
  }
  errors::FieldErrors fields;
  CheckEntry(Input("expense", kMaxAmount, "2026-03-01"), Category("expense"), "2026-03-10",
             "2026-03-11", fields);
  EXPECT_TRUE(fields.empty());
}

TEST(CashBookRulesTest, DateUpToTomorrowOnly) {
  errors::FieldErrors fields;
  CheckEntry(Input("expense", 1, "2026-03-11"), Category("expense"), "2026-03-10", "2026-03-11",
             fields);
  EXPECT_TRUE(fields.empty());
  CheckEntry(Input("expense", 1, "2026-03-12"), Category("expense"), "2026-03-10", "2026-03-11",
             fields);
  EXPECT_EQ(fields.at("date"), i18n::kCashDateTooFar);
  fields.clear();
  CheckEntry(Input("expense", 1, "2026-02-30"), Category("expense"), "2026-03-10", "2026-03-11",
             fields);
  EXPECT_EQ(fields.at("date"), i18n::kInvalidDate);
}

TEST(CashBookRulesTest, CategoryMustExistBeActiveAndMatchTheKind) {
  errors::FieldErrors fields;
  CheckEntry(Input("income", 1, ""), Category("expense"), "2026-03-10", "2026-03-11", fields);
  EXPECT_EQ(fields.at("category_id"), i18n::kCashCategoryKindMismatch);
  fields.clear();
  CheckEntry(Input("expense", 1, ""), Category("expense", false), "2026-03-10", "2026-03-11",
             fields);
  EXPECT_EQ(fields.at("category_id"), i18n::kCashCategoryInactive);
  fields.clear();
  CheckEntry(Input("expense", 1, ""), std::nullopt, "2026-03-10", "2026-03-11", fields);
  EXPECT_EQ(fields.at("category_id"), i18n::kCashCategoryNotFound);
  fields.clear();
  CheckEntry(Input("transfer", 1, ""), Category("expense"), "2026-03-10", "2026-03-11", fields);
  EXPECT_EQ(fields.at("kind"), i18n::kCashInvalidKind);
}

TEST(CashBookRulesTest, NoteIsCountedInCharacters) {
  std::string note;
  for (int i = 0; i < 500; ++i) note += "é";  // 1000 bytes, 500 characters
  errors::FieldErrors fields;
  CheckEntry(Input("expense", 1, "", note), Category("expense"), "2026-03-10", "2026-03-11",
             fields);
  EXPECT_TRUE(fields.empty());
  CheckEntry(Input("expense", 1, "", note + "a"), Category("expense"), "2026-03-10", "2026-03-11",
             fields);
  EXPECT_EQ(fields.at("note"), i18n::kCashNoteTooLong);
}

TEST(CashBookRulesTest, CategoryNameIsTrimmedAndLimited) {
  errors::FieldErrors fields;
  EXPECT_EQ(CheckCategoryName("  Sewa tiang ", fields), "Sewa tiang");
  EXPECT_TRUE(fields.empty());
  CheckCategoryName("   ", fields);
  EXPECT_EQ(fields.at("name"), i18n::kFieldRequired);
  fields.clear();
  CheckCategoryName(std::string(61, 'a'), fields);
  EXPECT_EQ(fields.at("name"), i18n::kCashCategoryNameTooLong);
}

TEST(CashBookRulesTest, ProfitRangeDefaultsToTwelveMonthsAndAllowsAtMostTwentyFour) {
  MonthRange range = ProfitRange("", "", {2026, 3});
  EXPECT_EQ(range.from.ToString(), "2025-04");
  EXPECT_EQ(range.to.ToString(), "2026-03");
  EXPECT_EQ(ProfitRange("2024-04", "2026-03", {2026, 3}).from.ToString(), "2024-04");
  EXPECT_THROW(ProfitRange("2024-03", "2026-03", {2026, 3}), errors::Error);
  EXPECT_THROW(ProfitRange("2026-04", "2026-03", {2026, 3}), errors::Error);
  EXPECT_THROW(ProfitRange("2026-13", "", {2026, 3}), errors::Error);
}

TEST(CashBookRulesTest, ProfitMonthAddsIncomeAndSubtractsExpenses) {
  std::vector<bills::MonthIncome> income = {{"2026-01", 500000, 100000, 0}, {"2026-02", 0, 0, 0}};
  std::map<std::string, CashMonth> cash;
  cash["2026-01"] = {25000, {{3, "Listrik", 200000}, {4, "Pembelian gas", 80000}}};
  v1::ProfitReportReply reply;
  FillProfit(income, cash, &reply);
  ASSERT_EQ(reply.items_size(), 2);
  const auto& january = reply.items(0);
  EXPECT_EQ(january.income(), 625000);
  EXPECT_EQ(january.other_income(), 25000);
  EXPECT_EQ(january.expense(), 280000);
  EXPECT_EQ(january.profit(), 345000);
  ASSERT_EQ(january.expenses_size(), 2);
  EXPECT_EQ(january.expenses(1).name(), "Pembelian gas");
  EXPECT_EQ(reply.items(1).period(), "2026-02");
  EXPECT_EQ(reply.items(1).profit(), 0);
  EXPECT_EQ(reply.items(1).expenses_size(), 0);
}

}  // namespace
}  // namespace billing::cashbook
