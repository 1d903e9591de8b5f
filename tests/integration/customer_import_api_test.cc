// Customer import and the exports through the gateway, as an owner switching to the suite uses
// them: the template round trip (export, empty suite, import: the same customers and unpaid
// bills), a bad row among 1,000 (nothing applied, row and column named), duplicates within the
// file and against the database, Indonesian Excel's CSV, .xlsx with formulas, and files that
// must be refused (a zip bomb renamed .xlsx, 20 MB, not a spreadsheet).
#include <chrono>

#include <gtest/gtest.h>

#include "api_test.h"
#include "support/wait_for.h"
#include "xlsx_files.h"

namespace billing::testing {
namespace {

using nlohmann::json;

const char* const kHeader =
    "Nama,Jenis,Telepon,Alamat,Paket,Harga Paket,Biaya Bulanan,Username PPPoE,Password PPPoE,"
    "Tanggal Jatuh Tempo,Status,Catatan,Tanggal Pasang,Harga Gas,Tunggakan\r\n";

class CustomerImportApiTest : public ApiTest {
 protected:
  HttpResponse Upload(const std::string& query, const std::string& file,
                      const std::string& token = "",
                      const std::string& type = "application/octet-stream") {
    HttpHeaders headers = BearerHeaders(token.empty() ? staff_ : token);
    headers["Content-Type"] = type;
    return Stack().Http().Post("/api/customers/import" + query, file, headers);
  }

  json Check(const std::string& file) {
    HttpResponse response = Upload("?dry_run=true", file);
    EXPECT_EQ(response.status, 200) << response.Describe();
    return response.status == 200 ? response.Json() : json::object();
  }

  json Apply(const std::string& file, const std::string& query = "") {
    HttpResponse response = Upload(query, file);
    EXPECT_EQ(response.status, 200) << response.Describe();
    return response.status == 200 ? response.Json() : json::object();
  }

  // An empty suite again (the seeded database), logged in anew.
  static void Fresh() {
    Stack().ResetToSeed();
    LogIn();
  }

  static int64_t LiveCustomers() {
    return std::stoll(Sql("SELECT count(*) FROM customer.customers WHERE deleted_at IS NULL"));
  }

  // Everything imports can change, for "nothing changed" checks.
  static std::string State() {
    return Sql(
        "SELECT (SELECT count(*) FROM customer.customers) || '/' || "
        "(SELECT count(*) FROM customer.packages) || '/' || "
        "(SELECT count(*) FROM billing.transactions) || '/' || "
        "(SELECT count(*) FROM events.outbox)");
  }

