// Reads every service schema in one snapshot and replaces them in one transaction. This is the
// one component that touches other services' schemas: a restore must never leave a service
// half-restored, and all schemas live in one PostgreSQL database, so one transaction does it.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "backup_document.h"
#include "db/pool.h"
#include "rpc/caller.h"

namespace billing::backup {

class BackupRepository final {
 public:
  BackupRepository(db::Pool& pool, std::vector<std::string> schemas);

  TableColumns Tables();
  SchemaVersions Versions();
  // Changes one record (its row_to_json text) before it is written, e.g. seals its secrets.
  using RowTransform = std::function<std::string(const std::string& table, std::string row)>;
  // Writes the document to `sink` piece by piece (a cursor per table, never all in memory),
  // from one REPEATABLE READ snapshot so staff can keep working meanwhile.
  void Export(const nlohmann::json& encryption, const RowTransform& transform,
              const std::function<void(const std::string&)>& sink);

  // Calls `put` with every record to restore, table by table in file order.
  using RowPut = std::function<void(const std::string& table, const nlohmann::json& row)>;
  using RowFeed = std::function<void(const RowPut& put)>;
  // Replaces every table's rows with the records `feed` gives (validated beforehand) in one
  // transaction, and records the restore in the audit trail. A row the database refuses rolls
  // everything back and is reported as invalid_argument. Every session ends: each user's token
  // version ends above every version issued before; revoked tokens stay revoked. Returns the
  // rows restored per table.
  std::map<std::string, int64_t> Replace(const RowFeed& feed, const rpc::Caller& actor);

 private:
  // Tables in an order where every foreign key points to an earlier table.
  std::vector<std::string> OrderedTables(pqxx::transaction_base& txn);

  db::Pool& pool_;
  std::vector<std::string> schemas_;
};

}  // namespace billing::backup
