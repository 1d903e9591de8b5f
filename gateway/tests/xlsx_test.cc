// .xlsx reading (imports) and writing (reports): workbooks as Excel and LibreOffice write them
// read into rows, what WriteXlsx writes read back, and what is not a workbook, a zip bomb or
// more than the limits refused with an Indonesian message.
#include "http/xlsx.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <zip.h>

#include "errors/error.h"

namespace billing::gateway {
namespace {

using Cells = std::vector<std::string>;
using Entries = std::vector<std::pair<std::string, std::string>>;

// Produces `size` zero bytes to libzip without holding them: a zip bomb's content.
struct Zeros {
  zip_uint64_t size = 0;
  zip_uint64_t offset = 0;
};

zip_int64_t ReadZeros(void* state, void* data, zip_uint64_t length, zip_source_cmd_t command) {
  auto* zeros = static_cast<Zeros*>(state);
  switch (command) {
    case ZIP_SOURCE_OPEN:
      zeros->offset = 0;
      return 0;
    case ZIP_SOURCE_READ: {
      const zip_uint64_t n = std::min(length, zeros->size - zeros->offset);
      std::memset(data, 0, n);
      zeros->offset += n;
      return static_cast<zip_int64_t>(n);
    }
    case ZIP_SOURCE_STAT: {
      auto* stat = static_cast<zip_stat_t*>(data);
      zip_stat_init(stat);
      stat->valid = ZIP_STAT_SIZE;
      stat->size = zeros->size;
      return sizeof(zip_stat_t);
    }
    case ZIP_SOURCE_ERROR:
      std::memset(data, 0, 2 * sizeof(int));
      return 2 * sizeof(int);
    case ZIP_SOURCE_CLOSE:
    case ZIP_SOURCE_FREE:
      return 0;
    case ZIP_SOURCE_SUPPORTS:
      return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
                                            ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
    default:
      return -1;
  }
}

// A zip of `entries` (name, content), deflated; `zeros` adds an entry of that many zero bytes
// named `zeros_name`; `password` encrypts every entry (traditional PKWARE).
std::string ZipOf(const Entries& entries, const std::string& zeros_name = "",
                  zip_uint64_t zeros = 0, const char* password = nullptr) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_source_keep(buffer);
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  EXPECT_NE(archive, nullptr);
  for (const auto& [name, content] : entries) {
    zip_source_t* data = zip_source_buffer(archive, content.data(), content.size(), 0);
    EXPECT_GE(zip_file_add(archive, name.c_str(), data, 0), 0) << name;
  }
  Zeros zero_state{.size = zeros};
  if (zeros > 0) {
    zip_source_t* data = zip_source_function(archive, ReadZeros, &zero_state);
    EXPECT_GE(zip_file_add(archive, zeros_name.c_str(), data, 0), 0);
  }
  if (password != nullptr) {
    for (zip_int64_t i = 0; i < zip_get_num_entries(archive, 0); ++i) {
      EXPECT_EQ(zip_file_set_encryption(archive, i, ZIP_EM_TRAD_PKWARE, password), 0);
    }
  }
  EXPECT_EQ(zip_close(archive), 0) << zip_strerror(archive);
  zip_stat_t stat;
  zip_source_stat(buffer, &stat);
  std::string bytes(stat.size, '\0');
  zip_source_open(buffer);
  zip_source_read(buffer, bytes.data(), bytes.size());
  zip_source_close(buffer);
  zip_source_free(buffer);
  zip_error_fini(&error);
  return bytes;
}

// The content of entry `name` of the zip `bytes` ("" when absent).
std::string EntryOf(const std::string& bytes, const std::string& name) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
  zip_error_fini(&error);
  if (archive == nullptr) return "";
  std::string content;
  if (zip_file_t* file = zip_fopen(archive, name.c_str(), 0)) {
    char chunk[4096];
    for (zip_int64_t n; (n = zip_fread(file, chunk, sizeof chunk)) > 0;) content.append(chunk, n);
    zip_fclose(file);
  }
  zip_discard(archive);
  return content;
}

