// .xlsx reading (libzip, every part unpacked through a size cap; pugixml, no DTD) and writing.
#include "http/xlsx.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <utility>

#include <pugixml.hpp>
#include <zip.h>

#include "errors/error.h"
#include "events/outbox.h"
#include "http/utf8.h"
#include "i18n/messages.h"

namespace billing::gateway {
namespace {

// An encrypted Office file (and an old .xls) is an OLE compound file, not a zip.
constexpr std::string_view kCompoundFileMagic = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
// Excel's last row.
constexpr size_t kMaxRowNumber = 1048576;

[[noreturn]] void Refuse(const char* message, const std::map<std::string, std::string>& values) {
  throw errors::InvalidArgument(events::FormatSummary(message, values));
}

[[noreturn]] void RefuseCorrupt(const std::string& part) {
  Refuse(i18n::kXlsxCorrupt, {{"bagian", part}});
}

std::string SizeText(size_t bytes) {
  constexpr size_t kMegabyte = 1024 * 1024;
  if (bytes >= kMegabyte) return std::to_string(bytes / kMegabyte) + " MB";
  return std::to_string(bytes) + " byte";
}

struct ArchiveDiscard {
  void operator()(zip_t* archive) const { zip_discard(archive); }
};
struct FileClose {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};
struct SourceFree {
  void operator()(zip_source_t* source) const { zip_source_free(source); }
};

// The zip of an upload, opened read-only over its bytes (which outlive it).
class XlsxArchive final {
 public:
  XlsxArchive(std::string_view bytes, const XlsxLimits& limits) : limits_(limits) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (source != nullptr) {
      archive_.reset(zip_open_from_source(source, ZIP_RDONLY, &error));
      if (!archive_) zip_source_free(source);
    }
    zip_error_fini(&error);
    if (!archive_) throw errors::InvalidArgument(i18n::kXlsxNotXlsx);
    if (static_cast<uint64_t>(zip_get_num_entries(archive_.get(), 0)) > limits.max_entries) {
      Refuse(i18n::kXlsxTooManyParts, {{"batas", std::to_string(limits.max_entries)}});
    }
  }

  // The unpacked part `name` (compared ignoring case, as OPC part names are); nullopt when the
  // zip has no such part. The size the zip claims is believed only when it is too big: the
  // reading stops one byte past the limit whatever the zip says.
  std::optional<std::string> Read(const std::string& name) const {
    const zip_int64_t index = zip_name_locate(archive_.get(), name.c_str(), ZIP_FL_NOCASE);
    if (index < 0) return std::nullopt;
    const auto entry = static_cast<zip_uint64_t>(index);
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(archive_.get(), entry, 0, &stat) != 0) RefuseCorrupt(name);
    if ((stat.valid & ZIP_STAT_ENCRYPTION_METHOD) != 0 && stat.encryption_method != ZIP_EM_NONE) {
      throw errors::InvalidArgument(i18n::kXlsxProtected);
    }
    const size_t limit = limits_.max_part_bytes;
    if ((stat.valid & ZIP_STAT_SIZE) != 0 && stat.size > limit) RefuseTooBig(name);
    std::unique_ptr<zip_file_t, FileClose> file(zip_fopen_index(archive_.get(), entry, 0));
    if (!file) RefuseCorrupt(name);
    std::string data;
    if ((stat.valid & ZIP_STAT_SIZE) != 0) data.reserve(stat.size + 1);
    constexpr size_t kChunk = 64 * 1024;
    while (true) {
      const size_t start = data.size();
      const size_t end = start + std::min(kChunk, limit + 1 - start);
      // Grown by doubling as usual, but never past the limit's one byte more.
      if (end > data.capacity()) {
        data.reserve(std::min(std::max(2 * data.capacity(), end), limit + 1));
      }
      data.resize(end);
      const zip_int64_t got = zip_fread(file.get(), data.data() + start, data.size() - start);
      if (got < 0) RefuseCorrupt(name);
      data.resize(start + static_cast<size_t>(got));
      if (data.size() > limit) RefuseTooBig(name);
      if (got == 0) return data;
    }
  }

