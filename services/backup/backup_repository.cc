// Backup SQL: catalog queries, cursors for export, TRUNCATE + json_populate_recordset restore.
#include "backup_repository.h"

#include <algorithm>
#include <set>

#include "errors/error.h"
#include "events/outbox.h"
#include "i18n/messages.h"
#include "log/log.h"

namespace billing::backup {
namespace {

constexpr int kBatchRows = 1000;

std::string SchemaList(pqxx::transaction_base& txn, const std::vector<std::string>& schemas) {
  std::string list;
  for (const auto& schema : schemas) list += (list.empty() ? "" : ",") + txn.quote(schema);
  return list;
}

std::string Quoted(pqxx::transaction_base& txn, const std::string& table) {
  auto dot = table.find('.');
  return txn.quote_name(table.substr(0, dot)) + "." + txn.quote_name(table.substr(dot + 1));
}

std::string FirstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

}  // namespace

BackupRepository::BackupRepository(db::Pool& pool, std::vector<std::string> schemas)
    : pool_(pool), schemas_(std::move(schemas)) {}

TableColumns BackupRepository::Tables() {
  TableColumns tables;
  pool_.Read([&](pqxx::read_transaction& txn) {
    for (const auto& row : txn.exec("SELECT table_schema || '.' || table_name, column_name FROM "
                                    "information_schema.columns "
                                    "WHERE table_schema IN (" +
                                    SchemaList(txn, schemas_) +
                                    ") AND table_name NOT IN "
                                    "(SELECT table_name FROM information_schema.views) AND "
                                    "table_name <> 'schema_migrations'")) {
      tables[row[0].as<std::string>()].insert(row[1].as<std::string>());
    }
  });
  return tables;
}

SchemaVersions BackupRepository::Versions() {
  SchemaVersions versions;
  pool_.Read([&](pqxx::read_transaction& txn) {
    for (const auto& schema : schemas_) {
      auto exists =
          txn.exec_params("SELECT to_regclass($1) IS NOT NULL", schema + ".schema_migrations");
      if (!exists[0][0].as<bool>()) continue;
      versions[schema] = txn.exec1("SELECT coalesce(max(version), 0) FROM " +
                                   txn.quote_name(schema) + ".schema_migrations")[0]
                             .as<int>();
    }
  });
  return versions;
}

std::vector<std::string> BackupRepository::OrderedTables(pqxx::transaction_base& txn) {
  std::vector<std::string> tables;
  for (const auto& row :
       txn.exec("SELECT schemaname || '.' || tablename FROM pg_tables WHERE schemaname IN (" +
                SchemaList(txn, schemas_) + ") AND tablename <> 'schema_migrations' ORDER BY 1")) {
    tables.push_back(row[0].as<std::string>());
  }
  std::map<std::string, std::set<std::string>> depends_on;
  for (const auto& row : txn.exec(
           "SELECT cn.nspname || '.' || c.relname, fn.nspname || '.' || f.relname "
           "FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid "
           "JOIN pg_namespace cn ON cn.oid = c.relnamespace JOIN pg_class f ON f.oid = k.confrelid "
           "JOIN pg_namespace fn ON fn.oid = f.relnamespace WHERE k.contype = 'f'")) {
    if (row[0].as<std::string>() != row[1].as<std::string>()) {
      depends_on[row[0].as<std::string>()].insert(row[1].as<std::string>());
    }
  }
  std::vector<std::string> ordered;
  std::set<std::string> placed;
  while (ordered.size() < tables.size()) {
    size_t before = ordered.size();
    for (const auto& table : tables) {
      if (placed.count(table) != 0) continue;
      bool ready = std::all_of(depends_on[table].begin(), depends_on[table].end(),
                               [&](const std::string& d) {
                                 return placed.count(d) != 0 ||
                                        std::find(tables.begin(), tables.end(), d) == tables.end();
                               });
      if (ready) {
        ordered.push_back(table);
        placed.insert(table);
      }
    }
    if (ordered.size() == before) break;  // a cycle: keep the remaining ones in name order
  }
  for (const auto& table : tables) {
    if (placed.count(table) == 0) ordered.push_back(table);
  }
  return ordered;
}

void BackupRepository::Export(const std::string& created_at, const nlohmann::json& encryption,
                              const RowTransform& transform, const Sink& sink) {
  SchemaVersions versions = Versions();
  auto lease = pool_.Acquire();
  pqxx::transaction<pqxx::isolation_level::repeatable_read, pqxx::readwrite_policy::read_only> txn(
      *lease);
  sink(DocumentHeader(created_at, versions, encryption));
  bool first_table = true;
  for (const auto& table : OrderedTables(txn)) {
    sink(std::string(first_table ? "" : ",") + nlohmann::json(table).dump() + ":[");
    first_table = false;
    txn.exec0("DECLARE backup_rows NO SCROLL CURSOR FOR SELECT row_to_json(t)::text FROM " +
              Quoted(txn, table) + " t ORDER BY 1");
    bool first_row = true;
    while (true) {
      auto rows = txn.exec("FETCH " + std::to_string(kBatchRows) + " FROM backup_rows");
      if (rows.empty()) break;
      std::string piece;
      for (const auto& row : rows) {
        piece += (first_row ? "" : ",") + transform(table, row[0].as<std::string>());
        first_row = false;
      }
      sink(piece);
    }
    txn.exec0("CLOSE backup_rows");
    sink("]");
  }
  sink("}}\n");
  txn.commit();
}

std::map<std::string, int64_t> BackupRepository::Replace(const RowFeed& feed,
                                                         const rpc::Caller& actor) {
  std::map<std::string, int64_t> restored;
  pool_.Transact([&](pqxx::work& txn) {
    std::vector<std::string> tables = OrderedTables(txn);
    std::set<std::string> known(tables.begin(), tables.end());
    bool has_users = known.count("auth.users") != 0;
    bool has_revocations = known.count("auth.revoked_tokens") != 0;
    std::string all;
    for (const auto& table : tables) all += (all.empty() ? "" : ", ") + Quoted(txn, table);
    // Staff keep working during a backup, but nobody writes while the data is replaced.
    txn.exec0("LOCK TABLE " + all + " IN ACCESS EXCLUSIVE MODE");
    // What ends every session issued before the restore, whatever the file holds: the highest
    // token version now, and the tokens revoked now.
    int64_t max_token_version = 0;
    if (has_users) {
      max_token_version =
          txn.exec1("SELECT coalesce(max(token_version), 0) FROM auth.users")[0].as<int64_t>();
    }
    if (has_revocations) {
      txn.exec0(
          "CREATE TEMP TABLE backup_kept_revocations ON COMMIT DROP AS "
          "SELECT * FROM auth.revoked_tokens");
    }
    txn.exec0("TRUNCATE " + all);
    for (const auto& table : tables) restored[table] = 0;

    std::string batch_table;
    nlohmann::json batch = nlohmann::json::array();
    auto flush = [&] {
      if (batch.empty()) return;
      try {
        txn.exec_params0("INSERT INTO " + Quoted(txn, batch_table) +
                             " SELECT * FROM json_populate_recordset(NULL::" +
                             Quoted(txn, batch_table) + ", $1::json)",
                         batch.dump());
      } catch (const pqxx::sql_error& e) {
        throw errors::InvalidArgument(i18n::kBackupInvalid,
                                      {{"data." + batch_table, FirstLine(e.what())}});
      }
      restored[batch_table] += static_cast<int64_t>(batch.size());
      batch = nlohmann::json::array();
    };
    feed([&](const std::string& table, const nlohmann::json& row) {
      if (known.count(table) == 0) {
        throw errors::InvalidArgument(i18n::kBackupInvalid,
                                      {{"data." + table, i18n::kBackupUnknownTable}});
      }
      if (table != batch_table || batch.size() >= static_cast<size_t>(kBatchRows)) {
        flush();
        batch_table = table;
      }
      batch.push_back(row);
    });
    flush();

    for (const auto& table : tables) {
      auto has_id = txn.exec_params(
          "SELECT pg_get_serial_sequence($1, 'id') FROM information_schema.columns WHERE "
          "table_schema || '.' || table_name = $1 AND column_name = 'id'",
          table);
      if (!has_id.empty() && !has_id[0][0].is_null()) {
        txn.exec("SELECT setval(pg_get_serial_sequence(" + txn.quote(table) +
                 ", 'id'), coalesce(max(id), 0) + 1, false) FROM " + Quoted(txn, table));
      }
    }
    if (has_users) {
      txn.exec_params0("UPDATE auth.users SET token_version = greatest(token_version, $1) + 1",
                       max_token_version);
    }
    if (has_revocations) {
      txn.exec0(
          "INSERT INTO auth.revoked_tokens SELECT * FROM backup_kept_revocations "
          "ON CONFLICT DO NOTHING");
    }
    nlohmann::json counts = restored;
    events::Record(txn, "backup", actor, {"restore", "system", "", i18n::kSummaryRestore, counts});
  });
  log::Info("restore done", {{"tables", restored.size()}});
  return restored;
}

}  // namespace billing::backup