constexpr char kMain[] = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr char kRelationshipTypes[] =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";

std::string Worksheet(const std::string& rows) {
  return R"(<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns=")" + std::string(kMain) +
         R"("><sheetData>)" + rows + "</sheetData></worksheet>";
}

// xl/workbook.xml listing `sheets` (<sheet> elements), with `prefix` for the relationships.
std::string WorkbookXml(const std::string& sheets, const std::string& prefix = "r") {
  return R"(<workbook xmlns=")" + std::string(kMain) + R"(" xmlns:)" + prefix + R"(=")" +
         kRelationshipTypes + R"("><sheets>)" + sheets + "</sheets></workbook>";
}

// A relationships part of `items`, each {Id, type (the last word of its URI), Target}.
std::string RelationshipsXml(const std::vector<std::array<std::string, 3>>& items) {
  std::string xml =
      R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)";
  for (const auto& [id, type, target] : items) {
    xml += R"(<Relationship Id=")" + id + R"(" Type=")" + kRelationshipTypes + type +
           R"(" Target=")" + target + R"("/>)";
  }
  return xml + "</Relationships>";
}

// The parts of a workbook as Excel writes them: its first tab "Pelanggan" is
// xl/worksheets/sheet1.xml with `rows`, and xl/sharedStrings.xml holds `shared` (<si> items).
Entries WorkbookParts(const std::string& rows, const std::string& shared = "") {
  Entries entries = {
      {"xl/workbook.xml", WorkbookXml(R"(<sheet name="Pelanggan" sheetId="1" r:id="rId1"/>)")},
      {"xl/_rels/workbook.xml.rels",
       RelationshipsXml({{"rId1", "worksheet", "worksheets/sheet1.xml"},
                         {"rId9", "sharedStrings", "sharedStrings.xml"}})},
      {"xl/worksheets/sheet1.xml", Worksheet(rows)}};
  if (!shared.empty()) {
    entries.emplace_back("xl/sharedStrings.xml",
                         R"(<sst xmlns=")" + std::string(kMain) + R"(">)" + shared + "</sst>");
  }
  return entries;
}

std::string Workbook(const std::string& rows, const std::string& shared = "") {
  return ZipOf(WorkbookParts(rows, shared));
}

// `zip` with the sizes its last entry claims (local header and central directory) set to 1000.
std::string WithLyingSize(std::string zip) {
  const size_t local = zip.rfind("PK\x03\x04");
  const size_t central = zip.rfind("PK\x01\x02");
  EXPECT_NE(local, std::string::npos);
  EXPECT_NE(central, std::string::npos);
  const char kThousand[4] = {static_cast<char>(0xE8), 0x03, 0, 0};
  zip.replace(local + 22, 4, kThousand, 4);
  zip.replace(central + 24, 4, kThousand, 4);
  return zip;
}

// A workbook whose sheet is `size` zero bytes: a few KB of zip.
std::string ZipBomb(zip_uint64_t size) {
  Entries parts = WorkbookParts("");
  parts.pop_back();
  return ZipOf(parts, "xl/worksheets/sheet1.xml", size);
}

std::vector<Cells> CellsOf(const std::vector<CsvRow>& rows) {
  std::vector<Cells> cells;
  cells.reserve(rows.size());
  for (const auto& row : rows) cells.push_back(row.cells);
  return cells;
}

std::vector<size_t> NumbersOf(const std::vector<CsvRow>& rows) {
  std::vector<size_t> numbers;
  numbers.reserve(rows.size());
  for (const auto& row : rows) numbers.push_back(row.number);
  return numbers;
}