 private:
  [[noreturn]] void RefuseTooBig(const std::string& name) const {
    Refuse(i18n::kXlsxTooBig, {{"bagian", name}, {"batas", SizeText(limits_.max_part_bytes)}});
  }

  const XlsxLimits& limits_;
  std::unique_ptr<zip_t, ArchiveDiscard> archive_;
};

// Element names without their namespace prefix (some writers use <x:row>).
std::string_view LocalName(std::string_view name) {
  const size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

std::string_view LocalName(pugi::xml_node node) { return LocalName(node.name()); }

pugi::xml_node Child(pugi::xml_node node, std::string_view name) {
  for (pugi::xml_node child : node.children()) {
    if (child.type() == pugi::node_element && LocalName(child) == name) return child;
  }
  return {};
}

// The XML of a part, handed over one element named `name` (in any namespace) at a time:
// pugixml builds a document of that element only, so a part of millions of small elements
// never becomes millions of nodes at once (a node costs 16 times the 4 bytes of "<c/>"), and
// an element longer than `max_element_bytes` is refused before it is parsed. Comments, CDATA and
// processing instructions are skipped; a DOCTYPE, which no Office part has, is refused, so no
// entity can be declared.
class ElementScanner final {
 public:
  ElementScanner(std::string& xml, std::string_view name, const std::string& part,
                 size_t max_element_bytes)
      : xml_(xml), name_(name), part_(part), max_element_bytes_(max_element_bytes) {
    // Every Office application writes UTF-8; the scan needs it (a UTF-16 '<' is 2 bytes).
    if (xml_.starts_with("\xFF\xFE") || xml_.starts_with("\xFE\xFF")) RefuseCorrupt(part_);
  }

  // The next such element, parsed (the document is reused: the previous node is gone); an
  // empty node after the last.
  pugi::xml_node Next() {
    while (true) {
      const size_t open = xml_.find('<', position_);
      if (open == std::string::npos) return {};
      const Markup start = MarkupAt(open);
      position_ = start.end;
      if ((start.kind != Markup::kStart && start.kind != Markup::kEmpty) ||
          LocalName(start.name) != name_) {
        continue;
      }
      for (size_t depth = start.kind == Markup::kStart ? 1 : 0; depth > 0;) {
        const size_t next = xml_.find('<', position_);
        if (next == std::string::npos) RefuseCorrupt(part_);
        const Markup inner = MarkupAt(next);
        position_ = inner.end;
        if (inner.name != start.name) continue;
        if (inner.kind == Markup::kStart) ++depth;
        if (inner.kind == Markup::kEnd) --depth;
      }
      if (position_ - open > max_element_bytes_) {
        Refuse(i18n::kXlsxElementTooBig,
               {{"bagian", part_}, {"batas", SizeText(max_element_bytes_)}});
      }
      constexpr unsigned kOptions =
          pugi::parse_default | pugi::parse_ws_pcdata_single | pugi::parse_embed_pcdata;
      if (!document_.load_buffer_inplace(xml_.data() + open, position_ - open, kOptions,
                                         pugi::encoding_utf8)) {
        RefuseCorrupt(part_);
      }
      return document_.document_element();
    }
  }

 private:
  struct Markup {
    enum Kind { kStart, kEnd, kEmpty, kOther } kind;
    size_t end;             // just past its '>'
    std::string_view name;  // of a tag
  };

  // The markup starting with the '<' at `at`.
  Markup MarkupAt(size_t at) const {
    const std::string_view rest = std::string_view(xml_).substr(at);
    auto past = [&](std::string_view close, size_t from) {
      const size_t found = xml_.find(close, from);
      if (found == std::string::npos) RefuseCorrupt(part_);
      return Markup{Markup::kOther, found + close.size(), {}};
    };
    if (rest.starts_with("<!--")) return past("-->", at + 4);
    if (rest.starts_with("<![CDATA[")) return past("]]>", at + 9);
    if (rest.starts_with("<?")) return past("?>", at + 2);
    if (rest.starts_with("<!")) RefuseCorrupt(part_);
    const bool closing = rest.starts_with("</");
    const size_t name_at = at + (closing ? 2 : 1);
    const size_t name_end = std::min(xml_.find_first_of(" \t\r\n/>", name_at), xml_.size());
    char quote = 0;  // a '>' inside an attribute's quotes does not end the tag
    size_t end = name_end;
    for (; end < xml_.size(); ++end) {
      const char c = xml_[end];
      if (quote != 0) {
        if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '>') {
        break;
      }
    }
    if (end == xml_.size()) RefuseCorrupt(part_);
    const Markup::Kind kind =
        closing ? Markup::kEnd : (xml_[end - 1] == '/' ? Markup::kEmpty : Markup::kStart);
    return {kind, end + 1, std::string_view(xml_).substr(name_at, name_end - name_at)};
  }

  std::string& xml_;  // parsed in place, element by element
  std::string_view name_;
  const std::string& part_;
  size_t max_element_bytes_;
  size_t position_ = 0;
  pugi::xml_document document_;
};

// The characters of an element: its own value (parse_embed_pcdata) and any CDATA after it.
std::string TextOf(pugi::xml_node node) {
  std::string text = node.value();
  for (pugi::xml_node child : node.children()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
      text += child.value();
    }
  }
  return text;
}

