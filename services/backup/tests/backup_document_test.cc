// Backup files: header round trip, version rules, unknown tables/columns, broken references,
// missing tables, the active admin rule, sealed secrets and the one-record-at-a-time reader.
#include "backup_document.h"

#include <sstream>

#include <gtest/gtest.h>

#include "testing/sample_data.h"

namespace billing::backup {
namespace {

using nlohmann::json;

const TableColumns kTables = testing::SampleTables();
const SchemaVersions kOurs = testing::SampleVersions();
constexpr const char* kPassphrase = testing::kSamplePassphrase;

// A cheap key for tests (the real export uses BackupCipher::kIterations).
const BackupCipher& TestCipher() {
  static const BackupCipher cipher = BackupCipher::Create(kPassphrase, testing::kCheapIterations);
  return cipher;
}

json ValidDocument() {
  json document =
      json::parse(DocumentHeader("2026-11-25T00:00:00Z", kOurs, TestCipher().Header()) + "}}");
  document["data"] = testing::SampleData();
  for (auto& [table, rows] : document["data"].items()) {
    for (auto& row : rows) SealSecrets(table, row, TestCipher());
  }
  return document;
}

errors::FieldErrors Problems(const json& document, const std::string& passphrase = kPassphrase,
                             std::string* message = nullptr) {
  try {
    ValidateDocument(document, kTables, kOurs, passphrase);
  } catch (const errors::Error& e) {
    EXPECT_EQ(e.code(), errors::Code::kInvalidArgument);
    if (message != nullptr) *message = e.message();
    return e.fields().empty() ? errors::FieldErrors{{"", e.message()}} : e.fields();
  }
  return {};
}

TEST(BackupDocumentTest, HeaderIsTheStartOfAValidDocument) {
  json document = ValidDocument();
  EXPECT_EQ(document["format"], kFormat);
  EXPECT_EQ(document["version"], kVersion);
  EXPECT_EQ(document["schema_versions"]["auth"], 2);
  EXPECT_EQ(document["encryption"]["kdf"], "pbkdf2-sha256");
  EXPECT_TRUE(Problems(document).empty());
}

TEST(BackupDocumentTest, RefusesOtherFilesAndFutureVersions) {
  EXPECT_FALSE(Problems(json{{"hello", "world"}}).empty());
  EXPECT_FALSE(Problems(json::array()).empty());
  json future = ValidDocument();
  future["version"] = kVersion + 1;
  EXPECT_EQ(Problems(future).count("version"), 1u);
  json newer_schema = ValidDocument();
  newer_schema["schema_versions"]["auth"] = 3;
  EXPECT_EQ(Problems(newer_schema).count("schema_versions.auth"), 1u);
}

TEST(BackupDocumentTest, RefusesUnknownTablesColumnsAndRecordsWithoutId) {
  json document = ValidDocument();
  document["data"]["evil.table"] = json::array();
  document["data"]["auth.users"][0]["is_root"] = true;
  document["data"]["customer.packages"].push_back({{"name", "no id"}});
  document["data"]["billing.transactions"].push_back(42);
  auto problems = Problems(document);
  EXPECT_EQ(problems.count("data.evil.table"), 1u);
  EXPECT_EQ(problems.count("data.auth.users.0.is_root"), 1u);
  EXPECT_EQ(problems.count("data.customer.packages.1.id"), 1u);
  EXPECT_EQ(problems.count("data.billing.transactions.1"), 1u);
}

TEST(BackupDocumentTest, RefusesBrokenReferences) {
  json document = ValidDocument();
  document["data"]["billing.transactions"][0]["customer_id"] = 99;
  document["data"]["customer.customers"][0]["package_id"] = 42;
  auto problems = Problems(document);
  EXPECT_EQ(problems.count("data.billing.transactions.0.customer_id"), 1u);
  EXPECT_EQ(problems.count("data.customer.customers.0.package_id"), 1u);
}

TEST(BackupDocumentTest, EmptyDataNamesEveryMissingTable) {
  json document = ValidDocument();
  document["data"] = json::object();
  std::string message;
  auto problems = Problems(document, kPassphrase, &message);
  for (const auto& [table, columns] : kTables) {
    EXPECT_EQ(problems.count("data." + table), 1u) << table;
    EXPECT_NE(message.find(table), std::string::npos) << message;
  }
}

TEST(BackupDocumentTest, OneMissingTableIsRefusedEvenWhenEverythingElseIsThere) {
  json document = ValidDocument();
  document["data"].erase("billing.transactions");
  document["data"]["customer.customers"] = json::array();  // an empty table is fine
  auto problems = Problems(document);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems.count("data.billing.transactions"), 1u);
}

TEST(BackupDocumentTest, NeedsAnActiveAdmin) {
  json inactive = ValidDocument();
  inactive["data"]["auth.users"][0]["active"] = false;
  EXPECT_EQ(Problems(inactive).count("data.auth.users"), 1u);
  json staff_only = ValidDocument();
  staff_only["data"]["auth.users"][0]["role"] = "staff";
  EXPECT_EQ(Problems(staff_only).count("data.auth.users"), 1u);
  json no_users = ValidDocument();
  no_users["data"]["auth.users"] = json::array();
  EXPECT_EQ(Problems(no_users).count("data.auth.users"), 1u);
}

TEST(BackupDocumentTest, SecretsAreSealedAndNeedThePassphrase) {
  json document = ValidDocument();
  std::string text = document.dump();
  for (const char* secret : {"rahasia-budi", "wa-token-123", "$argon2id$hash", "tripay-private-456",
                             "xnd-callback-789"}) {
    EXPECT_EQ(text.find(secret), std::string::npos) << secret;
  }
  EXPECT_EQ(document["data"]["billing.settings"][0]["document"]["whatsapp"]["url"], "u");
  EXPECT_EQ(
      document["data"]["billing.settings"][0]["document"]["payment"]["tripay"]["merchant_code"],
      "T1");
  json settings = document["data"]["billing.settings"][0];
  BackupCipher opener = BackupCipher::Open(document["encryption"], kPassphrase);
  EXPECT_TRUE(OpenSecrets("billing.settings", settings, opener).empty());
  EXPECT_EQ(settings["document"]["payment"]["tripay"]["private_key"], "tripay-private-456");
  EXPECT_EQ(settings["document"]["payment"]["xendit"]["callback_token"], "xnd-callback-789");
  EXPECT_EQ(Problems(document, "salah-sandi-nya").count("passphrase"), 1u);
  EXPECT_EQ(Problems(document, "").count("passphrase"), 1u);

  json row = document["data"]["customer.customers"][0];
  BackupCipher again = BackupCipher::Open(document["encryption"], kPassphrase);
  EXPECT_TRUE(OpenSecrets("customer.customers", row, again).empty());
  EXPECT_EQ(row["pppoe_password"], "rahasia-budi");
  // A sealed value moved to another field does not open there.
  json moved = document["data"]["billing.settings"][0];
  moved["document"]["whatsapp"]["token"] =
      document["data"]["customer.customers"][0]["pppoe_password"];
  EXPECT_EQ(OpenSecrets("billing.settings", moved, again).size(), 1u);
  json tampered = ValidDocument();
  std::string sealed = tampered["data"]["customer.customers"][0]["pppoe_password"];
  sealed[sealed.size() - 3] = sealed[sealed.size() - 3] == 'A' ? 'B' : 'A';
  tampered["data"]["customer.customers"][0]["pppoe_password"] = sealed;
  EXPECT_EQ(Problems(tampered).count("data.customer.customers.0.pppoe_password"), 1u);
}

TEST(BackupDocumentTest, PassphraseRules) {
  EXPECT_THROW(BackupCipher::Create("pendek"), errors::Error);
  EXPECT_THROW(BackupCipher::Create(""), errors::Error);
  EXPECT_NO_THROW(CheckPassphrase("ééééééééé"));
  EXPECT_THROW(CheckPassphrase("éééé"), errors::Error);  // 8 bytes, 4 characters
}

TEST(BackupDocumentTest, UnsealedFilesOfTheFirstVersionAreStillAccepted) {
  json document = json::parse(DocumentHeader("2026-11-25T00:00:00Z", kOurs, nullptr) + "}}");
  document.erase("encryption");
  document["version"] = 1;
  json sealed = ValidDocument();
  document["data"] = sealed["data"];
  document["data"]["customer.customers"][0]["pppoe_password"] = "rahasia-budi";
  EXPECT_TRUE(Problems(document, "").empty());
}

TEST(BackupDocumentTest, ScanGivesEveryRecordInOrderAndHeaderIsReadApart) {
  std::string text = DocumentHeader("2026-11-25T00:00:00Z", kOurs, TestCipher().Header());
  text += "\"customer.packages\":[{\"id\":3,\"name\":\"a\"},{\"id\":4,\"name\":\"b\"}],";
  text += "\"billing.transactions\":[]}}";
  std::istringstream header_in(text);
  json header = ReadHeader(header_in);
  EXPECT_EQ(header["format"], kFormat);
  EXPECT_EQ(header.count("data"), 0u);
  std::istringstream in(text);
  std::vector<std::string> seen;
  ScanDocument(in, {[&](const std::string& table) { seen.push_back("table " + table); },
                    [&](const std::string& table, size_t index, json& row) {
                      seen.push_back(table + " " + std::to_string(index) + " " + row.dump());
                    }});
  EXPECT_EQ(seen,
            (std::vector<std::string>{
                "table customer.packages", "customer.packages 0 {\"id\":3,\"name\":\"a\"}",
                "customer.packages 1 {\"id\":4,\"name\":\"b\"}", "table billing.transactions"}));
}

TEST(BackupDocumentTest, HeaderMayComeAfterData) {
  // A file re-saved by a tool that sorts keys ("data" before "format") is still a backup.
  std::istringstream in(ValidDocument().dump());
  json header = ReadHeader(in);
  EXPECT_EQ(header["format"], kFormat);
  EXPECT_EQ(header.count("data"), 0u);
}

TEST(BackupDocumentTest, ScanRefusesBadShapes) {
  auto scan = [](const std::string& text) {
    std::istringstream in(text);
    try {
      ScanDocument(in, {[](const std::string&) {}, [](const std::string&, size_t, json&) {}});
    } catch (const errors::Error& e) {
      return e.code() == errors::Code::kInvalidArgument;
    }
    return false;
  };
  EXPECT_TRUE(scan(""));
  EXPECT_TRUE(scan("[1,2]"));
  EXPECT_TRUE(scan("{\"format\":\"x\"}"));                     // no data
  EXPECT_TRUE(scan("{\"data\":[]}"));                          // data not an object
  EXPECT_TRUE(scan("{\"data\":{\"auth.users\":{}}}"));         // table not an array
  EXPECT_TRUE(scan("{\"data\":{\"auth.users\":[{\"id\":1}"));  // cut short
  EXPECT_FALSE(scan("{\"data\":{},\"version\":1}"));           // data first is fine
  std::istringstream not_json("PK\x03\x04");
  EXPECT_THROW(ReadHeader(not_json), errors::Error);
}

}  // namespace
}  // namespace billing::backup
