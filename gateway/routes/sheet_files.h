// Spreadsheet files over HTTP: an uploaded .xlsx or CSV read into rows, and rows sent back as
// a CSV or .xlsx download (?format=csv|xlsx).
#pragma once

#include <string>
#include <vector>

#include "http/csv.h"
#include "http/request_context.h"

namespace billing::gateway {

enum class SheetFormat { kCsv, kXlsx };

// ?format=: csv (the default) or xlsx; anything else is a 400.
SheetFormat FormatOf(const RequestContext& ctx);

// A download named `name` + ".csv" / ".xlsx", never cached.
Response Download(SheetFormat format, const std::vector<std::string>& header,
                  const std::vector<std::vector<std::string>>& rows, const std::string& name);

// An .xlsx (a zip) or a CSV; anything else (an old .xls, a protected workbook, an image, ...)
// is refused with what the file must be.
std::vector<CsvRow> ReadSpreadsheet(const std::string& file);

}  // namespace billing::gateway
