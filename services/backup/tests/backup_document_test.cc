// Backup files: header round trip, version rules, unknown tables/columns, broken references.
#include "backup_document.h"

#include <gtest/gtest.h>

namespace billing::backup {
namespace {

using nlohmann::json;

const TableColumns kTables = {
    {"auth.users", {"id", "username", "role"}},
    {"customer.packages", {"id", "name"}},
    {"customer.customers", {"id", "name", "package_id"}},
    {"billing.transactions", {"id", "customer_id", "amount"}},
};
const SchemaVersions kOurs = {{"auth", 2}, {"customer", 1}, {"billing", 1}};

json ValidDocument() {
  json document = json::parse(DocumentHeader("2026-11-25T00:00:00Z", kOurs) + "}}");
  document["data"] = {
      {"auth.users", {{{"id", 1}, {"username", "admin"}, {"role", "admin"}}}},
      {"customer.packages", {{{"id", 3}, {"name", "10 Mbps"}}}},
      {"customer.customers",
       {{{"id", 7}, {"name", "Budi"}, {"package_id", 3}},
        {{"id", 8}, {"name", "Sri"}, {"package_id", nullptr}}}},
      {"billing.transactions", {{{"id", 1}, {"customer_id", 7}, {"amount", 150000}}}},
  };
  return document;
}

errors::FieldErrors Problems(const json& document) {
  try {
    ValidateDocument(document, kTables, kOurs);
  } catch (const errors::Error& e) {
    EXPECT_EQ(e.code(), errors::Code::kInvalidArgument);
    return e.fields().empty() ? errors::FieldErrors{{"", e.message()}} : e.fields();
  }
  return {};
}

TEST(BackupDocumentTest, HeaderIsTheStartOfAValidDocument) {
  json document = json::parse(DocumentHeader("2026-11-25T00:00:00Z", kOurs) + "}}");
  EXPECT_EQ(document["format"], kFormat);
  EXPECT_EQ(document["version"], kVersion);
  EXPECT_EQ(document["schema_versions"]["auth"], 2);
  EXPECT_TRUE(Problems(ValidDocument()).empty());
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

}  // namespace
}  // namespace billing::backup
