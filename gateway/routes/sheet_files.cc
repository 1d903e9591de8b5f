// Spreadsheet uploads and downloads; see sheet_files.h.
#include "routes/sheet_files.h"

#include "errors/error.h"
#include "http/xlsx.h"
#include "i18n/messages.h"

namespace billing::gateway {

SheetFormat FormatOf(const RequestContext& ctx) {
  std::string format = ctx.Query("format");
  if (format.empty() || format == "csv") return SheetFormat::kCsv;
  if (format == "xlsx") return SheetFormat::kXlsx;
  throw errors::InvalidArgument(i18n::kValidationFailed, {{"format", i18n::kInvalidChoice}});
}

Response Download(SheetFormat format, const std::vector<std::string>& header,
                  const std::vector<std::vector<std::string>>& rows, const std::string& name) {
  Response response;
  if (format == SheetFormat::kXlsx) {
    response = XlsxResponse(WriteXlsx(name, header, rows), name + ".xlsx");
  } else {
    CsvWriter writer(header);
    for (const auto& row : rows) writer.Row(row);
    response = writer.ToResponse(name + ".csv");
  }
  response.headers["Cache-Control"] = "no-store";
  return response;
}

std::vector<CsvRow> ReadSpreadsheet(const std::string& file) {
  // An old .xls or a password-protected .xlsx is an OLE compound file: ReadXlsx names which.
  bool ole = file.size() >= 8 && file.compare(0, 4, "\xD0\xCF\x11\xE0") == 0;
  if (LooksLikeZip(file) || ole) return ReadXlsx(file);
  try {
    return ReadCsv(file);
  } catch (const errors::Error&) {
    if (file.find('\0') != std::string::npos) {
      throw errors::InvalidArgument(i18n::kSheetNotSpreadsheet);
    }
    throw;
  }
}

}  // namespace billing::gateway
