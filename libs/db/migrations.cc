// Migration runner: schema_migrations table per schema, advisory lock, one transaction.
#include "db/migrations.h"

#include <set>

#include <nlohmann/json.hpp>

#include "log/log.h"

namespace billing::db {

int ApplyMigrations(Pool& pool, const std::string& schema, const std::vector<Migration>& all) {
  int applied = 0;
  pool.Transact([&](pqxx::work& txn) {
    txn.exec_params("SELECT pg_advisory_xact_lock(hashtext($1))", "billing.migrations." + schema);
    const std::string table = txn.quote_name(schema) + ".schema_migrations";
    txn.exec0("CREATE SCHEMA IF NOT EXISTS " + txn.quote_name(schema));
    txn.exec0("CREATE TABLE IF NOT EXISTS " + table +
              " (version integer PRIMARY KEY, name text NOT NULL,"
              " applied_at timestamptz NOT NULL DEFAULT now())");
    std::set<int> done;
    for (const auto& row : txn.exec("SELECT version FROM " + table)) done.insert(row[0].as<int>());
    for (const auto& migration : all) {
      if (done.count(migration.version) != 0) continue;
      txn.exec0("SET LOCAL search_path TO " + txn.quote_name(schema) + ", public");
      txn.exec0(migration.sql);
      txn.exec_params0("INSERT INTO " + table + " (version, name) VALUES ($1, $2)",
                       migration.version, migration.name);
      log::Info("migration applied", {{"schema", schema}, {"migration", migration.name}});
      ++applied;
    }
  });
  return applied;
}

}  // namespace billing::db
