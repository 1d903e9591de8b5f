// The backup file format: its header, its secret fields, reading it one record at a time, and
// the checks a file must pass before a restore.
#pragma once

#include <functional>
#include <istream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

#include "backup_cipher.h"
#include "errors/error.h"

namespace billing::backup {

inline constexpr const char* kFormat = "billing-suite-backup";
// 1: everything in clear text (still accepted at restore); 2: secret fields sealed.
inline constexpr int kVersion = 2;
inline constexpr int kFirstSealedVersion = 2;

// "schema.table" -> its columns, as the running database has them.
using TableColumns = std::map<std::string, std::set<std::string>>;
// schema -> highest applied migration version.
using SchemaVersions = std::map<std::string, int>;

// The opening of a backup document up to the first table, e.g.
// {"created_at":..., "encryption":{...}, "format":..., "schema_versions":{...}, "version":2,
//  "data":{
std::string DocumentHeader(const std::string& created_at, const SchemaVersions& versions,
                           const nlohmann::json& encryption);

// Seals (export) or opens (restore) the secret fields of one record of `table` in place:
// router passwords and RADIUS secrets, PPPoE passwords, password hashes, the WhatsApp token,
// the payment providers' keys, a portal sign-in code not yet sent.
// Open returns the names of fields that could not be opened (damaged or moved).
void SealSecrets(const std::string& table, nlohmann::json& row, const BackupCipher& cipher);
std::vector<std::string> OpenSecrets(const std::string& table, nlohmann::json& row,
                                     const BackupCipher& cipher);
// Whether records of `table` hold a secret field.
bool HasSecrets(const std::string& table);

// Everything of a document but its "data" (format, version, schema versions, encryption),
// wherever "data" is among the members. Throws invalid_argument when the text is not JSON.
nlohmann::json ReadHeader(std::istream& in);

// Reads a document's "data" from `in` keeping only one record in memory at a time: `on_table`
// gets each table's name, `on_row` each record of each table, in file order. Throws
// invalid_argument when the text is not JSON or not shaped like a backup.
struct DocumentVisitor {
  std::function<void(const std::string& table)> on_table;
  std::function<void(const std::string& table, size_t index, nlohmann::json& row)> on_row;
};
void ScanDocument(std::istream& in, const DocumentVisitor& visitor);

// Checks a document against the running database as it is read: format and version, schema
// versions not newer than ours, every table of the database present (even if empty) and no
// other, only known columns, every record an object with an id, at least one active admin
// user, the references between services' records (transactions -> customers, customers ->
// packages), and, for sealed files, the passphrase and every sealed field. Problems are
// reported as invalid_argument naming the field ("data.customer.customers.3.package_id").
class DocumentValidator final {
 public:
  DocumentValidator(TableColumns tables, SchemaVersions ours, std::string passphrase);

  void Header(const nlohmann::json& header);  // throws at once
  void Table(const std::string& table);
  void Row(const std::string& table, size_t index, nlohmann::json& row);
  // Throws with every problem found, or returns when the file may be restored.
  void Finish();
  // Puts the clear text back into a (validated) record's sealed fields.
  void Reveal(const std::string& table, nlohmann::json& row) const;

 private:
  void Problem(const std::string& field, const std::string& message);

  TableColumns tables_;
  SchemaVersions ours_;
  std::string passphrase_;
  std::optional<BackupCipher> cipher_;
  std::set<std::string> seen_tables_;
  errors::FieldErrors problems_;
  bool active_admin_ = false;
  // Ids of referenced tables, and each reference found: (table.column, index, value).
  std::map<std::string, std::unordered_set<int64_t>> ids_;
  struct Reference {
    std::string field;
    std::string target;
    int64_t value;
  };
  std::vector<Reference> references_;
};

// The whole check on a parsed document (unit tests; small files).
void ValidateDocument(const nlohmann::json& document, const TableColumns& tables,
                      const SchemaVersions& ours, const std::string& passphrase = "");

}  // namespace billing::backup