// The message of the InvalidArgument that reading `bytes` throws ("" when it reads).
std::string Refusal(const std::string& bytes, const XlsxLimits& limits = {}) {
  try {
    ReadXlsx(bytes, limits);
  } catch (const errors::Error& e) {
    EXPECT_EQ(e.code(), errors::Code::kInvalidArgument) << e.message();
    return e.message();
  }
  return "";
}

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(XlsxRoundTripTest, WhatWriteXlsxWritesReadsBackAsWritten) {
  const Cells header = {"Nama", "Alamat", "Telepon", "Catatan"};
  std::vector<Cells> rows = {{"Bu Siti Rahayu — Jl. Melati", "", "0812-3456", "=1+1"},
                             {R"(Budi <"&'>)", "RT 3\nRW 4", "", "+62 812"},
                             {"tab\tdan CR\r\nLF", "_x0041_ tetap", "-5", "@SUM(A1)"}};
  for (int i = 0; i < 1000; ++i) rows.push_back({"Pelanggan " + std::to_string(i), "x", "", "1"});
  const std::vector<CsvRow> read = ReadXlsx(WriteXlsx("Pelanggan", header, rows));

  ASSERT_EQ(read.size(), rows.size() + 1);
  EXPECT_EQ(read[0].cells, header);
  EXPECT_EQ(read[0].number, 1u);
  EXPECT_EQ(read[1].cells, rows[0]);  // "=1+1" stays text, the empty cell between stays ""
  EXPECT_EQ(read[2].cells, rows[1]);
  EXPECT_EQ(read[3].cells, rows[2]);  // a CR survives (a raw one would read back as LF)
  EXPECT_EQ(read[1000].cells, (Cells{"Pelanggan 996", "x", "", "1"}));
  EXPECT_EQ(read.back().number, 1004u);
}

TEST(XlsxWriteTest, EveryCellIsTextAndTheHeaderBold) {
  const std::string xlsx = WriteXlsx("Data", {"Nama"}, {{"=1+1", "150000"}});
  const std::string sheet = EntryOf(xlsx, "xl/worksheets/sheet1.xml");
  EXPECT_TRUE(Has(sheet, R"(<c r="A1" s="1" t="inlineStr">)")) << sheet;
  EXPECT_TRUE(Has(sheet, R"(<c r="A2" t="inlineStr"><is><t xml:space="preserve">=1+1</t>)"));
  EXPECT_TRUE(Has(sheet, R"(<c r="B2" t="inlineStr"><is><t xml:space="preserve">150000</t>)"));
  EXPECT_FALSE(Has(sheet, "<f>"));
  EXPECT_TRUE(Has(EntryOf(xlsx, "xl/styles.xml"), "<b/>"));
  for (const char* part : {"[Content_Types].xml", "_rels/.rels", "xl/_rels/workbook.xml.rels"}) {
    EXPECT_FALSE(EntryOf(xlsx, part).empty()) << part;
  }
}

TEST(XlsxWriteTest, ControlCharactersAreDroppedAndTheSheetNameMadeValid) {
  const std::string xlsx = WriteXlsx("'Tunggakan [2024/05]: semua pelanggan aktif & isolir'",
                                     {"a\001b\037", "_x00\00141_"}, {});
  // What is left after the drop is not taken for an escape ("_x0041_" is how Excel writes "A").
  EXPECT_EQ(CellsOf(ReadXlsx(xlsx)), (std::vector<Cells>{{"ab", "_x0041_"}}));
  EXPECT_TRUE(Has(EntryOf(xlsx, "xl/workbook.xml"),
                  R"(<sheet name="Tunggakan 202405 semua pelangga" sheetId="1")"));
  EXPECT_TRUE(Has(EntryOf(WriteXlsx(R"(Aktif & "Isolir")", {"a"}, {}), "xl/workbook.xml"),
                  R"(name="Aktif &amp; &quot;Isolir&quot;")"));
  EXPECT_TRUE(Has(EntryOf(WriteXlsx("''", {"a"}, {}), "xl/workbook.xml"), R"(name="Sheet1")"));
}

TEST(XlsxWriteTest, ResponseIsADownload) {
  Response response = XlsxResponse(WriteXlsx("A", {"a"}, {}), "pelanggan.xlsx");
  EXPECT_EQ(response.content_type,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_EQ(response.headers["Content-Disposition"], R"(attachment; filename="pelanggan.xlsx")");
  EXPECT_TRUE(LooksLikeZip(response.body));
  EXPECT_FALSE(LooksLikeZip("nama;telepon\n"));
  EXPECT_FALSE(LooksLikeZip("PK"));
}

TEST(XlsxReadTest, SharedStringsRichTextAndInlineStrings) {
  const std::string shared =
      "<si><t>nama</t></si>"
      R"(<si><r><rPr><b/></rPr><t>Bu</t></r><r><t xml:space="preserve"> </t></r>)"
      R"(<r><t>Siti</t></r><rPh sb="0" eb="1"><t>ignored</t></rPh></si>)"
      "<si><t>a_x000D_b &amp; _x005F_x0041_</t></si>"
      "<si><t><![CDATA[<data>]]></t></si>";
  const auto rows = ReadXlsx(
      Workbook(R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>)"
               R"(<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c>)"
               R"(<c r="C2" t="inlineStr"><is><t>Jl. Melati</t></is></c></row>)",
               shared));
  EXPECT_EQ(CellsOf(rows),
            (std::vector<Cells>{{"nama", "Bu Siti"}, {"a\rb & _x0041_", "<data>", "Jl. Melati"}}));
}

TEST(XlsxReadTest, FormulasReadAsTheirLastValueNeverEvaluated) {
  const auto rows =
      ReadXlsx(Workbook(R"(<row r="1"><c r="A1"><f>1+1</f><v>2</v></c>)"
                        R"(<c r="B1" t="str"><f>A1&amp;"x"</f><v>2x</v></c>)"
                        R"(<c r="C1"><f>SUM(A1:B1)</f></c>)"  // no cached value
                        R"(<c r="D1" t="e"><f>1/0</f><v>#DIV/0!</v></c>)"
                        R"(<c r="E1" t="b"><v>1</v></c><c r="F1" t="b"><v>0</v></c></row>)"));
  EXPECT_EQ(CellsOf(rows), (std::vector<Cells>{{"2", "2x", "", "", "1", "0"}}));
}

TEST(XlsxReadTest, WholeNumbersReadAsPlainDigitsOthersAsWritten) {
  const auto rows =
      ReadXlsx(Workbook(R"(<row r="1"><c r="A1"><v>150000</v></c><c r="B1"><v>1.5E+5</v></c>)"
                        R"(<c r="C1" t="n"><v>0.5</v></c><c r="D1"><v>150000.00000000003</v></c>)"
                        R"(<c r="E1"><v>6281234567890</v></c><c r="F1"><v>-0</v></c>)"
                        R"(<c r="G1"><v>1E+20</v></c><c r="H1"><v>150000.0000001</v></c>)"
                        R"(<c r="I1" s="3"><v>45292</v></c></row>)"));  // a date: its serial number
  EXPECT_EQ(CellsOf(rows),
            (std::vector<Cells>{{"150000", "150000", "0.5", "150000", "6281234567890", "0", "1E+20",
                                 "150000.0000001", "45292"}}));
}

TEST(XlsxReadTest, GapsBlankRowsAndRowNumbersAsExcelShowsThem) {
  const auto rows = ReadXlsx(Workbook(
      R"(<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c>)"
      R"(<c r="C1" t="inlineStr"><is><t>y</t></is></c><c r="Z1" s="2"/></row>)"
      R"(<row r="3"><c r="A3" s="1"/><c r="B3" t="inlineStr"><is><t></t></is></c></row>)"
      R"(<row r="5"><c><v>1</v></c><c><v>2</v></c><c r="E5"><v>5</v></c><c><v>6</v></c></row>)"
      R"(<row><c r="b6"><v>7</v></c></row>)"));
  EXPECT_EQ(CellsOf(rows),
            (std::vector<Cells>{{"x", "", "y"}, {"1", "2", "", "", "5", "6"}, {"", "7"}}));
  EXPECT_EQ(NumbersOf(rows), (std::vector<size_t>{1, 5, 6}));
}

TEST(XlsxReadTest, NamespacePrefixesAsSomeWritersUseThem) {
  Entries parts = WorkbookParts("");
  parts[2].second =
      std::string(R"(<x:worksheet xmlns:x=")") + kMain +
      R"("><x:sheetData><x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>ok</x:t></x:is>)"
      "</x:c></x:row></x:sheetData></x:worksheet>";
  const auto rows = ReadXlsx(ZipOf(parts));
  EXPECT_EQ(CellsOf(rows), (std::vector<Cells>{{"ok"}}));
  EXPECT_EQ(NumbersOf(rows), (std::vector<size_t>{2}));
}

