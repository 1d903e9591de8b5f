// Reads every service schema in one snapshot and replaces them in one transaction. This is the
// one component that touches other services' schemas: a restore must never leave a service
// half-restored, and all schemas live in one PostgreSQL database, so one transaction does it.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "backup_store.h"
#include "db/pool.h"

namespace billing::backup {

class BackupRepository final : public BackupStore {
 public:
  BackupRepository(db::Pool& pool, std::vector<std::string> schemas);

  TableColumns Tables() override;
  SchemaVersions Versions() override;
  // A cursor per table, never all in memory, from one REPEATABLE READ snapshot so staff can
  // keep working meanwhile.
  void Export(const std::string& created_at, const nlohmann::json& encryption,
              const RowTransform& transform, const Sink& sink) override;
  // TRUNCATE and json_populate_recordset under ACCESS EXCLUSIVE locks, in one transaction.
  std::map<std::string, int64_t> Replace(const RowFeed& feed, const rpc::Caller& actor) override;

 private:
  // Tables in an order where every foreign key points to an earlier table.
  std::vector<std::string> OrderedTables(pqxx::transaction_base& txn);

  db::Pool& pool_;
  std::vector<std::string> schemas_;
};

}  // namespace billing::backup
