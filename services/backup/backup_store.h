// All of the suite's data as the backup logic sees it: the narrow interface the exporter and
// restorer consume (BackupRepository reads and replaces the PostgreSQL schemas;
// testing/fake_backup_store.h keeps tables in memory).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "backup_document.h"
#include "rpc/caller.h"

namespace billing::backup {

class BackupStore {
 public:
  // Changes one record (its row_to_json text) before it is written, e.g. seals its secrets.
  using RowTransform = std::function<std::string(const std::string& table, std::string row)>;
  // Takes the document piece by piece.
  using Sink = std::function<void(const std::string& piece)>;
  // Calls `put` with every record to restore, table by table in file order.
  using RowPut = std::function<void(const std::string& table, const nlohmann::json& row)>;
  using RowFeed = std::function<void(const RowPut& put)>;

  virtual ~BackupStore() = default;

  // The tables a backup holds, with their columns, and each schema's migration version.
  virtual TableColumns Tables() = 0;
  virtual SchemaVersions Versions() = 0;
  // Writes the whole document (DocumentHeader with `created_at`, `encryption` and the schema
  // versions, then every table's records through `transform`) to `sink`, from one consistent
  // snapshot.
  virtual void Export(const std::string& created_at, const nlohmann::json& encryption,
                      const RowTransform& transform, const Sink& sink) = 0;
  // Replaces every table's rows with the records `feed` gives (validated beforehand) in one
  // transaction, and records the restore in the audit trail. A row the database refuses, or a
  // table it does not have, rolls everything back and is reported as invalid_argument. Every
  // session ends: each user's token version ends above every version issued before; revoked
  // tokens stay revoked. Returns the rows restored per table.
  virtual std::map<std::string, int64_t> Replace(const RowFeed& feed, const rpc::Caller& actor) = 0;
};

}  // namespace billing::backup
