// CSV that opens cleanly in Excel and LibreOffice: UTF-8 BOM, quoted cells, CRLF, and cells
// that could run as formulas defused. And CSV read as they write it (imports).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "http/request_context.h"

namespace billing::gateway {

class CsvWriter final {
 public:
  explicit CsvWriter(const std::vector<std::string>& header);
  void Row(const std::vector<std::string>& cells);
  // A download response named `filename`.
  Response ToResponse(const std::string& filename) const;

 private:
  std::string text_;
};

std::string CsvCell(const std::string& value);

// A file download: `body` as `content_type`, saved by the browser as `filename` (CSV and .xlsx).
Response DownloadResponse(std::string body, std::string content_type, const std::string& filename);

// What one file read may hold.
struct CsvLimits {
  size_t max_rows = 100000;
  size_t max_columns = 64;
  size_t max_cell_bytes = 4096;
};

// A record and its row number as a spreadsheet shows it (1 = the first line; a quoted cell's
// line breaks stay inside its row).
struct CsvRow {
  size_t number = 0;
  std::vector<std::string> cells;
};

// Reads CSV as Indonesian Excel and LibreOffice write it: UTF-8 with or without a BOM; cells
// separated by ';' or ',' (whichever the first row has more of outside quotes); CRLF, LF or CR
// line ends; quoted cells with "" for a quote and line breaks inside. Rows with no text in any
// cell are left out (the numbers of the rows after them stay as the spreadsheet shows them). Throws
// errors::InvalidArgument with an Indonesian message naming the row for what is not CSV: text
// that is not UTF-8 or holds NUL bytes, an unclosed quote, text after a closing quote, more
// than the limits.
std::vector<CsvRow> ReadCsv(std::string_view text, const CsvLimits& limits = {});

}  // namespace billing::gateway
