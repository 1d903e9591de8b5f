// The customer spreadsheet: the columns of the import template and the export (the same, so an
// export imports back unchanged), reading a sheet's rows into import rows and writing a
// customer as a row. Titles, words and messages are Indonesian (i18n/messages.h).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "customer.pb.h"
#include "http/csv.h"

namespace billing::gateway {

struct SheetIssue {
  int32_t row = 0;
  std::string column;  // the column's title as in the file (or the template's)
  std::string message;
};

struct CustomerSheet {
  std::vector<std::string> header;  // the file's header row
  std::vector<customer::v1::ImportRow> rows;
  std::vector<SheetIssue> issues;  // cells that could not be read as their column's kind
  std::map<int32_t, std::vector<std::string>> cells;  // every row's cells, by row number
  // A row may leave the phone empty ("nomor HP belum diisi"): adoption from a router only.
  bool phone_may_wait = false;

  // The title a field's column has in this file (the template's when the file has none).
  std::string TitleOf(const std::string& field) const;

  std::map<std::string, size_t> field_columns;  // field name -> index in `header`
};

// The template's titles, in order.
const std::vector<std::string>& CustomerSheetTitles();

// The first row is the header: titles matched ignoring case, spaces and punctuation, with the
// usual other names ("No HP", "Username", ...); unknown columns are left alone. Throws
// errors::InvalidArgument for a sheet without rows, without a Nama column, or naming a column
// twice.
CustomerSheet ReadCustomerSheet(const std::vector<CsvRow>& rows);

// A customer as a template row; `arrears` are its unpaid periods, the password only when
// `with_password`.
std::vector<std::string> CustomerSheetRow(const customer::v1::Customer& customer,
                                          int64_t package_price,
                                          const std::vector<std::string>& arrears,
                                          bool with_password);

// Rupiah as a spreadsheet holds it: "150000", "150.000", "Rp 150.000", "150,000", "150000.0".
std::optional<int64_t> ParseRupiahCell(const std::string& text);
// A date cell: "2026-01-31", "31/01/2026", "31-01-2026" or an Excel serial day number; nullopt
// for anything else.
std::optional<std::string> ParseDateCell(const std::string& text);

}  // namespace billing::gateway