// Excel writes a character XML cannot hold as _xHHHH_ (and a literal "_x0041_" as
// "_x005F_x0041_"). The code of the escape at `at`, if there is one.
std::optional<unsigned> EscapeAt(std::string_view text, size_t at) {
  if (text.size() - at < 7 || text[at] != '_' || text[at + 1] != 'x' || text[at + 6] != '_') {
    return std::nullopt;
  }
  unsigned code = 0;
  const auto parsed = std::from_chars(text.data() + at + 2, text.data() + at + 6, code, 16);
  if (parsed.ec != std::errc() || parsed.ptr != text.data() + at + 6) return std::nullopt;
  return code;
}

std::string DecodeEscapes(std::string text) {
  if (text.find("_x") == std::string::npos) return text;
  std::string out;
  for (size_t i = 0; i < text.size();) {
    const std::optional<unsigned> code = EscapeAt(text, i);
    if (!code || (*code >= 0xD800 && *code <= 0xDFFF)) {
      out += text[i++];
      continue;
    }
    if (*code < 0x80) {
      out += static_cast<char>(*code);
    } else if (*code < 0x800) {
      out += static_cast<char>(0xC0 | (*code >> 6));
      out += static_cast<char>(0x80 | (*code & 0x3F));
    } else {
      out += static_cast<char>(0xE0 | (*code >> 12));
      out += static_cast<char>(0x80 | ((*code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (*code & 0x3F));
    }
    i += 7;
  }
  return out;
}

// A shared or inline string: its <t>, or the <t> of its rich text runs joined (the <rPh>
// phonetic hints are not part of the text).
std::string RichText(pugi::xml_node node) {
  std::string text;
  for (pugi::xml_node child : node.children()) {
    if (LocalName(child) == "t") text += TextOf(child);
    if (LocalName(child) == "r") text += TextOf(Child(child, "t"));
  }
  return DecodeEscapes(std::move(text));
}

// A whole number as plain digits: Excel keeps 15 significant digits, so 150000.00000000003 (a
// formula's binary rounding) is 150000, and "1.5E+5" is too. Other numbers stay as written.
std::string NumberText(const std::string& text) {
  const char* end = text.data() + text.size();
  double value = 0;
  auto parsed = std::from_chars(text.data(), end, value);
  if (parsed.ec != std::errc() || parsed.ptr != end || !std::isfinite(value)) return text;
  std::array<char, 32> shown{};
  const auto printed = std::to_chars(shown.data(), shown.data() + shown.size(), value,
                                     std::chars_format::general, 15);
  double rounded = 0;
  std::from_chars(shown.data(), printed.ptr, rounded);
  if (std::fabs(rounded) >= 1e15 || rounded != std::trunc(rounded)) return text;
  return std::to_string(static_cast<int64_t>(rounded));
}

// "B7" -> 1; nullopt for what is not a cell reference.
std::optional<size_t> ColumnOf(std::string_view reference) {
  size_t column = 0;
  size_t i = 0;
  for (; i < reference.size() && i < 3; ++i) {
    const char letter = static_cast<char>(reference[i] & ~0x20);  // upper case
    if (letter < 'A' || letter > 'Z') break;
    column = column * 26 + static_cast<size_t>(letter - 'A' + 1);
  }
  if (i == 0 || i == reference.size()) return std::nullopt;
  for (; i < reference.size(); ++i) {
    if (reference[i] < '0' || reference[i] > '9') return std::nullopt;
  }
  return column - 1;
}

std::optional<size_t> RowNumberOf(std::string_view text) {
  size_t number = 0;
  const auto parsed = std::from_chars(text.data(), text.data() + text.size(), number);
  if (parsed.ec != std::errc() || parsed.ptr != text.data() + text.size() || number == 0 ||
      number > kMaxRowNumber) {
    return std::nullopt;
  }
  return number;
}

// a * b + c, or SIZE_MAX when that does not fit.
size_t SaturatingMultiplyAdd(size_t a, size_t b, size_t c) {
  if (a != 0 && b > (SIZE_MAX - c) / a) return SIZE_MAX;
  return a * b + c;
}

// A row, a shared string or a relationship longer than this is refused unparsed: room for
// every column's longest text with each character escaped, and 1 MB of markup (styled empty
// cells, rich text formatting).
size_t MaxElementBytes(const XlsxLimits& limits) {
  constexpr size_t kMarkupBytes = 1024 * 1024;
  return SaturatingMultiplyAdd(limits.max_columns,
                               SaturatingMultiplyAdd(limits.max_cell_bytes, 8, 0), kMarkupBytes);
}

struct Relationship {
  std::string type;
  std::string target;
};

// The relationships part `name`, by Id (links outside the file left out).
std::map<std::string, Relationship> RelationshipsOf(const XlsxArchive& archive,
                                                    const std::string& name,
                                                    const XlsxLimits& limits) {
  std::map<std::string, Relationship> relationships;
  std::optional<std::string> xml = archive.Read(name);
  if (!xml) return relationships;
  ElementScanner scanner(*xml, "Relationship", name, MaxElementBytes(limits));
  for (pugi::xml_node node = scanner.Next(); node; node = scanner.Next()) {
    if (std::string_view(node.attribute("TargetMode").value()) == "External") continue;
    relationships[node.attribute("Id").value()] = {node.attribute("Type").value(),
                                                   node.attribute("Target").value()};
  }
  return relationships;
}

// The zip entry of a target of xl/workbook.xml's relationships: relative to xl/, or from the
// package root when it starts with '/'.
std::string PartOf(std::string_view target) {
  std::vector<std::string_view> segments;
  if (!target.starts_with('/')) segments.emplace_back("xl");
  size_t start = 0;
  while (start <= target.size()) {
    const size_t slash = std::min(target.find('/', start), target.size());
    const std::string_view segment = target.substr(start, slash - start);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
    start = slash + 1;
  }
  std::string part;
  for (std::string_view segment : segments) {
    if (!part.empty()) part += '/';
    part += segment;
  }
  return part;
}

struct WorkbookParts {
  std::string sheet = "xl/worksheets/sheet1.xml";
  std::string shared_strings = "xl/sharedStrings.xml";
};

// Where the first sheet and the shared strings are, as xl/workbook.xml and its relationships say.
WorkbookParts PartsOf(const XlsxArchive& archive, const XlsxLimits& limits) {
  const std::string name = "xl/workbook.xml";
  std::optional<std::string> workbook = archive.Read(name);
  if (!workbook) throw errors::InvalidArgument(i18n::kXlsxNotXlsx);
  const auto relationships = RelationshipsOf(archive, "xl/_rels/workbook.xml.rels", limits);
  WorkbookParts parts;
  for (const auto& [id, relationship] : relationships) {
    if (relationship.type.ends_with("/sharedStrings")) {
      parts.shared_strings = PartOf(relationship.target);
    }
  }
  ElementScanner sheets(*workbook, "sheet", name, MaxElementBytes(limits));
  for (pugi::xml_attribute attribute : sheets.Next().attributes()) {
    const std::string_view attribute_name = attribute.name();
    if (!attribute_name.ends_with(":id")) continue;  // r:id, whatever the prefix
    auto found = relationships.find(attribute.value());
    if (found != relationships.end()) parts.sheet = PartOf(found->second.target);
  }
  return parts;
}

// The workbook's shared strings, end to end in one string (a string each would cost 32 bytes
// more per "<si/>").
class SharedStrings final {
 public:
  SharedStrings(const XlsxArchive& archive, const std::string& name, const XlsxLimits& limits) {
    std::optional<std::string> xml = archive.Read(name);
    if (!xml) return;
    // No sheet within the limits refers to more.
    const size_t max_strings = SaturatingMultiplyAdd(limits.max_rows, limits.max_columns, 0);
    ElementScanner scanner(*xml, "si", name, MaxElementBytes(limits));
    for (pugi::xml_node node = scanner.Next(); node; node = scanner.Next()) {
      if (ends_.size() >= max_strings) {
        Refuse(i18n::kXlsxTooManyStrings, {{"batas", std::to_string(max_strings)}});
      }
      text_ += RichText(node);
      ends_.push_back(text_.size());
    }
  }

  // The string at `index` of a t="s" cell; nullopt when there is none.
  std::optional<std::string_view> At(size_t index) const {
    if (index >= ends_.size()) return std::nullopt;
    const size_t begin = index == 0 ? 0 : ends_[index - 1];
    return std::string_view(text_).substr(begin, ends_[index] - begin);
  }

 private:
  std::string text_;
  std::vector<size_t> ends_;
};

struct Sheet {
  const std::string& part;
  const SharedStrings& shared_strings;
  const XlsxLimits& limits;
};

// The text of a <c> as ReadXlsx's comment tells (a formula's <f> is never looked at).
std::string CellText(pugi::xml_node cell, const Sheet& sheet) {
  const std::string_view type = cell.attribute("t").value();
  if (type == "inlineStr") return RichText(Child(cell, "is"));
  std::string value = TextOf(Child(cell, "v"));
  if (type == "s") {
    if (value.empty()) return value;
    size_t index = 0;
    const auto parsed = std::from_chars(value.data(), value.data() + value.size(), index);
    std::optional<std::string_view> text = sheet.shared_strings.At(index);
    if (parsed.ec != std::errc() || parsed.ptr != value.data() + value.size() || !text) {
      RefuseCorrupt(sheet.part);
    }
    return std::string(*text);
  }
  if (type == "str") return DecodeEscapes(std::move(value));
  if (type == "e") return "";
  if (type.empty() || type == "n") return NumberText(value);
  return value;  // "b" (1 or 0), "d" (an ISO 8601 date)
}

// The cells of a <row> numbered `number`, checked against the limits.
std::vector<std::string> CellsOf(pugi::xml_node row, const std::string& number,
                                 const Sheet& sheet) {
  const XlsxLimits& limits = sheet.limits;
  std::vector<std::string> cells;
  size_t column = 0;  // a cell without a reference is the one after the previous
  for (pugi::xml_node cell : row.children()) {
    if (LocalName(cell) != "c") continue;
    if (pugi::xml_attribute reference = cell.attribute("r")) {
      std::optional<size_t> given = ColumnOf(reference.value());
      if (!given) RefuseCorrupt(sheet.part);
      column = *given;
    }
    const size_t at = column++;
    std::string text = CellText(cell, sheet);
    if (text.empty()) continue;  // styled empty cells may reach far to the right
    if (at >= limits.max_columns) {
      Refuse(i18n::kCsvTooManyColumns,
             {{"baris", number}, {"kolom", std::to_string(limits.max_columns)}});
    }
    if (text.size() > limits.max_cell_bytes) {
      Refuse(i18n::kCsvCellTooLong,
             {{"baris", number}, {"batas", std::to_string(limits.max_cell_bytes)}});
    }
    if (text.find('\0') != std::string::npos || !IsValidUtf8(text)) {
      Refuse(i18n::kXlsxNotText, {{"baris", number}});
    }
    if (cells.size() <= at) cells.resize(at + 1);
    cells[at] = std::move(text);
  }
  return cells;
}

// The rows of the worksheet `xml`, blank ones left out. All their text together is held to
// max_part_bytes too: one long shared string in every cell would otherwise make gigabytes.
std::vector<CsvRow> RowsOf(std::string& xml, const Sheet& sheet) {
  const XlsxLimits& limits = sheet.limits;
  std::vector<CsvRow> rows;
  size_t text_bytes = 0;
  size_t number = 0;
  ElementScanner scanner(xml, "row", sheet.part, MaxElementBytes(limits));
  for (pugi::xml_node row = scanner.Next(); row; row = scanner.Next()) {
    if (pugi::xml_attribute r = row.attribute("r")) {
      std::optional<size_t> given = RowNumberOf(r.value());
      if (!given) RefuseCorrupt(sheet.part);
      number = *given;
    } else {
      ++number;
    }
    std::vector<std::string> cells = CellsOf(row, std::to_string(number), sheet);
    if (cells.empty()) continue;
    if (rows.size() >= limits.max_rows) {
      Refuse(i18n::kCsvTooManyRows, {{"baris", std::to_string(limits.max_rows)}});
    }
    for (const std::string& cell : cells) text_bytes += cell.size();
    if (text_bytes > limits.max_part_bytes) {
      Refuse(i18n::kXlsxTooBig,
             {{"bagian", sheet.part}, {"batas", SizeText(limits.max_part_bytes)}});
    }
    rows.push_back({.number = number, .cells = std::move(cells)});
  }
  return rows;
}

// What WriteXlsx writes besides the sheet: the smallest package Excel opens without a repair.
constexpr std::string_view kXmlDeclaration =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
constexpr std::string_view kMainNamespace =
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr std::string_view kContentTypes =
    R"(<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
    R"(<Default Extension="rels" )"
    R"(ContentType="application/vnd.openxmlformats-package.relationships+xml"/>)"
    R"(<Default Extension="xml" ContentType="application/xml"/>)"
    R"(<Override PartName="/xl/workbook.xml" )"
    R"(ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>)"
    R"(<Override PartName="/xl/worksheets/sheet1.xml" )"
    R"(ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>)"
    R"(<Override PartName="/xl/styles.xml" )"
    R"(ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>)"
    R"(</Types>)";
constexpr std::string_view kPackageRelationships =
    R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
    R"(<Relationship Id="rId1" Target="xl/workbook.xml" Type=")"
    R"(http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>)"
    R"(</Relationships>)";
constexpr std::string_view kWorkbookRelationships =
    R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
    R"(<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type=")"
    R"(http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>)"
    R"(<Relationship Id="rId2" Target="styles.xml" Type=")"
    R"(http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"/>)"
    R"(</Relationships>)";
