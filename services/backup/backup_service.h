// The backup gRPC service: admin-only export (secrets sealed with the admin's passphrase) and
// all-or-nothing restore, from one stream or from an upload sent piece by piece.
#pragma once

#include <filesystem>

#include "backup.grpc.pb.h"
#include "backup_repository.h"
#include "metrics/metrics.h"
#include "rpc/caller.h"
#include "upload_store.h"

namespace billing::backup {

class BackupService final : public v1::BackupService::Service {
 public:
  BackupService(BackupRepository& repository, UploadStore& uploads, metrics::Metrics& metrics)
      : repository_(repository), uploads_(uploads), metrics_(metrics) {}

  grpc::Status Export(grpc::ServerContext* context, const v1::ExportRequest* request,
                      grpc::ServerWriter<v1::Chunk>* writer) override;
  grpc::Status Restore(grpc::ServerContext* context, grpc::ServerReader<v1::RestorePiece>* reader,
                       v1::RestoreReply* reply) override;
  grpc::Status StartUpload(grpc::ServerContext* context, const v1::StartUploadRequest* request,
                           v1::StartUploadReply* reply) override;
  grpc::Status AppendUpload(grpc::ServerContext* context, const v1::AppendUploadRequest* request,
                            v1::AppendUploadReply* reply) override;
  grpc::Status CommitUpload(grpc::ServerContext* context, const v1::CommitUploadRequest* request,
                            v1::RestoreReply* reply) override;
  grpc::Status DiscardUpload(grpc::ServerContext* context, const v1::DiscardUploadRequest* request,
                             v1::DiscardUploadReply* reply) override;

 private:
  // Validates the whole file (one record in memory at a time), then replaces everything from it
  // in one transaction, reading it a second time.
  void RestoreFile(const std::filesystem::path& file, const std::string& passphrase,
                   const rpc::Caller& caller, v1::RestoreReply* reply);

  BackupRepository& repository_;
  UploadStore& uploads_;
  metrics::Metrics& metrics_;
};

}  // namespace billing::backup
