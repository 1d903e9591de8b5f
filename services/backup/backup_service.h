// The backup gRPC service: reads each request, calls the exporter or the restorer and maps the
// result to the reply; no SQL and no rules here.
#pragma once

#include "backup.grpc.pb.h"
#include "exporter.h"
#include "metrics/metrics.h"
#include "restorer.h"

namespace billing::backup {

class BackupService final : public v1::BackupService::Service {
 public:
  BackupService(Exporter& exporter, Restorer& restorer, metrics::Metrics& metrics)
      : exporter_(exporter), restorer_(restorer), metrics_(metrics) {}

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
  Exporter& exporter_;
  Restorer& restorer_;
  metrics::Metrics& metrics_;
};

}  // namespace billing::backup