// Style 0 is the default, style 1 bold (the header).
constexpr std::string_view kStyles =
    R"(<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)"
    R"(<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>)"
    R"(<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>)"
    R"(<fills count="2"><fill><patternFill patternType="none"/></fill>)"
    R"(<fill><patternFill patternType="gray125"/></fill></fills>)"
    R"(<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>)"
    R"(<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>)"
    R"(</cellStyleXfs><cellXfs count="2">)"
    R"(<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>)"
    R"(<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>)"
    R"(<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>)"
    R"(</styleSheet>)";

// `text` as XML character data or attribute value: markup escaped, CR kept as a reference (a
// parser reads a raw one as LF), control characters XML 1.0 cannot hold dropped, and a literal
// "_xHHHH_" escaped so that Excel does not decode it.
void AppendText(std::string& xml, std::string_view raw) {
  std::string text;  // dropped first: what is left must not form an escape Excel would decode
  text.reserve(raw.size());
  for (const char c : raw) {
    if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n' || c == '\r') text += c;
  }
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '&') {
      xml += "&amp;";
    } else if (c == '<') {
      xml += "&lt;";
    } else if (c == '>') {
      xml += "&gt;";
    } else if (c == '"') {
      xml += "&quot;";
    } else if (c == '\r') {
      xml += "&#13;";
    } else if (c == '_' && EscapeAt(text, i)) {
      xml += "_x005F_";
    } else {
      xml += c;
    }
  }
}

