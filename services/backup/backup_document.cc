// Backup document header, secret fields, streaming reader and validation.
#include "backup_document.h"

#include "i18n/messages.h"

namespace billing::backup {
namespace {

using nlohmann::json;

constexpr size_t kMaxReportedProblems = 20;

// Fields whose value must never be in a backup in clear text: a column, or a JSON pointer
// inside a jsonb column.
struct SecretField {
  const char* table;
  const char* column;
  const char* pointer;  // "" = the whole column
};
constexpr SecretField kSecretFields[] = {
    {"auth.users", "password_hash", ""},
    {"customer.customers", "pppoe_password", ""},
    {"network.routers", "password", ""},
    {"network.routers", "secret", ""},
    {"network.subscribers", "password", ""},
    {"billing.settings", "document", "/whatsapp/token"},
    {"billing.settings", "document", "/payment/tripay/api_key"},
    {"billing.settings", "document", "/payment/tripay/private_key"},
    {"billing.settings", "document", "/payment/midtrans/server_key"},
    {"billing.settings", "document", "/payment/xendit/secret_key"},
    {"billing.settings", "document", "/payment/xendit/callback_token"},
    {"messaging.messages", "secret", ""},  // a portal sign-in code not yet sent
};

// References checked across services (no foreign key can hold them): table, column, target.
struct CrossReference {
  const char* table;
  const char* column;
  const char* target;
};
constexpr CrossReference kReferences[] = {
    {"billing.transactions", "customer_id", "customer.customers"},
    {"billing.product_prices", "customer_id", "customer.customers"},
    {"customer.customers", "package_id", "customer.packages"},
};

std::string Context(const SecretField& field) {
  return std::string(field.table) + "." + field.column + field.pointer;
}

// The value a secret field refers to in `row`, or nullptr when the record does not have it.
json* SecretValue(json& row, const SecretField& field) {
  if (!row.is_object() || !row.contains(field.column)) return nullptr;
  json& column = row[field.column];
  if (field.pointer[0] == '\0') return &column;
  json::json_pointer pointer(field.pointer);
  if (!column.is_object() || !column.contains(pointer)) return nullptr;
  return &column[pointer];
}

errors::Error NotABackup(const std::string& field, const std::string& problem) {
  return errors::InvalidArgument(i18n::kBackupNotABackup, {{field, problem}});
}

}  // namespace

std::string DocumentHeader(const std::string& created_at, const SchemaVersions& versions,
                           const json& encryption) {
  json header = {{"format", kFormat},
                 {"version", kVersion},
                 {"created_at", created_at},
                 {"schema_versions", versions},
                 {"encryption", encryption}};
  std::string text = header.dump();
  text.pop_back();  // reopen the object to append "data", always the last member
  return text + ",\"data\":{";
}

bool HasSecrets(const std::string& table) {
  for (const auto& field : kSecretFields) {
    if (table == field.table) return true;
  }
  return false;
}

void SealSecrets(const std::string& table, json& row, const BackupCipher& cipher) {
  for (const auto& field : kSecretFields) {
    if (table != field.table) continue;
    json* value = SecretValue(row, field);
    if (value == nullptr || value->is_null()) continue;
    *value = cipher.Seal(Context(field), value->dump());
  }
}

std::vector<std::string> OpenSecrets(const std::string& table, json& row,
                                     const BackupCipher& cipher) {
  std::vector<std::string> damaged;
  for (const auto& field : kSecretFields) {
    if (table != field.table) continue;
    json* value = SecretValue(row, field);
    if (value == nullptr || !IsSealed(*value)) continue;  // clear text is taken as it is
    auto text = cipher.Unseal(Context(field), value->get<std::string>());
    json opened = text ? json::parse(*text, nullptr, /*allow_exceptions=*/false) : json();
    if (!text || opened.is_discarded()) {
      damaged.push_back(std::string(field.column) + field.pointer);
      continue;
    }
    *value = std::move(opened);
  }
  return damaged;
}

json ReadHeader(std::istream& in) {
  using Event = json::parse_event_t;
  auto callback = [](int depth, Event event, json& parsed) -> bool {
    // Dropping "data" drops everything in it: the header is all that is kept.
    return !(depth == 1 && event == Event::key && parsed == "data");
  };
  json header;
  try {
    header = json::parse(in, callback, /*allow_exceptions=*/true);
  } catch (const json::exception&) {
    throw errors::InvalidArgument(i18n::kBackupNotJson, {{"file", i18n::kBackupNotJson}});
  }
  if (!header.is_object()) throw NotABackup("format", i18n::kBackupNotABackup);
  return header;
}

void ScanDocument(std::istream& in, const DocumentVisitor& visitor) {
  using Event = json::parse_event_t;
  std::string top_key;
  std::string table;
  size_t index = 0;
  bool in_data = false;
  bool saw_data = false;
  auto callback = [&](int depth, Event event, json& parsed) -> bool {
    if (depth == 0) {
      if (event == Event::array_start || event == Event::value) {
        throw NotABackup("format", i18n::kBackupNotABackup);
      }
      if (event == Event::object_end && !saw_data) throw NotABackup("data", i18n::kFieldRequired);
      return true;
    }
    if (depth == 1) {
      if (event == Event::key) {
        top_key = parsed.get<std::string>();
        in_data = top_key == "data";
        saw_data |= in_data;
        return in_data;
      }
      if (!in_data) return false;  // header members were read by ReadHeader
      if (event == Event::object_start) return true;
      if (event != Event::object_end) throw NotABackup("data", i18n::kWrongType);
      in_data = false;
      return false;
    }
    if (!in_data) return false;
    if (depth == 2) {
      if (event == Event::key) {
        table = parsed.get<std::string>();
        index = 0;
        visitor.on_table(table);
        return true;
      }
      if (event == Event::array_start || event == Event::array_end) return true;
      throw errors::InvalidArgument(i18n::kBackupInvalid, {{"data." + table, i18n::kWrongType}});
    }
    if (depth == 3 &&
        (event == Event::object_end || event == Event::array_end || event == Event::value)) {
      visitor.on_row(table, index++, parsed);
      return false;  // the record is done with: never keep it
    }
    return true;
  };
  try {
    // What is left of the document once every record was dropped: empty tables.
    json rest = json::parse(in, callback, /*allow_exceptions=*/true);
    static_cast<void>(rest);
  } catch (const json::exception&) {
    throw errors::InvalidArgument(i18n::kBackupNotJson, {{"file", i18n::kBackupNotJson}});
  }
}

DocumentValidator::DocumentValidator(TableColumns tables, SchemaVersions ours,
                                     std::string passphrase)
    : tables_(std::move(tables)), ours_(std::move(ours)), passphrase_(std::move(passphrase)) {}

void DocumentValidator::Problem(const std::string& field, const std::string& message) {
  problems_.emplace(field, message);
  if (problems_.size() >= kMaxReportedProblems) {
    throw errors::InvalidArgument(i18n::kBackupInvalid, problems_);
  }
}

void DocumentValidator::Header(const json& header) {
  // Compared as JSON: a "format" of another type is "not a backup", not a type_error.
  if (!header.is_object() || !header.contains("format") || header["format"] != kFormat) {
    throw NotABackup("format", i18n::kBackupNotABackup);
  }
  if (!header.contains("version") || !header["version"].is_number_integer() ||
      header["version"].get<int64_t>() < 1) {
    throw NotABackup("version", i18n::kWrongType);
  }
  int64_t version = header["version"].get<int64_t>();
  if (version > kVersion) {
    throw errors::InvalidArgument(i18n::kBackupFromTheFuture,
                                  {{"version", i18n::kBackupFromTheFuture}});
  }
  if (header.contains("schema_versions") && header["schema_versions"].is_object()) {
    for (const auto& [schema, value] : header["schema_versions"].items()) {
      auto it = ours_.find(schema);
      if (!value.is_number_integer() || (it != ours_.end() && value.get<int>() > it->second)) {
        Problem("schema_versions." + schema, i18n::kBackupFromTheFuture);
      }
    }
  }
  // Files made before secrets were sealed are accepted as they are (their secrets are in clear
  // text already); a sealed file needs its passphrase before anything else is looked at.
  if (version >= kFirstSealedVersion) {
    if (!header.contains("encryption")) {
      throw errors::InvalidArgument(i18n::kBackupBadEncryption,
                                    {{"encryption", i18n::kFieldRequired}});
    }
    cipher_.emplace(BackupCipher::Open(header["encryption"], passphrase_));
  }
}

void DocumentValidator::Table(const std::string& table) {
  if (tables_.count(table) == 0) {
    Problem("data." + table, i18n::kBackupUnknownTable);
  } else if (!seen_tables_.insert(table).second) {
    Problem("data." + table, i18n::kBackupDuplicateTable);
  }
}

void DocumentValidator::Row(const std::string& table, size_t index, json& row) {
  auto known = tables_.find(table);
  if (known == tables_.end()) return;  // reported once by Table()
  std::string prefix = "data." + table + "." + std::to_string(index);
  if (!row.is_object()) {
    Problem(prefix, i18n::kWrongType);
    return;
  }
  for (const auto& [column, value] : row.items()) {
    if (known->second.count(column) == 0) Problem(prefix + "." + column, i18n::kUnknownKey);
  }
  if (known->second.count("id") != 0 && !row.contains("id")) {
    Problem(prefix + ".id", i18n::kFieldRequired);
  }
  if (cipher_) {
    for (const auto& field : OpenSecrets(table, row, *cipher_)) {
      Problem(prefix + "." + field, i18n::kBackupSecretDamaged);
    }
  }
  if (table == "auth.users" && row.value("role", json()) == "admin" &&
      row.value("active", json()) == true) {
    active_admin_ = true;
  }
  for (const auto& reference : kReferences) {
    if (table == reference.target && row.contains("id") && row["id"].is_number_integer()) {
      ids_[table].insert(row["id"].get<int64_t>());
    }
    if (table != reference.table || !row.contains(reference.column)) continue;
    const json& value = row[reference.column];
    if (value.is_null() || (value.is_number_integer() && value.get<int64_t>() == 0)) continue;
    std::string field = prefix + "." + reference.column;
    if (!value.is_number_integer()) {
      Problem(field, i18n::kBackupBrokenReference);
      continue;
    }
    references_.push_back({field, reference.target, value.get<int64_t>()});
  }
}

void DocumentValidator::Finish() {
  for (const auto& reference : references_) {
    if (ids_[reference.target].count(reference.value) == 0) {
      Problem(reference.field, i18n::kBackupBrokenReference);
    }
  }
  std::string missing;
  for (const auto& [table, columns] : tables_) {
    if (seen_tables_.count(table) != 0) continue;
    missing += (missing.empty() ? "" : ", ") + table;
    problems_.emplace("data." + table, i18n::kBackupTableMissing);
  }
  bool no_admin = tables_.count("auth.users") != 0 && !active_admin_;
  if (no_admin) problems_.emplace("data.auth.users", i18n::kBackupNeedsActiveAdmin);
  if (problems_.empty()) return;
  if (!missing.empty()) {
    throw errors::InvalidArgument(i18n::kBackupMissingTables + missing, problems_);
  }
  if (no_admin && problems_.size() == 1) {
    throw errors::InvalidArgument(i18n::kBackupNoActiveAdmin, problems_);
  }
  throw errors::InvalidArgument(i18n::kBackupInvalid, problems_);
}

void DocumentValidator::Reveal(const std::string& table, json& row) const {
  if (cipher_) OpenSecrets(table, row, *cipher_);
}

void ValidateDocument(const json& document, const TableColumns& tables, const SchemaVersions& ours,
                      const std::string& passphrase) {
  DocumentValidator validator(tables, ours, passphrase);
  if (!document.is_object()) throw NotABackup("format", i18n::kBackupNotABackup);
  json header = document;
  header.erase("data");
  validator.Header(header);
  if (!document.contains("data")) throw NotABackup("data", i18n::kFieldRequired);
  if (!document["data"].is_object()) throw NotABackup("data", i18n::kWrongType);
  for (const auto& [table, rows] : document["data"].items()) {
    validator.Table(table);
    if (!rows.is_array()) {
      throw errors::InvalidArgument(i18n::kBackupInvalid, {{"data." + table, i18n::kWrongType}});
    }
    for (size_t i = 0; i < rows.size(); ++i) {
      json row = rows[i];
      validator.Row(table, i, row);
    }
  }
  validator.Finish();
}

}  // namespace billing::backup