TEST(XlsxReadTest, TheFirstTabIsReadThroughTheRelationships) {
  Entries parts = WorkbookParts(R"(<row r="1"><c r="A1"><v>1</v></c></row>)");
  parts[0].second = WorkbookXml(R"(<sheet name="Data" sheetId="2" rel:id="rId7"/>)"
                                R"(<sheet name="Lain" sheetId="1" rel:id="rId1"/>)",
                                "rel");
  parts[1].second = RelationshipsXml({{"rId1", "worksheet", "worksheets/sheet1.xml"},
                                      {"rId7", "worksheet", "/xl/worksheets/../data/first.xml"}});
  parts.emplace_back("xl/data/first.xml", Worksheet(R"(<row r="1"><c r="A1"><v>7</v></c></row>)"));
  EXPECT_EQ(CellsOf(ReadXlsx(ZipOf(parts))), (std::vector<Cells>{{"7"}}));

  // Without the relationships part, the first sheet is xl/worksheets/sheet1.xml.
  parts.erase(parts.begin() + 1);
  EXPECT_EQ(CellsOf(ReadXlsx(ZipOf(parts))), (std::vector<Cells>{{"1"}}));
}

TEST(XlsxReadTest, WhatIsNotAWorkbookIsRefused) {
  EXPECT_TRUE(Has(Refusal("nama;telepon\nBudi;0812\n"), "bukan .xlsx"));
  EXPECT_TRUE(Has(Refusal(""), "bukan .xlsx"));
  EXPECT_TRUE(Has(Refusal(std::string("PK\x03\x04", 4) + std::string(100, 'x')), "bukan .xlsx"));
  // Excel saves a workbook with a password (and an old .xls) as an OLE compound file.
  const std::string compound =
      std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + "EncryptedPackage";
  EXPECT_TRUE(Has(Refusal(compound), "kata sandi"));
  // A zip that is not a workbook (an .ods, a .docx).
  EXPECT_TRUE(Has(Refusal(ZipOf({{"content.xml", "<office:document-content/>"}})), "bukan .xlsx"));
}

