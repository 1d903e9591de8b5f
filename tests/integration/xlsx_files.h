// Spreadsheet files the import tests send: zips built in memory (zip bombs among them) and
// minimal workbooks whose sheet XML the test writes itself (formulas, entities, ...).
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace billing::testing {

// A zip archive of (name, content) entries, deflated, built in memory.
std::string Zip(const std::vector<std::pair<std::string, std::string>>& entries);
// A minimal .xlsx whose first sheet's <sheetData> holds `sheet_data`, plus `extra` parts
// (e.g. xl/sharedStrings.xml).
std::string Workbook(const std::string& sheet_data,
                     const std::vector<std::pair<std::string, std::string>>& extra = {});
// <c r="ref" t="inlineStr"><is><t>text</t></is></c>
std::string InlineCell(const std::string& ref, const std::string& text);

}  // namespace billing::testing
