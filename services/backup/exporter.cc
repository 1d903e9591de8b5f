// The export: seal what is secret, batch the pieces, stamp the time from the injected clock.
#include "exporter.h"

#include "backup_document.h"
#include "backup_rules.h"

namespace billing::backup {

void Exporter::Export(const rpc::Caller& caller, const std::string& passphrase,
                      const ChunkWriter& write) {
  rpc::RequireAdmin(caller);
  BackupCipher cipher = BackupCipher::Create(passphrase, cipher_iterations_);
  std::string pending;
  auto flush = [&] {
    write(pending);
    pending.clear();
  };
  auto seal = [&](const std::string& table, std::string row) {
    if (!HasSecrets(table)) return row;
    nlohmann::json record = nlohmann::json::parse(row);
    SealSecrets(table, record, cipher);
    return record.dump();
  };
  store_.Export(domain::FormatRfc3339(clock_.Now()), cipher.Header(), seal,
                [&](const std::string& piece) {
                  pending += piece;
                  if (pending.size() >= kChunkBytes) flush();
                });
  if (!pending.empty()) flush();
}

}  // namespace billing::backup
