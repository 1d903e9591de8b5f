// libFuzzer target: the restore validator (a restore file is the largest input an admin sends).
// Any JSON either passes or is refused with invalid_argument; nothing else may escape.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <nlohmann/json.hpp>

#include "backup_document.h"
#include "errors/error.h"

namespace backup = billing::backup;

namespace {

// A small schema shaped like the real one: the tables the validator cross-checks and a few more.
const backup::TableColumns& Tables() {
  static const backup::TableColumns tables = {
      {"auth.users", {"id", "username", "password_hash", "role", "active", "token_version"}},
      {"customer.packages", {"id", "name", "speed", "price"}},
      {"customer.customers", {"id", "name", "type", "phone", "package_id", "status"}},
      {"billing.transactions", {"id", "customer_id", "type", "period", "amount", "status"}},
      {"billing.settings", {"key", "value"}},
  };
  return tables;
}

const backup::SchemaVersions kOurs = {{"auth", 3}, {"customer", 2}, {"billing", 4}};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const nlohmann::json document = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) return 0;
  try {
    backup::ValidateDocument(document, Tables(), kOurs);
  } catch (const billing::errors::Error& e) {
    if (e.code() != billing::errors::Code::kInvalidArgument) std::abort();
  }
  return 0;
}