TEST(XlsxReadTest, TruncatedOrCorruptFilesAreRefused) {
  const std::string xlsx = WriteXlsx("A", {"nama"}, {{"Budi"}});
  for (size_t size : {xlsx.size() / 2, xlsx.size() - 10, size_t{30}}) {
    EXPECT_FALSE(Refusal(xlsx.substr(0, size)).empty()) << size;
  }
  // A byte of the sheet's deflated data changed (its local header: name at 30, then extra field).
  std::string damaged = xlsx;
  const std::string name = "xl/worksheets/sheet1.xml";
  const size_t name_at = damaged.find(name);
  ASSERT_NE(name_at, std::string::npos);
  const size_t extra = static_cast<unsigned char>(damaged[name_at - 2]) +
                       256 * static_cast<unsigned char>(damaged[name_at - 1]);
  const size_t data_at = name_at + name.size() + extra;
  damaged[data_at + 4] = static_cast<char>(damaged[data_at + 4] ^ 0x55);
  EXPECT_TRUE(Has(Refusal(damaged), "rusak"));

  EXPECT_TRUE(Has(Refusal(Workbook("<row><c><v>1</v></row>")), "rusak"));  // not XML
  EXPECT_TRUE(Has(Refusal(Workbook(R"(<row><c t="s"><v>0</v></c></row>)")), "rusak"));
  EXPECT_TRUE(Has(Refusal(Workbook(R"(<row><c r="1A"><v>1</v></c></row>)")), "rusak"));
  EXPECT_TRUE(Has(Refusal(Workbook(R"(<row r="0"><c><v>1</v></c></row>)")), "rusak"));
}

