// Excel workbooks (.xlsx) for imports and reports: the first worksheet read into the rows ReadCsv
// gives, and a one-sheet workbook of text cells written.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "http/csv.h"
#include "http/request_context.h"

namespace billing::gateway {

// What one file read may hold. An .xlsx is a zip: a few KB can unpack to gigabytes, so every
// part is read through a cap, whatever size the zip claims for it.
struct XlsxLimits {
  size_t max_rows = 100000;
  size_t max_columns = 64;
  size_t max_cell_bytes = 4096;
  size_t max_part_bytes = 64 * 1024 * 1024;  // unpacked bytes of any one part read
  size_t max_entries = 10000;                // files in the zip
};

// Reads the first worksheet (the first tab: workbook.xml's first <sheet>, found through
// xl/_rels/workbook.xml.rels, else xl/worksheets/sheet1.xml) into rows as ReadCsv gives them:
// `number` is the row number Excel shows, cells[0] is column A, columns without a cell in
// between are "", and a row ends at its last cell with a value. Rows with no value are left out.
// A cell reads as the text Excel stores: shared and inline strings (rich text runs joined),
// booleans as "1"/"0", errors (#N/A) as "", a formula as its last computed value (never
// evaluated; "" when the file has none), numbers as written except that a whole number within
// 1e15 reads as plain digits ("1.5E+5" -> "150000"; Excel keeps 15 significant digits, so
// "150000.00000000003" -> "150000" too). Styles are not read: a date reads as its serial number
// ("45292" for 2024-01-01), a number formatted as text as its text.
// Memory stays a small multiple of max_part_bytes whatever the file: one part is unpacked at a
// time through its cap, its XML parsed one row (or shared string) at a time, a row's XML over
// max_columns * max_cell_bytes * 8 + 1 MB refused unparsed, and all cell text together held to
// max_part_bytes (one long shared string shown in every cell).
// Throws errors::InvalidArgument with an Indonesian message (naming the row where there is one)
// for what is not a readable .xlsx: not a zip, a corrupt zip or part, a password-protected
// workbook or an old .xls, no worksheet, a part unpacking past max_part_bytes, invalid UTF-8,
// more than the limits.
std::vector<CsvRow> ReadXlsx(std::string_view bytes, const XlsxLimits& limits = {});

// Whether `bytes` start as a zip does (PK\3\4): an upload to read with ReadXlsx, not ReadCsv.
bool LooksLikeZip(std::string_view bytes);

// A workbook of one sheet named `sheet_name` (characters Excel refuses in a sheet name dropped,
// cut to 31): `header` in bold in row 1, then `rows`. Every cell is a text cell, never a formula
// or a number, so "=1+1" and "0812..." stay as written; empty cells are left out. Text is UTF-8;
// control characters XML cannot hold are dropped. Returns the .xlsx file.
std::string WriteXlsx(const std::string& sheet_name, const std::vector<std::string>& header,
                      const std::vector<std::vector<std::string>>& rows);

// A download response of WriteXlsx's `bytes` named `filename`.
Response XlsxResponse(std::string bytes, const std::string& filename);

}  // namespace billing::gateway
