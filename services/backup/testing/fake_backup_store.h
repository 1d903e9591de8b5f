// Every service's tables in memory, with what the logic relies on from BackupRepository: the
// export is one whole document in the real format, a restore replaces all tables at once or
// nothing (a table the database lacks, or a row it refuses, changes nothing).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "backup_store.h"
#include "errors/error.h"
#include "i18n/messages.h"

namespace billing::backup::testing {

class FakeBackupStore final : public BackupStore {
 public:
  using Rows = std::map<std::string, std::vector<nlohmann::json>>;  // table -> records

  TableColumns Tables() override { return tables; }
  SchemaVersions Versions() override { return versions; }

  void Export(const std::string& created_at, const nlohmann::json& encryption,
              const RowTransform& transform, const Sink& sink) override {
    sink(DocumentHeader(created_at, versions, encryption));
    bool first_table = true;
    for (const auto& [table, columns] : tables) {
      sink(std::string(first_table ? "" : ",") + nlohmann::json(table).dump() + ":[");
      first_table = false;
      bool first_row = true;
      for (const auto& row : rows[table]) {
        sink((first_row ? "" : ",") + transform(table, row.dump()));
        first_row = false;
      }
      sink("]");
    }
    sink("}}\n");
  }

  std::map<std::string, int64_t> Replace(const RowFeed& feed, const rpc::Caller& actor) override {
    Rows replaced;
    std::map<std::string, int64_t> restored;
    for (const auto& [table, columns] : tables) restored[table] = 0;
    feed([&](const std::string& table, const nlohmann::json& row) {
      if (tables.count(table) == 0) {
        throw errors::InvalidArgument(i18n::kBackupInvalid,
                                      {{"data." + table, i18n::kBackupUnknownTable}});
      }
      if (refused_table == table) {
        throw errors::InvalidArgument(i18n::kBackupInvalid, {{"data." + table, "refused"}});
      }
      replaced[table].push_back(row);
      ++restored[table];
    });
    rows = std::move(replaced);
    restored_by.push_back(actor);
    return restored;
  }

  TableColumns tables;
  SchemaVersions versions;
  Rows rows;
  std::optional<std::string> refused_table;  // its rows are refused, as by a constraint
  std::vector<rpc::Caller> restored_by;      // one per completed Replace
};

}  // namespace billing::backup::testing
