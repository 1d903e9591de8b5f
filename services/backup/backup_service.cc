// Backup RPCs: stream out in 256 KiB pieces; take uploads to a file, validate it as it is read,
// then replace everything reading it again. Passphrases are never logged.
#include "backup_service.h"

#include <fstream>

#include "backup_cipher.h"
#include "backup_document.h"
#include "errors/error.h"
#include "i18n/messages.h"
#include "rpc/caller.h"
#include "rpc/server.h"

namespace billing::backup {
namespace {

constexpr size_t kChunkBytes = 256 * 1024;

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

grpc::Status BackupService::Export(grpc::ServerContext* context, const v1::ExportRequest* request,
                                   grpc::ServerWriter<v1::Chunk>* writer) {
  return rpc::HandleRpc(metrics_, "Export", *context, [&] {
    rpc::ReadAdmin(*context);
    BackupCipher cipher = BackupCipher::Create(request->passphrase());
    std::string pending;
    auto flush = [&] {
      v1::Chunk chunk;
      chunk.set_data(pending);
      if (!writer->Write(chunk)) throw errors::Unavailable(i18n::kServiceUnavailable);
      pending.clear();
    };
    auto seal = [&](const std::string& table, std::string row) {
      if (!HasSecrets(table)) return row;
      nlohmann::json record = nlohmann::json::parse(row);
      SealSecrets(table, record, cipher);
      return record.dump();
    };
    repository_.Export(cipher.Header(), seal, [&](const std::string& piece) {
      pending += piece;
      if (pending.size() >= kChunkBytes) flush();
    });
    if (!pending.empty()) flush();
  });
}

void BackupService::RestoreFile(const std::filesystem::path& file, const std::string& passphrase,
                                const rpc::Caller& caller, v1::RestoreReply* reply) {
  if (std::filesystem::file_size(file) == 0) {
    throw errors::InvalidArgument(i18n::kBackupUploadEmpty, {{"file", i18n::kBackupUploadEmpty}});
  }
  DocumentValidator validator(repository_.Tables(), repository_.Versions(), passphrase);
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
  auto restored = repository_.Replace(
      [&](const BackupRepository::RowPut& put) {
        std::ifstream in = Open(file);
        ScanDocument(in, {[](const std::string&) {},
                          [&](const std::string& table, size_t, nlohmann::json& row) {
                            validator.Reveal(table, row);
                            put(table, row);
                          }});
      },
      caller);
  for (const auto& [table, rows] : restored) (*reply->mutable_rows())[table] = rows;
}

grpc::Status BackupService::Restore(grpc::ServerContext* context,
                                    grpc::ServerReader<v1::RestorePiece>* reader,
                                    v1::RestoreReply* reply) {
  return rpc::HandleRpc(metrics_, "Restore", *context, [&] {
    rpc::Caller caller = rpc::ReadAdmin(*context);
    std::filesystem::path file = uploads_.NewFile();
    FileRemover remover(file);
    std::string passphrase;
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    size_t size = 0;
    v1::RestorePiece piece;
    while (reader->Read(&piece)) {
      if (!piece.passphrase().empty()) passphrase = piece.passphrase();
      size += piece.data().size();
      if (size > uploads_.max_bytes()) {
        throw errors::Error(errors::Code::kPayloadTooLarge, i18n::kBodyTooLarge);
      }
      out.write(piece.data().data(), static_cast<std::streamsize>(piece.data().size()));
    }
    out.close();
    if (!out) throw errors::Internal(i18n::kBackupUploadStorage);
    RestoreFile(file, passphrase, caller, reply);
  });
}

grpc::Status BackupService::StartUpload(grpc::ServerContext* context,
                                        const v1::StartUploadRequest* /*request*/,
                                        v1::StartUploadReply* reply) {
  return rpc::HandleRpc(metrics_, "StartUpload", *context, [&] {
    rpc::ReadAdmin(*context);
    reply->set_upload_id(uploads_.Start());
    reply->set_max_bytes(static_cast<int64_t>(uploads_.max_bytes()));
  });
}

grpc::Status BackupService::AppendUpload(grpc::ServerContext* context,
                                         const v1::AppendUploadRequest* request,
                                         v1::AppendUploadReply* reply) {
  return rpc::HandleRpc(metrics_, "AppendUpload", *context, [&] {
    rpc::ReadAdmin(*context);
    if (request->offset() < 0) {
      throw errors::InvalidArgument(i18n::kBackupUploadOffset,
                                    {{"offset", i18n::kBackupUploadOffsetField}});
    }
    size_t size = uploads_.Append(request->upload_id(), static_cast<size_t>(request->offset()),
                                  request->data());
    reply->set_size(static_cast<int64_t>(size));
  });
}

grpc::Status BackupService::CommitUpload(grpc::ServerContext* context,
                                         const v1::CommitUploadRequest* request,
                                         v1::RestoreReply* reply) {
  return rpc::HandleRpc(metrics_, "CommitUpload", *context, [&] {
    rpc::Caller caller = rpc::ReadAdmin(*context);
    std::filesystem::path file = uploads_.Take(request->upload_id());
    try {
      RestoreFile(file, request->passphrase(), caller, reply);
    } catch (const errors::Error& e) {
      // A mistyped passphrase should not cost the admin the whole upload: it can be committed
      // again. Any other problem ends the upload.
      if (e.fields().count("passphrase") != 0) {
        uploads_.Return(request->upload_id(), file);
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
  });
}

grpc::Status BackupService::DiscardUpload(grpc::ServerContext* context,
                                          const v1::DiscardUploadRequest* request,
                                          v1::DiscardUploadReply* /*reply*/) {
  return rpc::HandleRpc(metrics_, "DiscardUpload", *context, [&] {
    rpc::ReadAdmin(*context);
    uploads_.Discard(request->upload_id());
  });
}

}  // namespace billing::backup
