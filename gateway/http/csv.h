// CSV that opens cleanly in Excel and LibreOffice: UTF-8 BOM, quoted cells, CRLF, and cells
// that could run as formulas defused.
#pragma once

#include <string>
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

}  // namespace billing::gateway
