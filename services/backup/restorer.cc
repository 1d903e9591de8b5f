// The restore: the file is read three times (header, validation, replace) so no more than one
// record is in memory at a time. Passphrases are never logged.
#include "restorer.h"

#include <fstream>

#include "backup_document.h"
#include "backup_rules.h"
#include "errors/error.h"
#include "i18n/messages.h"

namespace billing::backup {
namespace {

// Removes a file when the restore ends, however it ends.
class FileRemover final {
 public:
  explicit FileRemover(std::filesystem::path path) : path_(std::move(path)) {}
  ~FileRemover() {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }
  FileRemover(const FileRemover&) = delete;
  FileRemover& operator=(const FileRemover&) = delete;

 private:
  std::filesystem::path path_;
};

std::ifstream Open(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw errors::Internal(i18n::kBackupUploadStorage);
  return in;
}

}  // namespace

RestoredRows Restorer::RestoreFile(const std::filesystem::path& file, const std::string& passphrase,
                                   const rpc::Caller& caller) {
  CheckNotEmpty(std::filesystem::file_size(file));
  DocumentValidator validator(store_.Tables(), store_.Versions(), passphrase);
  {
    std::ifstream in = Open(file);
    validator.Header(ReadHeader(in));
  }
  {
    std::ifstream in = Open(file);
    ScanDocument(in, {[&](const std::string& table) { validator.Table(table); },
                      [&](const std::string& table, size_t index, nlohmann::json& row) {
                        validator.Row(table, index, row);
                      }});
  }
  validator.Finish();
  return store_.Replace(
      [&](const BackupStore::RowPut& put) {
        std::ifstream in = Open(file);
        ScanDocument(in, {[](const std::string&) {},
                          [&](const std::string& table, size_t, nlohmann::json& row) {
                            validator.Reveal(table, row);
                            put(table, row);
                          }});
      },
      caller);
}

RestoredRows Restorer::RestoreStream(const rpc::Caller& caller, const PieceReader& next_piece) {
  rpc::RequireAdmin(caller);
  std::filesystem::path file = uploads_.NewFile();
  FileRemover remover(file);
  std::string passphrase;
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  size_t size = 0;
  RestorePiece piece;
  while (next_piece(piece)) {
    if (!piece.passphrase.empty()) passphrase = piece.passphrase;
    size += piece.data.size();
    CheckUploadSize(size, uploads_.max_bytes());
    out.write(piece.data.data(), static_cast<std::streamsize>(piece.data.size()));
  }
  out.close();
  if (!out) throw errors::Internal(i18n::kBackupUploadStorage);
  return RestoreFile(file, passphrase, caller);
}

UploadTicket Restorer::StartUpload(const rpc::Caller& caller) {
  rpc::RequireAdmin(caller);
  return {uploads_.Start(), uploads_.max_bytes()};
}

size_t Restorer::AppendUpload(const rpc::Caller& caller, const std::string& upload_id,
                              int64_t offset, const std::string& data) {
  rpc::RequireAdmin(caller);
  CheckUploadOffset(offset);
  return uploads_.Append(upload_id, static_cast<size_t>(offset), data);
}

RestoredRows Restorer::CommitUpload(const rpc::Caller& caller, const std::string& upload_id,
                                    const std::string& passphrase) {
  rpc::RequireAdmin(caller);
  std::filesystem::path file = uploads_.Take(upload_id);
  RestoredRows restored;
  try {
    restored = RestoreFile(file, passphrase, caller);
  } catch (const errors::Error& e) {
    if (KeepsUpload(e)) {
      uploads_.Return(upload_id, file);
    } else {
      std::error_code ec;
      std::filesystem::remove(file, ec);
    }
    throw;
  } catch (...) {
    std::error_code ec;
    std::filesystem::remove(file, ec);
    throw;
  }
  std::error_code ec;
  std::filesystem::remove(file, ec);
  return restored;
}

void Restorer::DiscardUpload(const rpc::Caller& caller, const std::string& upload_id) {
  rpc::RequireAdmin(caller);
  uploads_.Discard(upload_id);
}

}  // namespace billing::backup
