// The customer spreadsheet: header titles and their other names, cells read as their column's
// kind (Rupiah, dates, Excel day numbers, periods), and a customer written back as a row that
// reads the same.
#include "routes/customer_sheet.h"

#include <gtest/gtest.h>

#include "errors/error.h"
#include "i18n/messages.h"

namespace billing::gateway {
namespace {

std::vector<CsvRow> Sheet(const std::vector<std::vector<std::string>>& rows) {
  std::vector<CsvRow> out;
  for (size_t i = 0; i < rows.size(); ++i) out.push_back({i + 1, rows[i]});
  return out;
}

TEST(ParseRupiahCellTest, ReadsTheWaysSpreadsheetsHoldMoney) {
  EXPECT_EQ(ParseRupiahCell("150000"), 150000);
  EXPECT_EQ(ParseRupiahCell("150.000"), 150000);
  EXPECT_EQ(ParseRupiahCell("Rp 1.250.000"), 1250000);
  EXPECT_EQ(ParseRupiahCell("rp150,000"), 150000);
  EXPECT_EQ(ParseRupiahCell("150000.0"), 150000);
  EXPECT_EQ(ParseRupiahCell("0"), 0);
  EXPECT_EQ(ParseRupiahCell("150000,00"), 150000);
  EXPECT_EQ(ParseRupiahCell("150.50"), std::nullopt) << "no cents in Rupiah";
  EXPECT_EQ(ParseRupiahCell("seratus"), std::nullopt);
  EXPECT_EQ(ParseRupiahCell("-5000"), std::nullopt);
  EXPECT_EQ(ParseRupiahCell("1.5E+5"), std::nullopt);
  EXPECT_EQ(ParseRupiahCell("9999999999999"), std::nullopt);
}

TEST(ParseDateCellTest, ReadsIsoIndonesianAndExcelDayNumbers) {
  EXPECT_EQ(ParseDateCell("2026-01-31"), "2026-01-31");
  EXPECT_EQ(ParseDateCell("31/01/2026"), "2026-01-31");
  EXPECT_EQ(ParseDateCell("1-2-2025"), "2025-02-01");
  EXPECT_EQ(ParseDateCell("46023"), "2026-01-01");  // Excel's day number of 2026-01-01
  EXPECT_EQ(ParseDateCell("31/02/2026"), std::nullopt);
  EXPECT_EQ(ParseDateCell("kemarin"), std::nullopt);
}

TEST(ReadCustomerSheetTest, TitlesMatchIgnoringCaseSpacesAndOtherNames) {
  CustomerSheet sheet = ReadCustomerSheet(
      Sheet({{"NAMA", "No. HP", "username", "Jatuh Tempo", "kolom lain", "Tunggakan"},
             {"Budi", "0812 3456 7890", "budi", "15", "abaikan", "2026-09; 10/2026, 46296"}}));
  ASSERT_EQ(sheet.rows.size(), 1u);
  const auto& row = sheet.rows[0];
  EXPECT_EQ(row.row(), 2);
  EXPECT_EQ(row.input().name(), "Budi");
  EXPECT_EQ(row.input().phone(), "0812 3456 7890");
  EXPECT_EQ(row.input().pppoe_username(), "budi");
  EXPECT_EQ(row.input().due_day(), 15);
  EXPECT_EQ(row.input().type(), customer::v1::CUSTOMER_TYPE_INTERNET);
  ASSERT_EQ(row.arrears_size(), 3);
  EXPECT_EQ(row.arrears(0), "2026-09");
  EXPECT_EQ(row.arrears(1), "2026-10");
  EXPECT_EQ(row.arrears(2), "2026-10");  // 46296: a cell typed 2026-10 that Excel made a date
  EXPECT_EQ(sheet.TitleOf("phone"), "No. HP");
  EXPECT_EQ(sheet.TitleOf("address"), i18n::kSheetAddress);
  EXPECT_TRUE(sheet.issues.empty());
}

TEST(ReadCustomerSheetTest, CellsOfTheWrongKindBecomeIssuesNamingTheFilesTitle) {
  CustomerSheet sheet =
      ReadCustomerSheet(Sheet({{"Nama", "Biaya", "Jatuh Tempo", "Tgl Pasang", "Jenis", "Status"},
                               {"Budi", "mahal", "40", "besok", "kabel", "libur"}}));
  ASSERT_EQ(sheet.issues.size(), 2u);  // "Biaya" is no known title: left alone
  EXPECT_EQ(sheet.issues[0].column, "Jatuh Tempo");
  EXPECT_EQ(sheet.issues[1].column, "Tgl Pasang");
  EXPECT_EQ(sheet.rows[0].input().type(), customer::v1::CUSTOMER_TYPE_UNSPECIFIED);
  EXPECT_EQ(sheet.rows[0].input().status(), customer::v1::CUSTOMER_STATUS_UNSPECIFIED);
}

TEST(ReadCustomerSheetTest, RefusesSheetsWithoutNamesOrRowsOrWithAColumnTwice) {
  EXPECT_THROW(ReadCustomerSheet({}), errors::Error);
  EXPECT_THROW(ReadCustomerSheet(Sheet({{"Nama", "Telepon"}})), errors::Error);
  EXPECT_THROW(ReadCustomerSheet(Sheet({{"Telepon"}, {"0812"}})), errors::Error);
  EXPECT_THROW(ReadCustomerSheet(Sheet({{"Nama", "nama"}, {"a", "b"}})), errors::Error);
}

TEST(CustomerSheetRowTest, ACustomerWrittenAsARowReadsBackTheSame) {
  customer::v1::Customer customer;
  customer.set_type(customer::v1::CUSTOMER_TYPE_INTERNET);
  customer.set_name("=1+1 Budi");
  customer.set_phone("6281234567890");
  customer.set_package_name("Paket 10M");
  customer.set_monthly_fee(120000);
  customer.set_pppoe_username("budi");
  customer.set_pppoe_password(" spasi ");
  customer.set_due_day(5);
  customer.set_status(customer::v1::CUSTOMER_STATUS_ISOLATED);
  customer.set_installed_at("2025-03-01");
  std::vector<std::string> cells = CustomerSheetRow(customer, 150000, {"2026-09", "2026-10"}, true);
  ASSERT_EQ(cells.size(), CustomerSheetTitles().size());
  EXPECT_EQ(cells[2], "081234567890");
  EXPECT_EQ(cells[14], "2026-09;2026-10");
  EXPECT_EQ(CustomerSheetRow(customer, 150000, {}, false)[8], "") << "no password unless asked";

  // As a CSV export would hand it over: the formula mark in front of the name.
  cells[0] = "'" + cells[0];
  CustomerSheet sheet = ReadCustomerSheet(Sheet({CustomerSheetTitles(), cells}));
  ASSERT_TRUE(sheet.issues.empty());
  const auto& row = sheet.rows[0];
  EXPECT_EQ(row.input().name(), "=1+1 Budi");
  EXPECT_EQ(row.input().pppoe_password(), " spasi ");
  EXPECT_EQ(row.input().monthly_fee(), 120000);
  EXPECT_EQ(row.package_price(), 150000);
  EXPECT_EQ(row.input().status(), customer::v1::CUSTOMER_STATUS_ISOLATED);
  EXPECT_EQ(row.input().installed_at(), "2025-03-01");
  EXPECT_EQ(row.arrears_size(), 2);
}

}  // namespace
}  // namespace billing::gateway
