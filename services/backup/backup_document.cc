// Backup document header and validation; pure, so every rule has a unit test.
#include "backup_document.h"

#include "i18n/messages.h"

namespace billing::backup {
namespace {

using nlohmann::json;

constexpr size_t kMaxReportedProblems = 20;

std::set<int64_t> Ids(const json& rows) {
  std::set<int64_t> ids;
  for (const auto& row : rows) {
    if (row.is_object() && row.contains("id") && row["id"].is_number_integer()) {
      ids.insert(row["id"].get<int64_t>());
    }
  }
  return ids;
}

// Records of `table` whose `column` (when set and non-zero) must be an id of `target`.
void CheckReference(const json& data, const std::string& table, const std::string& column,
                    const std::string& target, errors::FieldErrors& problems) {
  if (!data.contains(table) || !data[table].is_array()) return;
  std::set<int64_t> ids = data.contains(target) ? Ids(data[target]) : std::set<int64_t>();
  const json& rows = data[table];
  for (size_t i = 0; i < rows.size() && problems.size() < kMaxReportedProblems; ++i) {
    if (!rows[i].is_object() || !rows[i].contains(column)) continue;
    const json& value = rows[i][column];
    if (value.is_null() || (value.is_number_integer() && value.get<int64_t>() == 0)) continue;
    if (!value.is_number_integer() || ids.count(value.get<int64_t>()) == 0) {
      problems.emplace("data." + table + "." + std::to_string(i) + "." + column,
                       i18n::kBackupBrokenReference);
    }
  }
}

}  // namespace

std::string DocumentHeader(const std::string& created_at, const SchemaVersions& versions) {
  json header = {{"format", kFormat},
                 {"version", kVersion},
                 {"created_at", created_at},
                 {"schema_versions", versions}};
  std::string text = header.dump();
  text.pop_back();  // reopen the object to append "data"
  return text + ",\"data\":{";
}

void ValidateDocument(const json& document, const TableColumns& tables,
                      const SchemaVersions& ours) {
  // Compared as JSON: a "format" of another type is "not a backup", not a type_error.
  if (!document.is_object() || !document.contains("format") || document["format"] != kFormat) {
    throw errors::InvalidArgument(i18n::kBackupNotABackup, {{"format", i18n::kBackupNotABackup}});
  }
  if (!document.contains("version") || !document["version"].is_number_integer()) {
    throw errors::InvalidArgument(i18n::kBackupNotABackup, {{"version", i18n::kWrongType}});
  }
  if (document["version"].get<int64_t>() > kVersion) {
    throw errors::InvalidArgument(i18n::kBackupFromTheFuture,
                                  {{"version", i18n::kBackupFromTheFuture}});
  }
  errors::FieldErrors problems;
  if (document.contains("schema_versions") && document["schema_versions"].is_object()) {
    for (const auto& [schema, version] : document["schema_versions"].items()) {
      auto it = ours.find(schema);
      if (!version.is_number_integer() || (it != ours.end() && version.get<int>() > it->second)) {
        problems.emplace("schema_versions." + schema, i18n::kBackupFromTheFuture);
      }
    }
  }
  if (!document.contains("data") || !document["data"].is_object()) {
    throw errors::InvalidArgument(i18n::kBackupNotABackup, {{"data", i18n::kFieldRequired}});
  }
  const json& data = document["data"];
  for (const auto& [table, rows] : data.items()) {
    auto known = tables.find(table);
    if (known == tables.end()) {
      problems.emplace("data." + table, i18n::kBackupUnknownTable);
      continue;
    }
    if (!rows.is_array()) {
      problems.emplace("data." + table, i18n::kWrongType);
      continue;
    }
    for (size_t i = 0; i < rows.size() && problems.size() < kMaxReportedProblems; ++i) {
      std::string prefix = "data." + table + "." + std::to_string(i);
      if (!rows[i].is_object()) {
        problems.emplace(prefix, i18n::kWrongType);
        continue;
      }
      for (const auto& [column, value] : rows[i].items()) {
        if (known->second.count(column) == 0)
          problems.emplace(prefix + "." + column, i18n::kUnknownKey);
      }
      if (known->second.count("id") != 0 && !rows[i].contains("id")) {
        problems.emplace(prefix + ".id", i18n::kFieldRequired);
      }
    }
  }
  CheckReference(data, "billing.transactions", "customer_id", "customer.customers", problems);
  CheckReference(data, "customer.customers", "package_id", "customer.packages", problems);
  if (!problems.empty()) throw errors::InvalidArgument(i18n::kBackupInvalid, problems);
}

}  // namespace billing::backup