TEST(XlsxReadTest, AWorkbookWithoutItsSheetIsRefused) {
  Entries parts = WorkbookParts("");
  parts.pop_back();  // xl/worksheets/sheet1.xml
  EXPECT_TRUE(Has(Refusal(ZipOf(parts)), "tidak berisi lembar kerja"));
}

TEST(XlsxReadTest, EncryptedZipEntriesAreRefusedAsProtected) {
  if (zip_encryption_method_supported(ZIP_EM_TRAD_PKWARE, 1) == 0) {
    GTEST_SKIP() << "this libzip cannot write encrypted entries";
  }
  EXPECT_TRUE(Has(Refusal(ZipOf(WorkbookParts(""), "", 0, "rahasia")), "kata sandi"));
}

TEST(XlsxReadTest, TextThatIsNotUtf8IsRefusedWithItsRow) {
  EXPECT_TRUE(Has(Refusal(Workbook("<row r=\"4\"><c t=\"inlineStr\"><is><t>B\xE9la</t></is></c>"
                                   "</row>")),
                  "Baris 4: isi sel bukan teks UTF-8"));
  EXPECT_TRUE(Has(Refusal(Workbook(R"(<row r="2"><c t="inlineStr"><is><t>a_x0000_b</t></is>)"
                                   "</c></row>")),
                  "Baris 2"));
}

TEST(XlsxReadTest, LimitsAreRefusedWithTheRowNamed) {
  XlsxLimits limits;
  limits.max_rows = 2;
  limits.max_columns = 3;
  limits.max_cell_bytes = 5;
  limits.max_entries = 5;
  EXPECT_EQ(ReadXlsx(Workbook(R"(<row r="1"><c r="C1"><v>12345</v></c><c r="XFD1" s="1"/>)"
                              R"(</row><row r="9"><c><v>1</v></c></row>)"),
                     limits)
                .size(),
            2u);
  EXPECT_TRUE(Has(Refusal(Workbook("<row><c><v>1</v></c></row><row><c><v>2</v></c></row>"
                                   "<row><c><v>3</v></c></row>"),
                          limits),
                  "lebih dari 2 baris"));
  EXPECT_TRUE(Has(Refusal(Workbook(R"(<row r="12"><c r="D12"><v>1</v></c></row>)"), limits),
                  "Baris 12 punya lebih dari 3 kolom"));
  EXPECT_TRUE(Has(Refusal(Workbook(R"(<row r="7"><c t="inlineStr"><is><t>123456</t></is></c>)"
                                   "</row>"),
                          limits),
                  "Baris 7: isi satu sel lebih dari 5"));
  Entries many = WorkbookParts("");
  for (int i = 0; i < 5; ++i) many.emplace_back("docProps/extra" + std::to_string(i), "x");
  EXPECT_TRUE(Has(Refusal(ZipOf(many), limits), "lebih dari 5 bagian"));
}

