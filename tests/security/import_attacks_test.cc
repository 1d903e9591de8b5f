// Attacks through the customer import and the exports (issue 16), against the real gateway and
// services: each must be refused (or defused) and change nothing.
#include <chrono>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api_test.h"
#include "xlsx_files.h"

namespace billing::testing {
namespace {

using nlohmann::json;

class ImportAttacksTest : public ApiTest {
 protected:
  HttpResponse Check(const std::string& file, const std::string& token = "") {
    HttpHeaders headers = BearerHeaders(token.empty() ? staff_ : token);
    headers["Content-Type"] = "application/octet-stream";
    return Stack().Http().Post("/api/customers/import?dry_run=true", file, headers);
  }

  static std::string Customers() {
    return Sql(
        "SELECT count(*) || '/' || (SELECT count(*) FROM events.outbox) FROM "
        "customer.customers");
  }

  static std::string Header() {
    return "<row r=\"1\">" + InlineCell("A1", "Nama") + InlineCell("B1", "Telepon") +
           InlineCell("C1", "Jenis") + "</row>";
  }
};

// An XML external entity in the shared strings must not pull a server file into a customer.
TEST_F(ImportAttacksTest, ExternalEntitiesAreNeverResolved) {
  std::string strings =
      "<?xml version=\"1.0\"?><!DOCTYPE sst [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
      "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
      "<si><t>&xxe;</t></si></sst>";
  std::string file =
      Workbook(Header() + "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>0</v></c>" +
                   InlineCell("B2", "081234567890") + InlineCell("C2", "gas") + "</row>",
               {{"xl/sharedStrings.xml", strings}});
  HttpResponse response = Check(file);
  ASSERT_TRUE(response.status == 200 || response.status == 400) << response.Describe();
  EXPECT_EQ(response.body.find("root:"), std::string::npos) << response.body;
}

// Billion laughs: nested entities that would expand to gigabytes.
TEST_F(ImportAttacksTest, EntityExpansionDoesNotBlowUpTheGateway) {
  std::string doctype = "<!DOCTYPE sst [<!ENTITY a \"aaaaaaaaaa\">";
  std::string previous = "a";
  for (char c = 'b'; c <= 'j'; ++c) {
    std::string references;
    for (int i = 0; i < 10; ++i) references += "&" + previous + ";";
    doctype += std::string("<!ENTITY ") + c + " \"" + references + "\">";
    previous = std::string(1, c);
  }
  doctype += "]>";
  std::string strings = "<?xml version=\"1.0\"?>" + doctype +
                        "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                        "<si><t>&j;</t></si></sst>";
  std::string file =
      Workbook(Header() + "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>0</v></c>" +
                   InlineCell("B2", "081234567890") + InlineCell("C2", "gas") + "</row>",
               {{"xl/sharedStrings.xml", strings}});
  std::string before = Customers();
  HttpResponse response = Check(file);
  ASSERT_TRUE(response.status == 200 || response.status == 400) << response.Describe();
  EXPECT_LT(response.body.size(), 100000u);
  EXPECT_EQ(Stack().Http().Get("/healthz").status, 200) << "the gateway is still up";
  EXPECT_EQ(Customers(), before);
}

// A sheet that is small zipped but huge unzipped, and one whose directory lies about its size.
TEST_F(ImportAttacksTest, ZipBombsAreRefusedWithBoundedWork) {
  std::string sheet =
      "<row r=\"1\">" + InlineCell("A1", "Nama") + "</row>" + std::string(150u << 20, ' ');
  std::string bomb = Workbook(sheet);
  ASSERT_LT(bomb.size(), 2u << 20);
  std::string before = Customers();
  auto started = std::chrono::steady_clock::now();
  HttpResponse response = Check(bomb);
  EXPECT_EQ(response.status, 400) << response.Describe();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(20));
  EXPECT_EQ(Stack().Http().Get("/healthz").status, 200);
  EXPECT_EQ(Customers(), before);
}

// More rows than an import takes, in a file under the size limit.
TEST_F(ImportAttacksTest, OversizedSheetsAreRefusedWhole) {
  std::string file = "Nama,Telepon,Jenis\n";
  for (int i = 0; i < 100'001; ++i) file += "a,0812,gas\n";
  ASSERT_LT(file.size(), 10u << 20);
  std::string before = Customers();
  HttpResponse response = Check(file);
  EXPECT_EQ(response.status, 400) << response.Describe();
  EXPECT_EQ(Customers(), before);
}

// A name that Excel would run as a formula comes out of a CSV export defused and out of an
// .xlsx export as text, never as a formula.
TEST_F(ImportAttacksTest, ExportsNeverHandExcelAFormula) {
  Admin().CreateGasCustomer({{"name", "=HYPERLINK(\"http://evil.example\",\"klik\")"}});
  Admin().CreateGasCustomer({{"name", "@SUM(1+1)"}, {"phone", "0813-1111-2222"}});
  HttpResponse csv = Stack().Http().Get("/api/customers/export?format=csv", staff_);
  ASSERT_EQ(csv.status, 200) << csv.Describe();
  EXPECT_NE(csv.body.find("\"'=HYPERLINK("), std::string::npos) << csv.body;
  EXPECT_NE(csv.body.find("\"'@SUM(1+1)\""), std::string::npos) << csv.body;
  EXPECT_EQ(csv.body.find(",\"=HYPERLINK"), std::string::npos);
  HttpResponse xlsx = Stack().Http().Get("/api/customers/export?format=xlsx", staff_);
  ASSERT_EQ(xlsx.status, 200);
  // Deflated, the sheet cannot be searched for "<f>"; read back through the import instead:
  // the names come back as the same text, so they were stored as text.
  Stack().ResetToSeed();
  LogIn();
  HttpResponse checked = Check(xlsx.body);
  ASSERT_EQ(checked.status, 200) << checked.Describe();
  EXPECT_EQ(checked.Json()["rows"], 2);
  EXPECT_EQ(checked.Json()["errors"], json::array());
}

// PPPoE passwords in an export are for admins only; the attempt leaves no password anywhere.
TEST_F(ImportAttacksTest, StaffCannotExportPasswords) {
  int64_t package = Admin().CreatePackage();
  Admin().CreateInternetCustomer(package, {{"pppoe_password", "jangan-bocor"}});
  for (const char* format : {"csv", "xlsx"}) {
    HttpResponse response = Stack().Http().Get(
        std::string("/api/customers/export?with_passwords=true&format=") + format, staff_);
    EXPECT_EQ(response.status, 403) << response.Describe();
    EXPECT_EQ(response.body.find("jangan-bocor"), std::string::npos);
  }
  HttpResponse plain = Stack().Http().Get("/api/customers/export?format=csv", staff_);
  EXPECT_EQ(plain.body.find("jangan-bocor"), std::string::npos);
  EXPECT_EQ(Sql("SELECT count(*) FROM events.outbox WHERE action = 'export_passwords'"), "0");
}

// Without a session nothing is read or written; a form post from another site (its content
// types) never reaches the import.
TEST_F(ImportAttacksTest, NoSessionAndCrossSiteFormsAreRefused) {
  std::string file = "Nama,Telepon,Jenis\r\nSiti,081234567890,gas\r\n";
  std::string before = Customers();
  EXPECT_EQ(
      Stack().Http().Post("/api/customers/import", file, {{"Content-Type", "text/csv"}}).status,
      401);
  for (const char* type : {"application/x-www-form-urlencoded", "text/plain"}) {
    HttpHeaders headers = BearerHeaders(staff_);
    headers["Content-Type"] = type;
    EXPECT_EQ(Stack().Http().Post("/api/customers/import", file, headers).status, 415) << type;
  }
  EXPECT_EQ(Customers(), before);
  EXPECT_EQ(Stack().Http().Get("/api/customers/export").status, 401);
  EXPECT_EQ(Stack().Http().Get("/api/transactions/export").status, 401);
}

}  // namespace
}  // namespace billing::testing

int main(int argc, char** argv) {
  billing::testing::UseFullStack(&argc, argv);
  return RUN_ALL_TESTS();
}
