// CSV encoding (RFC 4180) with formula-injection protection, and its reading.
#include "http/csv.h"

#include <algorithm>
#include <map>
#include <utility>

#include "errors/error.h"
#include "events/outbox.h"
#include "http/utf8.h"
#include "i18n/messages.h"

namespace billing::gateway {
namespace {

[[noreturn]] void Refuse(const char* message, const std::map<std::string, std::string>& values) {
  throw errors::InvalidArgument(events::FormatSummary(message, values));
}

// ';' when the first row has more of them than ',' outside quotes (Excel set to Indonesian
// writes ';', since ',' is its decimal mark), else ','.
char SeparatorOf(std::string_view text) {
  size_t commas = 0;
  size_t semicolons = 0;
  bool quoted = false;
  for (char c : text) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n' || c == '\r') break;
    if (c == ',') ++commas;
    if (c == ';') ++semicolons;
  }
  return semicolons > commas ? ';' : ',';
}

}  // namespace

std::string CsvCell(const std::string& value) {
  std::string cell = value;
  // A leading = + - @ would make a spreadsheet evaluate the cell; numbers stay numbers.
  bool numeric = !cell.empty() && cell.find_first_not_of("-0123456789") == std::string::npos &&
                 cell.find('-', 1) == std::string::npos;
  if (!cell.empty() && !numeric && std::string("=+-@\t\r").find(cell[0]) != std::string::npos) {
    cell = "'" + cell;
  }
  std::string quoted = "\"";
  for (char c : cell) {
    if (c == '"') quoted.push_back('"');
    quoted.push_back(c);
  }
  return quoted + "\"";
}

CsvWriter::CsvWriter(const std::vector<std::string>& header) : text_("\xEF\xBB\xBF") {
  Row(header);
}

void CsvWriter::Row(const std::vector<std::string>& cells) {
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) text_ += ',';
    text_ += CsvCell(cells[i]);
  }
  text_ += "\r\n";
}

Response DownloadResponse(std::string body, std::string content_type, const std::string& filename) {
  Response response;
  response.body = std::move(body);
  response.content_type = std::move(content_type);
  response.headers["Content-Disposition"] = "attachment; filename=\"" + filename + "\"";
  return response;
}

Response CsvWriter::ToResponse(const std::string& filename) const {
  return DownloadResponse(text_, "text/csv; charset=utf-8", filename);
}

std::vector<CsvRow> ReadCsv(std::string_view text, const CsvLimits& limits) {
  static constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());
  if (text.find('\0') != std::string_view::npos || !IsValidUtf8(text)) {
    throw errors::InvalidArgument(i18n::kCsvNotText);
  }
  const char separator = SeparatorOf(text);
  std::vector<CsvRow> rows;
  CsvRow row;
  std::string cell;
  size_t number = 1;       // the row being read
  bool in_quotes = false;  // inside a quoted cell
  bool closed = false;     // after a quoted cell's closing quote
  bool any = false;        // the row has a character (an empty line is no row)
  auto row_text = [&] { return std::to_string(number); };
  auto end_cell = [&] {
    if (row.cells.size() >= limits.max_columns) {
      Refuse(i18n::kCsvTooManyColumns,
             {{"baris", row_text()}, {"kolom", std::to_string(limits.max_columns)}});
    }
    row.cells.push_back(std::move(cell));
    cell.clear();
    closed = false;
  };
  auto end_row = [&] {
    if (any) end_cell();
    bool blank = std::all_of(row.cells.begin(), row.cells.end(),
                             [](const std::string& value) { return value.empty(); });
    if (!blank) {
      if (rows.size() >= limits.max_rows) {
        Refuse(i18n::kCsvTooManyRows, {{"baris", std::to_string(limits.max_rows)}});
      }
      row.number = number;
      rows.push_back(std::move(row));
    }
    row = CsvRow();
    cell.clear();
    closed = false;
    any = false;
    ++number;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_quotes) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell.push_back('"');
        ++i;
      } else if (c == '"') {
        in_quotes = false;
        closed = true;
      } else {
        cell.push_back(c);
      }
    } else if (c == separator) {
      any = true;
      end_cell();
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_row();
      continue;
    } else if (closed) {
      Refuse(i18n::kCsvTextAfterQuote, {{"baris", row_text()}});
    } else if (c == '"' && cell.empty()) {
      in_quotes = true;
      any = true;
    } else {
      cell.push_back(c);  // a quote inside an unquoted cell is kept, as Excel does
      any = true;
    }
    if (cell.size() > limits.max_cell_bytes) {
      Refuse(i18n::kCsvCellTooLong,
             {{"baris", row_text()}, {"batas", std::to_string(limits.max_cell_bytes)}});
    }
  }
  if (in_quotes) Refuse(i18n::kCsvUnclosedQuote, {{"baris", row_text()}});
  end_row();
  return rows;
}

}  // namespace billing::gateway
