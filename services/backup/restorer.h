// The restore: take the file (in one stream, or as an upload sent piece by piece), validate all
// of it against the running database one record at a time, then have the store replace
// everything from it in one transaction.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>

#include "backup_store.h"
#include "rpc/caller.h"
#include "upload_store.h"

namespace billing::backup {

// One piece of a streamed restore: some bytes of the file, and the passphrase if this piece
// carries it.
struct RestorePiece {
  std::string passphrase;
  std::string data;
};

// A new upload and how big it may grow.
struct UploadTicket {
  std::string id;
  size_t max_bytes = 0;
};

// Rows restored per table.
using RestoredRows = std::map<std::string, int64_t>;

class Restorer final {
 public:
  // Fills the next piece; false when the stream has ended.
  using PieceReader = std::function<bool(RestorePiece& piece)>;

  Restorer(BackupStore& store, UploadStore& uploads) : store_(store), uploads_(uploads) {}

  // Every call is for admins only. A file that fails a check changes nothing and is reported as
  // invalid_argument naming the problems; one over the upload limit as payload_too_large.
  RestoredRows RestoreStream(const rpc::Caller& caller, const PieceReader& next_piece);
  UploadTicket StartUpload(const rpc::Caller& caller);
  // Returns the upload's size so far (UploadStore::Append).
  size_t AppendUpload(const rpc::Caller& caller, const std::string& upload_id, int64_t offset,
                      const std::string& data);
  // Restores from the upload and removes it, unless the passphrase was wrong: then it stays, to
  // be committed again with the right one.
  RestoredRows CommitUpload(const rpc::Caller& caller, const std::string& upload_id,
                            const std::string& passphrase);
  void DiscardUpload(const rpc::Caller& caller, const std::string& upload_id);

 private:
  // Validates the whole file (one record in memory at a time), then replaces everything from it
  // in one transaction, reading it a second time.
  RestoredRows RestoreFile(const std::filesystem::path& file, const std::string& passphrase,
                           const rpc::Caller& caller);

  BackupStore& store_;
  UploadStore& uploads_;
};

}  // namespace billing::backup
