// A small suite's worth of data for the backup tests: an active admin, a package, two customers
// (one with a PPPoE password, one without a package), a bill and the settings with the WhatsApp
// token, with the tables and schema versions of a database that holds them.
#pragma once

#include <nlohmann/json.hpp>

#include "backup_document.h"
#include "testing/fake_backup_store.h"

namespace billing::backup::testing {

// The passphrase the samples are sealed with, and a PBKDF2 cost that keeps tests quick.
inline constexpr const char* kSamplePassphrase = "kata-sandi-cadangan";
inline constexpr int kCheapIterations = 100000;

inline TableColumns SampleTables() {
  return {
      {"auth.users", {"id", "username", "role", "active", "password_hash"}},
      {"customer.packages", {"id", "name"}},
      {"customer.customers", {"id", "name", "package_id", "pppoe_password"}},
      {"billing.transactions", {"id", "customer_id", "amount"}},
      {"billing.settings", {"id", "document"}},
  };
}

inline SchemaVersions SampleVersions() { return {{"auth", 2}, {"customer", 1}, {"billing", 1}}; }

// The records in clear text, as a document's "data": table -> array of records.
inline nlohmann::json SampleData() {
  return {
      {"auth.users",
       {{{"id", 1},
         {"username", "admin"},
         {"role", "admin"},
         {"active", true},
         {"password_hash", "$argon2id$hash"}}}},
      {"customer.packages", {{{"id", 3}, {"name", "10 Mbps"}}}},
      {"customer.customers",
       {{{"id", 7}, {"name", "Budi"}, {"package_id", 3}, {"pppoe_password", "rahasia-budi"}},
        {{"id", 8}, {"name", "Sri"}, {"package_id", nullptr}}}},
      {"billing.transactions", {{{"id", 1}, {"customer_id", 7}, {"amount", 150000}}}},
      {"billing.settings",
       {{{"id", 1},
         {"document",
          {{"whatsapp", {{"token", "wa-token-123"}, {"url", "u"}}},
           {"payment",
            {{"provider", "tripay"},
             {"tripay", {{"merchant_code", "T1"}, {"private_key", "tripay-private-456"}}},
             {"xendit", {{"callback_token", "xnd-callback-789"}}}}}}}}}},
  };
}

inline void FillSample(FakeBackupStore& store) {
  store.tables = SampleTables();
  store.versions = SampleVersions();
  store.rows.clear();
  const nlohmann::json data = SampleData();
  for (const auto& [table, rows] : data.items()) {
    store.rows[table] = rows.get<std::vector<nlohmann::json>>();
  }
}

}  // namespace billing::backup::testing
