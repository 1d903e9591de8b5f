// A small suite's worth of data for the backup logic's tests: an active admin, a package, a
// customer with a PPPoE password, a bill and the settings with the WhatsApp token.
#pragma once

#include "testing/fake_backup_store.h"

namespace billing::backup::testing {

// The passphrase the samples are exported with, and a PBKDF2 cost that keeps tests quick.
inline constexpr const char* kSamplePassphrase = "kata-sandi-cadangan";
inline constexpr int kCheapIterations = 100000;

inline void FillSample(FakeBackupStore& store) {
  store.tables = {
      {"auth.users", {"id", "username", "role", "active", "password_hash"}},
      {"customer.packages", {"id", "name"}},
      {"customer.customers", {"id", "name", "package_id", "pppoe_password"}},
      {"billing.transactions", {"id", "customer_id", "amount"}},
      {"billing.settings", {"id", "document"}},
  };
  store.versions = {{"auth", 2}, {"customer", 1}, {"billing", 1}};
  store.rows = {
      {"auth.users",
       {{{"id", 1},
         {"username", "admin"},
         {"role", "admin"},
         {"active", true},
         {"password_hash", "$argon2id$hash"}}}},
      {"customer.packages", {{{"id", 3}, {"name", "10 Mbps"}}}},
      {"customer.customers",
       {{{"id", 7}, {"name", "Budi"}, {"package_id", 3}, {"pppoe_password", "rahasia-budi"}}}},
      {"billing.transactions", {{{"id", 1}, {"customer_id", 7}, {"amount", 150000}}}},
      {"billing.settings",
       {{{"id", 1}, {"document", {{"whatsapp", {{"token", "wa-token-123"}, {"url", "u"}}}}}}}},
  };
}

}  // namespace billing::backup::testing