TEST(XlsxReadTest, MarkupThatIsNotARowIsSkippedAndADoctypeRefused) {
  const auto rows = ReadXlsx(Workbook(
      R"(<!-- <row r="8"><c><v>8</v></c></row> --><?editor <row r="9">?>)"
      R"(<row r="1" x:note="a>b"><c r="A1" t="inlineStr"><is><t><![CDATA[</row><row>]]></t>)"
      R"(</is></c></row>)"));
  EXPECT_EQ(CellsOf(rows), (std::vector<Cells>{{"</row><row>"}}));
  EXPECT_EQ(NumbersOf(rows), (std::vector<size_t>{1}));

  Entries parts = WorkbookParts("");
  parts[2].second = R"(<!DOCTYPE w [<!ENTITY a "aaaaaaaa">]><worksheet><sheetData><row>)"
                    R"(<c t="inlineStr"><is><t>&a;</t></is></c></row></sheetData></worksheet>)";
  EXPECT_TRUE(Has(Refusal(ZipOf(parts)), "rusak"));
  parts[2].second = std::string("\xFF\xFE<\0w\0/\0>\0", 10);  // UTF-16
  EXPECT_TRUE(Has(Refusal(ZipOf(parts)), "rusak"));
}

// What a few KB of zip could make huge in memory is refused: one row of a million empty cells
// (each a node), every cell showing the same long shared string, more shared strings than
// cells.
TEST(XlsxReadTest, SmallXmlThatWouldTakeMuchMemoryIsRefused) {
  XlsxLimits limits;
  limits.max_columns = 4;
  limits.max_cell_bytes = 1000;
  std::string wide_row = "<row>";
  for (int i = 0; i < 300000; ++i) wide_row += "<c/>";
  EXPECT_TRUE(Has(Refusal(Workbook(wide_row + "</row>"), limits),
                  "terlalu besar untuk dibaca: satu baris atau teks di bagian "
                  "xl/worksheets/sheet1.xml"));

  limits.max_part_bytes = 100 * 1000;
  std::string same_string;
  for (int i = 0; i < 200; ++i) same_string += R"(<row><c t="s"><v>0</v></c></row>)";
  EXPECT_TRUE(
      Has(Refusal(Workbook(same_string, "<si><t>" + std::string(1000, 'x') + "</t></si>"), limits),
          "terlalu besar setelah dibuka"));

  limits.max_rows = 2;
  std::string strings;
  for (int i = 0; i < 9; ++i) strings += "<si><t>x</t></si>";
  EXPECT_TRUE(Has(Refusal(Workbook(R"(<row><c t="s"><v>0</v></c></row>)", strings), limits),
                  "lebih dari 8 teks berbeda"));
}

// A zip that unpacks past the limit is refused before it is all unpacked: by the size its
// directory claims, and when the directory lies, by the cap on the reading.
TEST(XlsxReadTest, ZipBombsAreRefused) {
  XlsxLimits limits;
  limits.max_part_bytes = 1024 * 1024;
  const std::string bomb = ZipBomb(5 * 1024 * 1024);
  EXPECT_LT(bomb.size(), 20000u);
  EXPECT_TRUE(Has(Refusal(bomb, limits),
                  "terlalu besar setelah dibuka: bagian "
                  "xl/worksheets/sheet1.xml lebih dari 1 MB"));
  EXPECT_TRUE(Has(Refusal(WithLyingSize(bomb), limits), "lebih dari 1 MB"));
}

TEST(XlsxReadTest, ABombPastTheDefaultLimitIsRefusedAtTheLimit) {
  const std::string bomb = WithLyingSize(ZipBomb(72 * 1024 * 1024));
  EXPECT_LT(bomb.size(), 200000u);
  EXPECT_TRUE(Has(Refusal(bomb), "lebih dari 64 MB"));
}

}  // namespace
}  // namespace billing::gateway