// 0 -> "A", 26 -> "AA".
std::string ColumnName(size_t column) {
  std::string name;
  for (size_t n = column + 1; n > 0; n = (n - 1) / 26) {
    name.insert(name.begin(), static_cast<char>('A' + (n - 1) % 26));
  }
  return name;
}

// Excel refuses a sheet name with any of []:*?/\, starting or ending with an apostrophe, or
// longer than 31 characters.
std::string SheetNameOf(std::string_view name) {
  std::string out;
  size_t characters = 0;
  for (char c : name) {
    if (std::string_view("[]:*?/\\").find(c) != std::string_view::npos) continue;
    if (out.empty() && c == '\'') continue;
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80 && ++characters > 31) break;
    out += c;
  }
  while (!out.empty() && out.back() == '\'') out.pop_back();
  return out.empty() ? "Sheet1" : out;
}

void AppendRow(std::string& xml, size_t number, const std::vector<std::string>& cells, bool bold) {
  const std::string row_text = std::to_string(number);
  xml += "<row r=\"" + row_text + "\">";
  for (size_t i = 0; i < cells.size(); ++i) {
    if (cells[i].empty()) continue;
    xml += "<c r=\"" + ColumnName(i) + row_text + (bold ? "\" s=\"1\"" : "\"");
    xml += R"( t="inlineStr"><is><t xml:space="preserve">)";
    AppendText(xml, cells[i]);
    xml += "</t></is></c>";
  }
  xml += "</row>";
}