  // `count` valid internet rows on `package` named "Impor N" with usernames "imporN".
  static std::string Rows(int count, const std::string& package, int first = 1) {
    std::string text;
    for (int i = first; i < first + count; ++i) {
      std::string n = std::to_string(i);
      text += "Impor " + n + ",internet,0812" + std::to_string(10000000 + i) + ",Jl. Mawar " + n +
              "," + package + ",,,impor" + n + ",rahasia" + n + ",15,aktif,,,,\r\n";
    }
    return text;
  }
};

TEST_F(CustomerImportApiTest, TemplateDownloadsAsCsvAndXlsxWithTheIndonesianColumns) {
  HttpResponse csv = Stack().Http().Get("/api/customers/import/template?format=csv", staff_);
  ASSERT_EQ(csv.status, 200) << csv.Describe();
  EXPECT_NE(csv.headers["content-type"].find("text/csv"), std::string::npos);
  EXPECT_NE(csv.body.find("\"Nama\",\"Jenis\",\"Telepon\""), std::string::npos) << csv.body;
  EXPECT_NE(csv.body.find("\"Tunggakan\""), std::string::npos);
  HttpResponse xlsx = Stack().Http().Get("/api/customers/import/template?format=xlsx", staff_);
  ASSERT_EQ(xlsx.status, 200) << xlsx.Describe();
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
  EXPECT_NE(xlsx.headers["content-disposition"].find(".xlsx"), std::string::npos);
  EXPECT_EQ(Stack().Http().Get("/api/customers/import/template?format=pdf", staff_).status, 400);
  EXPECT_EQ(Stack().Http().Get("/api/customers/import/template").status, 401);
}

TEST_F(CustomerImportApiTest, TheTemplateItselfImports) {
  for (const char* format : {"csv", "xlsx"}) {
    SCOPED_TRACE(format);
    Fresh();
    int64_t before = LiveCustomers();
    HttpResponse file =
        Stack().Http().Get(std::string("/api/customers/import/template?format=") + format, staff_);
    ASSERT_EQ(file.status, 200);
    json checked = Check(file.body);
    EXPECT_EQ(checked["rows"], 2) << checked.dump();
    EXPECT_EQ(checked["valid"], 2) << checked.dump();
    ASSERT_EQ(checked["new_packages"].size(), 1u) << checked.dump();
    EXPECT_EQ(checked["new_packages"][0]["name"], "Paket 10 Mbps");
    EXPECT_EQ(checked["new_packages"][0]["price"], 150000);
    EXPECT_EQ(Upload("", file.body).status, 409) << "new packages need consent";
    json applied = Apply(file.body, "?create_packages=true");
    EXPECT_EQ(applied["imported"], 2) << applied.dump();
    EXPECT_EQ(applied["bills"], 2) << applied.dump();
    EXPECT_EQ(applied["packages_created"], 1);
    EXPECT_EQ(LiveCustomers(), before + 2);
  }
}

TEST_F(CustomerImportApiTest, ExportImportsBackIntoAnEmptySuiteUnchanged) {
  int64_t package = Admin().CreatePackage({{"name", "Paket Rumah 20M"}, {"price", 200000}});
  int64_t budi = Admin().CreateInternetCustomer(package, {{"name", "=1+1 Budi"},
                                                          {"pppoe_username", "budi.rt02"},
                                                          {"pppoe_password", "s3cret pass"},
                                                          {"monthly_fee", 180000},
                                                          {"due_day", 5},
                                                          {"address", "Jl. Melati 5\nRT 02"},
                                                          {"installed_at", "2025-03-01"}});
  Admin().CreateInternetCustomer(package, {{"name", "Ani"},
                                           {"pppoe_username", "ani"},
                                           {"phone", "0813-1111-2222"},
                                           {"status", "isolated"}});
  Admin().CreateGasCustomer({{"name", "Warung Siti"}, {"gas_price", 23000}, {"notes", "3 kg"}});
  Admin().CreateBill(budi, "2026-01");
  Admin().CreateBill(budi, "2026-02");
  const char* kCustomers =
      "SELECT string_agg(concat_ws('|', type, c.name, phone, address, notes, status, "
      "pppoe_username, pppoe_password, coalesce(p.name, ''), monthly_fee, due_day, installed_at, "
      "gas_price), ';' ORDER BY c.name) FROM customer.customers c "
      "LEFT JOIN customer.packages p ON p.id = c.package_id WHERE c.deleted_at IS NULL";
  const char* kUnpaid =
      "SELECT string_agg(customer_name || ':' || period || ':' || amount || ':' || due_date, ';' "
      "ORDER BY period) FROM billing.transactions WHERE status = 'unpaid'";
  std::string customers = Sql(kCustomers);
  std::string unpaid = Sql(kUnpaid);
  ASSERT_NE(unpaid, "");

  std::map<std::string, std::string> files;
  for (const char* format : {"csv", "xlsx"}) {
    HttpResponse exported = Stack().Http().Get(
        std::string("/api/customers/export?with_passwords=true&format=") + format, admin_);
    ASSERT_EQ(exported.status, 200) << exported.Describe();
    EXPECT_EQ(exported.headers["cache-control"], "no-store");
    files[format] = exported.body;
  }
  EXPECT_NE(files["csv"].find("\"'=1+1 Budi\""), std::string::npos) << "formula defused";
  EXPECT_NE(files["csv"].find("s3cret pass"), std::string::npos);
  EXPECT_EQ(Sql("SELECT count(*) FROM events.outbox WHERE action = 'export_passwords'"), "2");
  HttpResponse plain = Stack().Http().Get("/api/customers/export?format=csv", staff_);
  ASSERT_EQ(plain.status, 200) << plain.Describe();
  EXPECT_EQ(plain.body.find("s3cret"), std::string::npos) << "no passwords unless asked";
  EXPECT_NE(plain.body.find("budi.rt02"), std::string::npos);

  for (const auto& [format, file] : files) {
    SCOPED_TRACE(format);
    Fresh();
    json checked = Check(file);
    EXPECT_EQ(checked["rows"], 3) << checked.dump();
    EXPECT_EQ(checked["errors"], json::array()) << checked.dump();
    json applied = Apply(file, "?create_packages=true");
    EXPECT_EQ(applied["imported"], 3) << applied.dump();
    EXPECT_EQ(applied["bills"], 2);
    EXPECT_EQ(Sql(kCustomers), customers);
    EXPECT_EQ(Sql(kUnpaid), unpaid);
  }
}

TEST_F(CustomerImportApiTest, OneBadRowAmongAThousandAppliesNothingAndNamesRowAndColumn) {
  Admin().CreatePackage({{"name", "Paket 10M"}, {"price", 150000}});
  std::string file =
      std::string(kHeader) + Rows(499, "Paket 10M") +
      "Salah Satu,internet,12345,Jl. Mawar,Paket 10M,,,salah.satu,rahasia,15,aktif,,,,\r\n" +
      Rows(500, "Paket 10M", 500);
  std::string before = State();
  json checked = Check(file);
  EXPECT_EQ(checked["rows"], 1000);
  EXPECT_EQ(checked["valid"], 999);
  ASSERT_EQ(checked["errors"].size(), 1u) << checked.dump();
  EXPECT_EQ(checked["errors"][0]["row"], 501) << "the header is row 1";
  EXPECT_EQ(checked["errors"][0]["column"], "Telepon");
  EXPECT_FALSE(checked["errors"][0]["message"].get<std::string>().empty());
  ASSERT_EQ(checked["error_rows"].size(), 1u);
  EXPECT_EQ(checked["error_rows"][0]["cells"][2], "12345");
  EXPECT_EQ(checked["columns"][2], "Telepon");

  HttpResponse refused = Upload("", file);
  EXPECT_EQ(refused.status, 422) << refused.Describe();
  EXPECT_EQ(refused.Json()["error"]["code"], "import_invalid");
  EXPECT_EQ(refused.Json()["errors"].size(), 1u);
  EXPECT_EQ(State(), before) << "nothing applied";

  std::string fixed = file;
  fixed.replace(fixed.find(",12345,"), 7, ",0857-1234-5678,");
  json applied = Apply(fixed);
  EXPECT_EQ(applied["imported"], 1000) << applied.dump();
  EXPECT_EQ(
      Sql("SELECT count(*) FROM events.outbox WHERE entity = 'customer' AND action = 'import'"),
      "1")
      << "one audit row for the whole import";
  EXPECT_EQ(
      Sql("SELECT summary FROM events.outbox WHERE action = 'import' AND entity = 'customer'"),
      "Impor 1.000 pelanggan");
  // The network service takes the new internet customers up without a call per customer.
  EXPECT_TRUE(WaitFor(
      [] { return Sql("SELECT count(*) FROM network.subscribers WHERE NOT deleted") == "1000"; },
      std::chrono::seconds(60), "the network mirror holds the imported customers"));
}

TEST_F(CustomerImportApiTest, DuplicatesWithinTheFileAndAgainstTheDatabaseAreNamed) {
  int64_t package = Admin().CreatePackage({{"name", "Paket 10M"}, {"price", 150000}});
  Admin().CreateInternetCustomer(package, {{"pppoe_username", "sudah.ada"}});
  Admin().CreateGasCustomer({{"name", "Bu Tini"}, {"phone", "0811-2222-3333"}});
  std::string file = std::string(kHeader) +
                     "Satu,internet,081200000001,,Paket 10M,,,dobel,a,10,,,,,\r\n"
                     "Dua,internet,081200000002,,Paket 10M,,,DOBEL,b,10,,,,,\r\n"
                     "Tiga,internet,081200000003,,Paket 10M,,,sudah.ada,c,10,,,,,\r\n"
                     "Bu Tini,gas,0811 2222 3333,,,,,,,10,,,,,\r\n";
  std::string before = State();
  json checked = Check(file);
  ASSERT_EQ(checked["errors"].size(), 3u) << checked.dump();
  EXPECT_EQ(checked["errors"][0]["row"], 3);
  EXPECT_EQ(checked["errors"][0]["column"], "Username PPPoE");
  EXPECT_EQ(checked["errors"][0]["message"], "Sama dengan baris 2");
  EXPECT_EQ(checked["errors"][1]["row"], 4);
  EXPECT_EQ(checked["errors"][1]["column"], "Username PPPoE");
  EXPECT_EQ(checked["errors"][2]["row"], 5);
  EXPECT_EQ(checked["errors"][2]["column"], "Nama");
  EXPECT_EQ(checked["valid"], 1);
  EXPECT_EQ(Upload("", file).status, 422);
  EXPECT_EQ(State(), before);
}

TEST_F(CustomerImportApiTest, SemicolonCsvWithWindowsLineEndsAndABomImports) {
  Admin().CreatePackage({{"name", "Paket 5M"}, {"price", 100000}});
  std::string file =
      "\xEF\xBB\xBFnama;jenis;no hp;alamat;paket;username;password;jatuh tempo;tunggakan\r\n"
      "\"Pak Joko; RT 03\";internet;0812-7777-8888;\"Jl. Kenari 1\r\nBelakang masjid\";paket 5m;"
      "joko;rahasia;12;\"2026-08;2026-09\"\r\n"
      "Bu Rina;gas;6285711112222;;;;;;\r\n";
  json applied = Apply(file);
  EXPECT_EQ(applied["imported"], 2) << applied.dump();
  EXPECT_EQ(applied["bills"], 2);
  EXPECT_EQ(Sql("SELECT replace(address, E'\\r\\n', ' / ') || '|' || due_day || '|' || phone "
                "FROM customer.customers WHERE pppoe_username = 'joko'"),
            "Jl. Kenari 1 / Belakang masjid|12|6281277778888");
  EXPECT_EQ(
      Sql("SELECT string_agg(period, ',' ORDER BY period) FROM billing.transactions t "
          "JOIN customer.customers c ON c.id = t.customer_id WHERE c.name = 'Pak Joko; RT 03'"),
      "2026-08,2026-09");
}

TEST_F(CustomerImportApiTest, XlsxFormulasAreReadAsTheirValuesNeverEvaluated) {
  Admin().CreatePackage({{"name", "Paket 10M"}, {"price", 150000}});
  std::string header;
  const char* titles[] = {"Nama",           "Telepon",        "Paket",
                          "Username PPPoE", "Password PPPoE", "Tanggal Jatuh Tempo",
                          "Catatan"};
  for (int i = 0; i < 7; ++i) {
    header += InlineCell(std::string(1, static_cast<char>('A' + i)) + "1", titles[i]);
  }
  std::string row =
      "<c r=\"A2\" t=\"str\"><f>CONCATENATE(\"Bu \",\"Ida\")</f><v>Bu Ida</v></c>" +
      InlineCell("B2", "081299990000") + InlineCell("C2", "Paket 10M") + InlineCell("D2", "ida") +
      InlineCell("E2", "rahasia") +
      "<c r=\"F2\"><f>5*2</f><v>10</v></c>"
      "<c r=\"G2\" t=\"str\"><f>HYPERLINK(\"http://evil.example\",\"klik\")</f><v>klik</v></c>";
  std::string file = Workbook("<row r=\"1\">" + header + "</row><row r=\"2\">" + row + "</row>");
  json applied = Apply(file);
  EXPECT_EQ(applied["imported"], 1) << applied.dump();
  EXPECT_EQ(Sql("SELECT name || '|' || due_day || '|' || notes FROM customer.customers WHERE "
                "pppoe_username = 'ida'"),
            "Bu Ida|10|klik");
}

TEST_F(CustomerImportApiTest, FilesThatAreNotSpreadsheetsAreRefusedAndChangeNothing) {
  std::string before = State();
  // A zip bomb renamed .xlsx: one sheet of 200 MB of the same byte.
  std::string bomb = Zip({{"xl/workbook.xml", "<workbook/>"},
                          {"xl/worksheets/sheet1.xml", std::string(200u << 20, 'A')}});
  ASSERT_LT(bomb.size(), 2u << 20);
  auto started = std::chrono::steady_clock::now();
  HttpResponse refused = Upload("?dry_run=true", bomb);
  EXPECT_EQ(refused.status, 400) << refused.Describe();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(20));
  EXPECT_FALSE(refused.Json()["error"]["message"].get<std::string>().empty());

