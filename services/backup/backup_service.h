// The backup gRPC service: admin-only export and all-or-nothing restore.
#pragma once

#include "backup.grpc.pb.h"
#include "backup_repository.h"
#include "metrics/metrics.h"

namespace billing::backup {

class BackupService final : public v1::BackupService::Service {
 public:
  BackupService(BackupRepository& repository, size_t max_restore_bytes, metrics::Metrics& metrics)
      : repository_(repository), max_restore_bytes_(max_restore_bytes), metrics_(metrics) {}

  grpc::Status Export(grpc::ServerContext* context, const v1::ExportRequest* request,
                      grpc::ServerWriter<v1::Chunk>* writer) override;
  grpc::Status Restore(grpc::ServerContext* context, grpc::ServerReader<v1::Chunk>* reader,
                       v1::RestoreReply* reply) override;

 private:
  BackupRepository& repository_;
  size_t max_restore_bytes_;
  metrics::Metrics& metrics_;
};

}  // namespace billing::backup