// The zip of `parts` (entry name, content), built in memory.
std::string ZipOf(const std::vector<std::pair<std::string, std::string>>& parts) {
  zip_error_t error;
  zip_error_init(&error);
  std::unique_ptr<zip_source_t, SourceFree> buffer(zip_source_buffer_create(nullptr, 0, 0, &error));
  zip_error_fini(&error);
  if (!buffer) throw errors::Internal("xlsx: no memory for the zip");
  zip_source_keep(buffer.get());  // the archive frees one reference on close; the bytes stay
  zip_error_init(&error);
  zip_t* archive = zip_open_from_source(buffer.get(), ZIP_TRUNCATE, &error);
  zip_error_fini(&error);
  if (archive == nullptr) {
    zip_source_free(buffer.get());  // the reference the archive did not take
    throw errors::Internal("xlsx: cannot start the zip");
  }
  for (const auto& [name, content] : parts) {
    zip_source_t* data = zip_source_buffer(archive, content.data(), content.size(), 0);
    if (data == nullptr || zip_file_add(archive, name.c_str(), data, ZIP_FL_ENC_UTF_8) < 0) {
      zip_source_free(data);
      std::string cause = zip_strerror(archive);
      zip_discard(archive);
      throw errors::Internal("xlsx: cannot add " + name + ": " + cause);
    }
  }
  if (zip_close(archive) != 0) {
    std::string cause = zip_strerror(archive);
    zip_discard(archive);
    throw errors::Internal("xlsx: cannot write the zip: " + cause);
  }
  zip_stat_t stat;
  zip_stat_init(&stat);
  std::string bytes;
  if (zip_source_stat(buffer.get(), &stat) == 0 && zip_source_open(buffer.get()) == 0) {
    bytes.resize(stat.size);
    const zip_int64_t got = zip_source_read(buffer.get(), bytes.data(), bytes.size());
    zip_source_close(buffer.get());
    if (got == static_cast<zip_int64_t>(bytes.size())) return bytes;
  }
  throw errors::Internal("xlsx: cannot read the written zip");
}

}  // namespace

