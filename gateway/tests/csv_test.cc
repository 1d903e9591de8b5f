// CSV reading (imports) and writing (reports): files as Indonesian Excel and LibreOffice write
// them, and what is not CSV refused with the row named.
#include "http/csv.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "errors/error.h"

namespace billing::gateway {
namespace {

using Cells = std::vector<std::string>;

std::vector<Cells> CellsOf(const std::vector<CsvRow>& rows) {
  std::vector<Cells> cells;
  for (const auto& row : rows) cells.push_back(row.cells);
  return cells;
}

std::vector<size_t> NumbersOf(const std::vector<CsvRow>& rows) {
  std::vector<size_t> numbers;
  for (const auto& row : rows) numbers.push_back(row.number);
  return numbers;
}

// The message of the InvalidArgument that reading `text` throws ("" when it reads).
std::string Refusal(const std::string& text, const CsvLimits& limits = {}) {
  try {
    ReadCsv(text, limits);
  } catch (const errors::Error& e) {
    EXPECT_EQ(e.code(), errors::Code::kInvalidArgument);
    return e.message();
  }
  return "";
}

TEST(CsvReadTest, IndonesianExcelSemicolonsBomAndWindowsLineEnds) {
  auto rows = ReadCsv("\xEF\xBB\xBFnama;telepon;alamat\r\nBudi;0812-1;\"Jl. Mawar, 3\"\r\n");
  EXPECT_EQ(CellsOf(rows), (std::vector<Cells>{{"nama", "telepon", "alamat"},
                                               {"Budi", "0812-1", "Jl. Mawar, 3"}}));
  EXPECT_EQ(NumbersOf(rows), (std::vector<size_t>{1, 2}));
}

TEST(CsvReadTest, CommasWhenTheFirstRowHasMoreOfThem) {
  auto rows = ReadCsv("nama,catatan\nSiti,\"bayar; nanti\"\n");
  EXPECT_EQ(CellsOf(rows), (std::vector<Cells>{{"nama", "catatan"}, {"Siti", "bayar; nanti"}}));
}

TEST(CsvReadTest, QuotedCellsKeepQuotesAndLineBreaksInOneRow) {
  auto rows = ReadCsv("a;b\n\"kata \"\"gas\"\"\";\"baris 1\nbaris 2\"\nc;d\rlast;x");
  EXPECT_EQ(CellsOf(rows),
            (std::vector<Cells>{
                {"a", "b"}, {"kata \"gas\"", "baris 1\nbaris 2"}, {"c", "d"}, {"last", "x"}}));
  // The line break inside the quoted cell does not count as a row.
  EXPECT_EQ(NumbersOf(rows), (std::vector<size_t>{1, 2, 3, 4}));
}

TEST(CsvReadTest, EmptyRowsAreLeftOutAndTheNumbersStayAsExcelShowsThem) {
  auto rows = ReadCsv("a;b\n\n;\n\"\";\"\"\nc;\n;d\n");
  EXPECT_EQ(CellsOf(rows), (std::vector<Cells>{{"a", "b"}, {"c", ""}, {"", "d"}}));
  EXPECT_EQ(NumbersOf(rows), (std::vector<size_t>{1, 5, 6}));
  EXPECT_TRUE(ReadCsv("").empty());
  EXPECT_TRUE(ReadCsv("\xEF\xBB\xBF\r\n\r\n").empty());
}

TEST(CsvReadTest, WhatTheReportsWriteReadsBack) {
  CsvWriter writer({"Nama", "Catatan"});
  writer.Row({"Budi \"Gas\"", "=1+1"});
  writer.Row({"Ani, RT 3", "baris\r\nkedua"});
  auto rows = ReadCsv(writer.ToResponse("x.csv").body);
  EXPECT_EQ(CellsOf(rows),
            (std::vector<Cells>{
                {"Nama", "Catatan"}, {"Budi \"Gas\"", "'=1+1"}, {"Ani, RT 3", "baris\r\nkedua"}}));
}

TEST(CsvReadTest, WhatIsNotTextIsRefused) {
  EXPECT_NE(Refusal(std::string("PK\x03\x04\0\0zip", 9)).find("bukan CSV"), std::string::npos);
  EXPECT_NE(Refusal("nama;kota\nB\xE9la;Bogor\n").find("UTF-8"), std::string::npos);  // Latin-1
}

TEST(CsvReadTest, BrokenQuotesNameTheirRow) {
  EXPECT_NE(Refusal("a;b\nc;\"tidak ditutup\nd;e\n").find("baris 2"), std::string::npos);
  EXPECT_NE(Refusal("a;b\nc;d\n\"x\"y;z\n").find("baris 3"), std::string::npos);
}

TEST(CsvReadTest, LimitsAreRefusedWithTheRowNamed) {
  CsvLimits limits;
  limits.max_rows = 2;
  limits.max_columns = 3;
  limits.max_cell_bytes = 5;
  EXPECT_EQ(ReadCsv("a;b;c\n12345;x;y\n", limits).size(), 2u);
  EXPECT_NE(Refusal("a\nb\nc\n", limits).find("lebih dari 2 baris"), std::string::npos);
  EXPECT_NE(Refusal("a;b;c\n1;2;3;4\n", limits).find("Baris 2"), std::string::npos);
  EXPECT_NE(Refusal("a\n\n123456\n", limits).find("Baris 3"), std::string::npos);
  EXPECT_NE(Refusal("a\n\"123456\"\n", limits).find("Baris 2"), std::string::npos);
}

}  // namespace
}  // namespace billing::gateway