  std::string png = "\x89PNG\r\n\x1a\n" + std::string(100, '\0');
  HttpResponse not_sheet = Upload("?dry_run=true", png);
  EXPECT_EQ(not_sheet.status, 400) << not_sheet.Describe();
  EXPECT_EQ(not_sheet.Json()["error"]["code"], "invalid_argument");
  EXPECT_EQ(
      Upload("?dry_run=true", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + std::string(512, '\0')).status,
      400)
      << "an old .xls or a password-protected workbook";
  EXPECT_EQ(Upload("?dry_run=true", "PK\x03\x04 broken zip").status, 400);
  EXPECT_EQ(Upload("?dry_run=true", "just,some,words\r\n").status, 400) << "no Nama column";
  EXPECT_EQ(Upload("?dry_run=true", "").status, 400);

  std::string big = std::string(kHeader) + std::string(20u << 20, 'x');
  HttpResponse too_big = Upload("?dry_run=true", big);
  EXPECT_EQ(too_big.status, 413) << too_big.Describe();
  EXPECT_EQ(State(), before);
}

TEST_F(CustomerImportApiTest, RolesAndLoginGuardTheImportAndTheExports) {
  std::string file = std::string(kHeader) + Rows(1, "X");
  EXPECT_EQ(Stack()
                .Http()
                .Post("/api/customers/import?dry_run=true", file,
                      {{"Content-Type", "application/octet-stream"}})
                .status,
            401);
  EXPECT_EQ(Stack().Http().Get("/api/customers/export?format=csv").status, 401);
  EXPECT_EQ(Stack().Http().Get("/api/transactions/export?format=csv").status, 401);
  HttpResponse staff_passwords =
      Stack().Http().Get("/api/customers/export?with_passwords=true", staff_);
  EXPECT_EQ(staff_passwords.status, 403) << staff_passwords.Describe();
  EXPECT_EQ(Sql("SELECT count(*) FROM events.outbox WHERE action = 'export_passwords'"), "0");
  EXPECT_EQ(Upload("?dry_run=maybe", file).status, 400);
  EXPECT_EQ(Upload("?dry_run=true", file, "", "application/x-www-form-urlencoded").status, 415);
}

TEST_F(CustomerImportApiTest, TransactionsExportFollowsTheListFilters) {
  int64_t package = Admin().CreatePackage({{"price", 150000}});
  int64_t customer = Admin().CreateInternetCustomer(package, {{"name", "Pak Harun"}});
  json paid = Admin().CreateBill(customer, "2026-01");
  Admin().MarkPaid(paid["id"].get<int64_t>());
  Admin().CreateBill(customer, "2026-02");
  HttpResponse unpaid =
      Stack().Http().Get("/api/transactions/export?format=csv&status=unpaid", staff_);
  ASSERT_EQ(unpaid.status, 200) << unpaid.Describe();
  EXPECT_NE(unpaid.body.find("2026-02"), std::string::npos);
  EXPECT_EQ(unpaid.body.find("2026-01"), std::string::npos);
  EXPECT_NE(unpaid.body.find("Pak Harun"), std::string::npos);
  EXPECT_NE(unpaid.body.find("No. Invoice"), std::string::npos);
  std::string number = Sql("SELECT invoice_no FROM billing.transactions WHERE period = '2026-02'");
  EXPECT_NE(unpaid.body.find(number), std::string::npos) << "the bill's invoice number: " << number;
  HttpResponse xlsx = Stack().Http().Get("/api/transactions/export?format=xlsx", staff_);
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
  EXPECT_EQ(Stack().Http().Get("/api/transactions/export?status=bogus", staff_).status, 400);
}

}  // namespace
}  // namespace billing::testing

int main(int argc, char** argv) {
  billing::testing::UseFullStack(&argc, argv);
  return RUN_ALL_TESTS();
}