bool LooksLikeZip(std::string_view bytes) { return bytes.starts_with("PK\x03\x04"); }

std::vector<CsvRow> ReadXlsx(std::string_view bytes, const XlsxLimits& limits) {
  if (bytes.starts_with(kCompoundFileMagic)) throw errors::InvalidArgument(i18n::kXlsxProtected);
  if (!LooksLikeZip(bytes)) throw errors::InvalidArgument(i18n::kXlsxNotXlsx);
  const XlsxArchive archive(bytes, limits);
  const WorkbookParts parts = PartsOf(archive, limits);
  const SharedStrings shared_strings(archive, parts.shared_strings, limits);
  std::optional<std::string> sheet = archive.Read(parts.sheet);
  if (!sheet) throw errors::InvalidArgument(i18n::kXlsxNoSheet);
  return RowsOf(*sheet, {parts.sheet, shared_strings, limits});
}

std::string WriteXlsx(const std::string& sheet_name, const std::vector<std::string>& header,
                      const std::vector<std::vector<std::string>>& rows) {
  std::string sheet(kXmlDeclaration);
  sheet += "<worksheet xmlns=\"" + std::string(kMainNamespace) + "\">";
  // The header row stays in view while scrolling.
  sheet += R"(<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" )"
           R"(activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetData>)";
  AppendRow(sheet, 1, header, /*bold=*/true);
  for (size_t i = 0; i < rows.size(); ++i) AppendRow(sheet, i + 2, rows[i], /*bold=*/false);
  sheet += "</sheetData></worksheet>";

  std::string workbook(kXmlDeclaration);
  workbook += "<workbook xmlns=\"" + std::string(kMainNamespace) +
              R"(" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">)"
              R"(<sheets><sheet name=")";
  AppendText(workbook, SheetNameOf(sheet_name));
  workbook += R"(" sheetId="1" r:id="rId1"/></sheets></workbook>)";

  auto xml = [](std::string_view body) { return std::string(kXmlDeclaration) + std::string(body); };
  return ZipOf({{"[Content_Types].xml", xml(kContentTypes)},
                {"_rels/.rels", xml(kPackageRelationships)},
                {"xl/workbook.xml", std::move(workbook)},
                {"xl/_rels/workbook.xml.rels", xml(kWorkbookRelationships)},
                {"xl/styles.xml", xml(kStyles)},
                {"xl/worksheets/sheet1.xml", std::move(sheet)}});
}

Response XlsxResponse(std::string bytes, const std::string& filename) {
  return DownloadResponse(std::move(bytes),
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          filename);
}

}  // namespace billing::gateway
