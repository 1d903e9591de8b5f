// The backup file format: its header, and the checks a file must pass before a restore.
#pragma once

#include <map>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "errors/error.h"

namespace billing::backup {

inline constexpr const char* kFormat = "billing-suite-backup";
inline constexpr int kVersion = 1;

// "schema.table" -> its columns, as the running database has them.
using TableColumns = std::map<std::string, std::set<std::string>>;
// schema -> highest applied migration version.
using SchemaVersions = std::map<std::string, int>;

// The opening of a backup document up to the first table, e.g.
// {"format":..., "version":1, "created_at":..., "schema_versions":{...}, "data":{
std::string DocumentHeader(const std::string& created_at, const SchemaVersions& versions);

// Checks a parsed document against the running database: format and version, schema versions
// not newer than ours, only known tables and columns, every record an object with an id, and
// the references between services' records (transactions -> customers, customers -> packages).
// Throws invalid_argument naming what is wrong (fields: "data.customer.customers.3.package_id").
void ValidateDocument(const nlohmann::json& document, const TableColumns& tables,
                      const SchemaVersions& ours);

}  // namespace billing::backup
