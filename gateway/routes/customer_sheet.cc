// Customer spreadsheet columns and cells; see customer_sheet.h.
#include "routes/customer_sheet.h"

#include <array>
#include <chrono>
#include <cstdio>

#include "domain/text.h"
#include "errors/error.h"
#include "events/outbox.h"
#include "i18n/messages.h"

namespace billing::gateway {
namespace {

struct Column {
  const char* field;                 // the import row's field (customer_import's column names)
  const char* title;                 // the template's title
  std::vector<std::string> aliases;  // other names, folded (Fold)
};

// The template's columns in order; the export writes the same.
const std::vector<Column>& Columns() {
  static const auto* kColumns = new std::vector<Column>{
      {"name", i18n::kSheetName, {"namapelanggan", "name"}},
      {"type", i18n::kSheetType, {"tipe", "type", "jenispelanggan"}},
      {"phone",
       i18n::kSheetPhone,
       {"telp", "notelp", "nohp", "hp", "nowa", "whatsapp", "nowhatsapp", "phone", "telepon"}},
      {"address", i18n::kSheetAddress, {"address"}},
      {"package_name", i18n::kSheetPackage, {"package", "namapaket", "profile"}},
      {"package_price", i18n::kSheetPackagePrice, {"packageprice"}},
      {"monthly_fee", i18n::kSheetMonthlyFee, {"iuran", "tarif", "iuranbulanan", "monthlyfee"}},
      {"pppoe_username", i18n::kSheetPppoeUsername, {"username", "user", "pppoeusername"}},
      {"pppoe_password", i18n::kSheetPppoePassword, {"password", "pppoepassword"}},
      {"due_day", i18n::kSheetDueDay, {"jatuhtempo", "tgljatuhtempo", "dueday"}},
      {"status", i18n::kSheetStatus, {}},
      {"notes", i18n::kSheetNotes, {"keterangan", "notes", "catatan"}},
      {"installed_at", i18n::kSheetInstalledAt, {"tglpasang", "tanggalpemasangan", "installedat"}},
      {"gas_price", i18n::kSheetGasPrice, {"gasprice"}},
      {"arrears", i18n::kSheetArrears, {"periodetertunggak", "arrears"}},
  };
  return *kColumns;
}

// A title folded for matching: ASCII letters lower-cased, digits kept, everything else dropped.
std::string Fold(const std::string& title) {
  std::string out;
  for (char c : title) {
    if (c >= 'A' && c <= 'Z') out.push_back(static_cast<char>(c - 'A' + 'a'));
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out.push_back(c);
  }
  return out;
}

const Column* ColumnNamed(const std::string& title) {
  std::string folded = Fold(title);
  if (folded.empty()) return nullptr;
  for (const auto& column : Columns()) {
    if (Fold(column.title) == folded) return &column;
    for (const auto& alias : column.aliases) {
      if (alias == folded) return &column;
    }
  }
  return nullptr;
}

// Undoes the mark CsvCell puts before a cell a spreadsheet would run as a formula.
std::string Undefused(const std::string& text) {
  if (text.size() > 1 && text[0] == '\'' &&
      std::string("=+-@").find(text[1]) != std::string::npos) {
    return text.substr(1);
  }
  return text;
}

std::string CellText(const std::string& raw) { return Undefused(domain::Trim(raw)); }

bool AllDigits(const std::string& text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
}

// A whole number written as Excel may store it: "10", "10.0", "10,00" (one or two zero
// decimals; three digits after the mark are a thousands group, not decimals).
std::optional<int64_t> WholeNumber(const std::string& text) {
  std::string digits = text;
  size_t mark = digits.find_last_of(".,");
  if (mark != std::string::npos && mark > 0 && digits.size() - mark <= 3 &&
      digits.size() - mark >= 2 && digits.find_first_not_of('0', mark + 1) == std::string::npos) {
    digits = digits.substr(0, mark);
  }
  if (!AllDigits(digits) || digits.size() > 12) return std::nullopt;
  return std::stoll(digits);
}

customer::v1::CustomerType TypeOf(const std::string& text) {
  std::string word = Fold(text);
  if (word.empty() || word == "internet" || word == "pppoe")
    return customer::v1::CUSTOMER_TYPE_INTERNET;
  if (word == "gas" || word == "lpg" || word == "gaslpg") return customer::v1::CUSTOMER_TYPE_GAS;
  return customer::v1::CUSTOMER_TYPE_UNSPECIFIED;
}

customer::v1::CustomerStatus StatusOf(const std::string& text) {
  std::string word = Fold(text);
  if (word == "aktif" || word == "active") return customer::v1::CUSTOMER_STATUS_ACTIVE;
  if (word == "isolir" || word == "terisolir" || word == "diisolir" || word == "isolated") {
    return customer::v1::CUSTOMER_STATUS_ISOLATED;
  }
  if (word == "nonaktif" || word == "tidakaktif" || word == "berhenti" || word == "inactive") {
    return customer::v1::CUSTOMER_STATUS_INACTIVE;
  }
  return customer::v1::CUSTOMER_STATUS_UNSPECIFIED;
}

std::string Pad(int value, int width) {
  std::string text = std::to_string(value);
  return std::string(static_cast<size_t>(std::max(0, width - static_cast<int>(text.size()))), '0') +
         text;
}

// Excel's day number (1900 date system; from 61 on, days after 1899-12-30).
std::optional<std::chrono::year_month_day> FromSerial(const std::string& text) {
  auto serial = WholeNumber(text);
  if (!serial || *serial < 61 || *serial > 2958465) return std::nullopt;
  using namespace std::chrono;
  return year_month_day{sys_days{year{1899} / December / 30} + days{*serial}};
}

// "31/01/2026", "31-01-2026", "2026-01-31", "2026/01/31": day, month, year; nullopt otherwise.
std::optional<std::chrono::year_month_day> FromText(const std::string& text) {
  int a = 0;
  int b = 0;
  int c = 0;
  char s1 = 0;
  char s2 = 0;
  std::array<char, 2> rest{};
  if (std::sscanf(text.c_str(), "%d%c%d%c%d%1s", &a, &s1, &b, &s2, &c, rest.data()) != 5 ||
      s1 != s2 || (s1 != '-' && s1 != '/' && s1 != '.')) {
    return std::nullopt;
  }
  using namespace std::chrono;
  year_month_day date =
      a > 31 ? year{a} / month{static_cast<unsigned>(b)} / day{static_cast<unsigned>(c)}
             : year{c} / month{static_cast<unsigned>(b)} / day{static_cast<unsigned>(a)};
  if (!date.ok()) return std::nullopt;
  return date;
}

std::string DateText(const std::chrono::year_month_day& date) {
  return Pad(static_cast<int>(date.year()), 4) + "-" +
         Pad(static_cast<int>(static_cast<unsigned>(date.month())), 2) + "-" +
         Pad(static_cast<int>(static_cast<unsigned>(date.day())), 2);
}

// One period of a Tunggakan cell: "2026-09", "2026/09", "09/2026", "09-2026", a date, or an
// Excel day number (a cell typed as 2026-09 that Excel took for a date). Anything else stays as
// written, for the customer service to refuse by name.
std::string PeriodText(const std::string& token) {
  if (auto date = FromSerial(token)) return DateText(*date).substr(0, 7);
  if (auto date = FromText(token)) return DateText(*date).substr(0, 7);
  int a = 0;
  int b = 0;
  char sep = 0;
  std::array<char, 2> rest{};
  if (std::sscanf(token.c_str(), "%d%c%d%1s", &a, &sep, &b, rest.data()) == 3 &&
      (sep == '-' || sep == '/')) {
    int year = a > 12 ? a : b;
    int month = a > 12 ? b : a;
    if (year >= 1000 && year <= 9999 && month >= 1 && month <= 12) {
      return Pad(year, 4) + "-" + Pad(month, 2);
    }
  }
  return token;
}

std::vector<std::string> Periods(const std::string& text) {
  std::vector<std::string> periods;
  std::string token;
  auto flush = [&] {
    if (!token.empty()) periods.push_back(PeriodText(token));
    token.clear();
  };
  for (char c : text) {
    if (c == ';' || c == ',' || c == ' ' || c == '\n' || c == '\r' || c == '\t') {
      flush();
    } else {
      token.push_back(c);
    }
  }
  flush();
  return periods;
}

std::string LocalPhone(const std::string& stored) {
  return stored.rfind("62", 0) == 0 ? "0" + stored.substr(2) : stored;
}

}  // namespace

const std::vector<std::string>& CustomerSheetTitles() {
  static const auto* kTitles = [] {
    auto* titles = new std::vector<std::string>;
    for (const auto& column : Columns()) titles->push_back(column.title);
    return titles;
  }();
  return *kTitles;
}

std::string CustomerSheet::TitleOf(const std::string& field) const {
  if (auto at = field_columns.find(field); at != field_columns.end()) return header[at->second];
  for (const auto& column : Columns()) {
    if (field == column.field) return column.title;
  }
  return field;
}

std::optional<int64_t> ParseRupiahCell(const std::string& raw) {
  std::string trimmed = domain::Trim(raw);
  if (domain::LowerAscii(trimmed).rfind("rp", 0) == 0) trimmed = domain::Trim(trimmed.substr(2));
  if (trimmed.empty()) return std::nullopt;
  if (auto whole = WholeNumber(trimmed)) return whole;
  // Thousands grouped by '.' or ',' (groups of three digits after the first).
  char separator = trimmed.find('.') != std::string::npos ? '.' : ',';
  std::string digits;
  size_t group = 0;
  bool first = true;
  for (size_t i = 0; i <= trimmed.size(); ++i) {
    if (i == trimmed.size() || trimmed[i] == separator) {
      if (group == 0 || group > 3 || (!first && group != 3)) return std::nullopt;
      first = false;
      group = 0;
      continue;
    }
    if (trimmed[i] < '0' || trimmed[i] > '9') return std::nullopt;
    digits.push_back(trimmed[i]);
    ++group;
  }
  if (digits.empty() || digits.size() > 12) return std::nullopt;
  return std::stoll(digits);
}

std::optional<std::string> ParseDateCell(const std::string& raw) {
  std::string text = domain::Trim(raw);
  if (auto date = FromSerial(text)) return DateText(*date);
  if (auto date = FromText(text)) return DateText(*date);
  return std::nullopt;
}

CustomerSheet ReadCustomerSheet(const std::vector<CsvRow>& rows) {
  if (rows.empty()) throw errors::InvalidArgument(i18n::kSheetEmpty);
  CustomerSheet sheet;
  sheet.header = rows.front().cells;
  std::vector<const Column*> columns;
  for (size_t i = 0; i < sheet.header.size(); ++i) {
    const Column* column = ColumnNamed(sheet.header[i]);
    columns.push_back(column);
    if (column == nullptr) continue;
    if (!sheet.field_columns.emplace(column->field, i).second) {
      throw errors::InvalidArgument(
          events::FormatSummary(i18n::kSheetColumnTwice, {{"kolom", column->title}}));
    }
  }
  if (!sheet.field_columns.contains("name")) throw errors::InvalidArgument(i18n::kSheetNoName);
  if (rows.size() == 1) throw errors::InvalidArgument(i18n::kSheetEmpty);

  for (size_t r = 1; r < rows.size(); ++r) {
    const CsvRow& source = rows[r];
    auto row_number = static_cast<int32_t>(source.number);
    sheet.cells[row_number] = source.cells;
    customer::v1::ImportRow row;
    row.set_row(row_number);
    customer::v1::CustomerInput& input = *row.mutable_input();
    input.set_type(customer::v1::CUSTOMER_TYPE_INTERNET);
    auto issue = [&](const Column& column, const char* message) {
      sheet.issues.push_back({row_number, sheet.TitleOf(column.field), message});
    };
    for (size_t i = 0; i < columns.size() && i < source.cells.size(); ++i) {
      const Column* column = columns[i];
      std::string text = CellText(source.cells[i]);
      if (column == nullptr || text.empty()) continue;
      std::string field = column->field;
      if (field == "name") {
        input.set_name(text);
      } else if (field == "type") {
        input.set_type(TypeOf(text));
      } else if (field == "phone") {
        input.set_phone(text);
      } else if (field == "address") {
        input.set_address(text);
      } else if (field == "package_name") {
        row.set_package_name(text);
      } else if (field == "pppoe_username") {
        input.set_pppoe_username(text);
      } else if (field == "pppoe_password") {
        input.set_pppoe_password(Undefused(source.cells[i]));  // spaces may belong to it
      } else if (field == "status") {
        input.set_status(StatusOf(text));
      } else if (field == "notes") {
        input.set_notes(text);
      } else if (field == "arrears") {
        for (auto& period : Periods(text)) row.add_arrears(period);
      } else if (field == "due_day") {
        auto day = WholeNumber(text);
        if (!day || *day < 1 || *day > 28) {
          issue(*column, i18n::kDueDayRange);
        } else {
          input.set_due_day(static_cast<int32_t>(*day));
        }
      } else if (field == "installed_at") {
        auto date = ParseDateCell(text);
        if (date) {
          input.set_installed_at(*date);
        } else {
          issue(*column, i18n::kSheetNotDate);
        }
      } else {
        auto amount = ParseRupiahCell(text);
        if (!amount) {
          issue(*column, i18n::kSheetNotRupiah);
        } else if (field == "package_price") {
          row.set_package_price(*amount);
        } else if (field == "monthly_fee") {
          input.set_monthly_fee(*amount);
        } else if (field == "gas_price") {
          input.set_gas_price(*amount);
        }
      }
    }
    sheet.rows.push_back(std::move(row));
  }
  return sheet;
}

std::vector<std::string> CustomerSheetRow(const customer::v1::Customer& customer,
                                          int64_t package_price,
                                          const std::vector<std::string>& arrears,
                                          bool with_password) {
  bool internet = customer.type() == customer::v1::CUSTOMER_TYPE_INTERNET;
  std::string status =
      customer.status() == customer::v1::CUSTOMER_STATUS_ISOLATED   ? i18n::kSheetStatusIsolated
      : customer.status() == customer::v1::CUSTOMER_STATUS_INACTIVE ? i18n::kSheetStatusInactive
                                                                    : i18n::kSheetStatusActive;
  std::string periods;
  for (const auto& period : arrears) periods += (periods.empty() ? "" : ";") + period;
  auto money = [](int64_t amount) { return amount == 0 ? std::string() : std::to_string(amount); };
  return {customer.name(),
          internet ? "internet" : "gas",
          LocalPhone(customer.phone()),
          customer.address(),
          customer.package_name(),
          internet ? std::to_string(package_price) : "",
          internet ? std::to_string(customer.monthly_fee()) : "",
          customer.pppoe_username(),
          with_password ? customer.pppoe_password() : "",
          std::to_string(customer.due_day()),
          status,
          customer.notes(),
          customer.installed_at(),
          money(customer.gas_price()),
          periods};
}

}  // namespace billing::gateway
