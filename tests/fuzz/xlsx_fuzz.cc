// libFuzzer target: the .xlsx reader of the customer import (any uploaded file reaches it). Any
// bytes, read as the upload and as the XML of a worksheet (and its shared strings after \x1D)
// in an otherwise valid workbook, either read as rows within the limits or end in the one error
// type, invalid_argument: never a crash, a leak or a hang. (Mutated zip bytes mostly end at the
// zip's CRC check; the second reading reaches the XML.) And whatever text the writer is given,
// what it writes reads back as that text, less what XML cannot hold.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <zip.h>

#include "errors/error.h"
#include "http/utf8.h"
#include "http/xlsx.h"

namespace billing::events {

// The part of outbox.cc the readers' messages use, without the PostgreSQL the rest brings.
std::string FormatSummary(const std::string& text,
                          const std::map<std::string, std::string>& values) {
  std::string out = text;
  for (const auto& [name, value] : values) {
    const std::string placeholder = "{" + name + "}";
    for (size_t at = out.find(placeholder); at != std::string::npos; at = out.find(placeholder)) {
      out.replace(at, placeholder.size(), value);
    }
  }
  return out;
}

}  // namespace billing::events

namespace {

namespace gw = billing::gateway;

// A zip of `entries` (name, content), stored: deflating would only slow the runs.
std::string ZipOf(const std::vector<std::pair<std::string, std::string>>& entries) {
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, nullptr);
  zip_source_keep(buffer);
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, nullptr);
  if (archive == nullptr) std::abort();
  for (const auto& [name, content] : entries) {
    zip_source_t* data = zip_source_buffer(archive, content.data(), content.size(), 0);
    const zip_int64_t index = zip_file_add(archive, name.c_str(), data, 0);
    if (index < 0 || zip_set_file_compression(archive, index, ZIP_CM_STORE, 0) != 0) std::abort();
  }
  if (zip_close(archive) != 0) std::abort();
  zip_stat_t stat;
  if (zip_source_stat(buffer, &stat) != 0 || zip_source_open(buffer) != 0) std::abort();
  std::string bytes(stat.size, '\0');
  if (zip_source_read(buffer, bytes.data(), bytes.size()) != static_cast<zip_int64_t>(stat.size)) {
    std::abort();
  }
  zip_source_close(buffer);
  zip_source_free(buffer);
  return bytes;
}

// A workbook whose first sheet is `xml` up to the first \x1D, its shared strings what follows.
std::string WorkbookWith(std::string_view xml) {
  const size_t split = std::min(xml.find('\x1D'), xml.size());
  const std::string relationships =
      R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
      R"(<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="x/worksheet"/>)"
      R"(<Relationship Id="rId2" Target="sharedStrings.xml" Type="x/sharedStrings"/>)"
      R"(</Relationships>)";
  return ZipOf(
      {{"xl/workbook.xml", R"(<workbook><sheets><sheet r:id="rId1"/></sheets></workbook>)"},
       {"xl/_rels/workbook.xml.rels", relationships},
       {"xl/worksheets/sheet1.xml", std::string(xml.substr(0, split))},
       {"xl/sharedStrings.xml", std::string(xml.substr(std::min(split + 1, xml.size())))}});
}

void ReadAny(std::string_view bytes) {
  gw::XlsxLimits limits;
  limits.max_rows = 1000;
  limits.max_columns = 16;
  limits.max_cell_bytes = 256;
  limits.max_part_bytes = 4 * 1024 * 1024;  // a small cap keeps runs fast; the cap is under test
  limits.max_entries = 64;
  std::vector<gw::CsvRow> rows;
  try {
    rows = gw::ReadXlsx(bytes, limits);
  } catch (const billing::errors::Error& e) {
    if (e.code() != billing::errors::Code::kInvalidArgument || e.message().empty()) std::abort();
    return;
  }
  if (rows.size() > limits.max_rows) std::abort();
  for (const auto& row : rows) {
    if (row.number == 0 || row.cells.empty() || row.cells.size() > limits.max_columns ||
        row.cells.back().empty()) {
      std::abort();
    }
    for (const auto& cell : row.cells) {
      if (cell.size() > limits.max_cell_bytes || !gw::IsValidUtf8(cell) ||
          cell.find('\0') != std::string::npos) {
        std::abort();
      }
    }
  }
}

// The input as text: rows split at \x1E, cells at \x1F (control characters the writer drops
// anyway), written and read back.
void RoundTrip(std::string_view text) {
  // (Past 16384 columns, Excel's last, a reference has 4 letters: beyond what Excel opens.)
  if (text.size() > 16000 || !gw::IsValidUtf8(text)) return;
  std::vector<std::vector<std::string>> rows(1);
  std::vector<std::vector<std::string>> expected;
  rows.back().emplace_back();
  for (const char c : text) {
    if (c == '\x1E') {
      rows.emplace_back(1);
    } else if (c == '\x1F') {
      rows.back().emplace_back();
    } else {
      rows.back().back() += c;
    }
  }
  for (const auto& row : rows) {
    std::vector<std::string> kept;
    for (const auto& cell : row) {
      std::string readable;
      for (const char c : cell) {
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
          readable += c;
        }
      }
      kept.push_back(readable);
    }
    while (!kept.empty() && kept.back().empty()) kept.pop_back();
    if (!kept.empty()) expected.push_back(kept);
  }
  gw::XlsxLimits limits;
  limits.max_cell_bytes = text.size();
  limits.max_columns = text.size() + 1;
  limits.max_rows = text.size() + 1;
  const std::vector<gw::CsvRow> read = gw::ReadXlsx(gw::WriteXlsx("Data", {}, rows), limits);
  if (read.size() != expected.size()) std::abort();
  for (size_t i = 0; i < read.size(); ++i) {
    if (read[i].cells != expected[i]) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  ReadAny(bytes);
  ReadAny(WorkbookWith(bytes));
  RoundTrip(bytes);
  return 0;
}
