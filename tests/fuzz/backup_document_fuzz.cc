// libFuzzer target: the restore validator (a restore file is the largest input an admin sends).
// The input goes through what a real restore runs (ReadHeader, ScanDocument record by record,
// DocumentValidator) and, when it parses, through ValidateDocument as a whole. Any input either
// passes or is refused with invalid_argument; nothing else may escape.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

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
      {"customer.customers",
       {"id", "name", "type", "phone", "package_id", "status", "pppoe_password"}},
      {"billing.transactions", {"id", "customer_id", "type", "period", "amount", "status"}},
      {"billing.settings", {"key", "value"}},
  };
  return tables;
}

const backup::SchemaVersions kOurs = {{"auth", 3}, {"customer", 2}, {"billing", 4}};

template <typename Body>
void ExpectOnlyInvalidArgument(Body body) {
  try {
    body();
  } catch (const billing::errors::Error& e) {
    if (e.code() != billing::errors::Code::kInvalidArgument) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  ExpectOnlyInvalidArgument([&] {
    std::istringstream header_in(text);
    nlohmann::json header = backup::ReadHeader(header_in);
    // No passphrase: a sealed file is refused before the (deliberately slow) key derivation.
    backup::DocumentValidator validator(Tables(), kOurs, "");
    validator.Header(header);
    std::istringstream in(text);
    backup::ScanDocument(in, {[&](const std::string& table) { validator.Table(table); },
                              [&](const std::string& table, size_t index, nlohmann::json& row) {
                                validator.Row(table, index, row);
                              }});
    validator.Finish();
  });
  const nlohmann::json document = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!document.is_discarded()) {
    ExpectOnlyInvalidArgument([&] { backup::ValidateDocument(document, Tables(), kOurs); });
  }
  return 0;
}
