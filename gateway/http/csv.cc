// CSV encoding (RFC 4180) with formula-injection protection.
#include "http/csv.h"

namespace billing::gateway {

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

Response CsvWriter::ToResponse(const std::string& filename) const {
  Response response;
  response.body = text_;
  response.content_type = "text/csv; charset=utf-8";
  response.headers["Content-Disposition"] = "attachment; filename=\"" + filename + "\"";
  return response;
}

}  // namespace billing::gateway
