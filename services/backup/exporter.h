// The export: every service's data in one consistent snapshot, secret fields sealed with the
// admin's passphrase, handed out in pieces of about kChunkBytes.
#pragma once

#include <functional>
#include <string>

#include "backup_cipher.h"
#include "backup_store.h"
#include "domain/clock.h"
#include "rpc/caller.h"

namespace billing::backup {

class Exporter final {
 public:
  // Takes one piece of the document; throws when it cannot be delivered (the export stops).
  using ChunkWriter = std::function<void(const std::string& chunk)>;

  // `cipher_iterations`: the passphrase's PBKDF2 cost (lower only in tests).
  Exporter(BackupStore& store, const domain::Clock& clock,
           int cipher_iterations = BackupCipher::kIterations)
      : store_(store), clock_(clock), cipher_iterations_(cipher_iterations) {}

  // Admins only; throws invalid_argument (field "passphrase") for a passphrase under 8
  // characters, before anything is read.
  void Export(const rpc::Caller& caller, const std::string& passphrase, const ChunkWriter& write);

 private:
  BackupStore& store_;
  const domain::Clock& clock_;
  int cipher_iterations_;
};

}  // namespace billing::backup
