// Backup RPCs: each reads its request (or stream), calls the exporter or the restorer and fills
// the reply. Every handler runs inside rpc::HandleRpc, so no exception escapes.
#include "backup_service.h"

#include "errors/error.h"
#include "i18n/messages.h"
#include "rpc/caller.h"
#include "rpc/server.h"

namespace billing::backup {
namespace {

void ToProto(const RestoredRows& restored, v1::RestoreReply* reply) {
  for (const auto& [table, rows] : restored) (*reply->mutable_rows())[table] = rows;
}

}  // namespace

grpc::Status BackupService::Export(grpc::ServerContext* context, const v1::ExportRequest* request,
                                   grpc::ServerWriter<v1::Chunk>* writer) {
  return rpc::HandleRpc(metrics_, "Export", *context, [&] {
    exporter_.Export(rpc::ReadCaller(*context), request->passphrase(),
                     [&](const std::string& data) {
                       v1::Chunk chunk;
                       chunk.set_data(data);
                       if (!writer->Write(chunk)) {
                         throw errors::Unavailable(i18n::kServiceUnavailable);
                       }
                     });
  });
}

grpc::Status BackupService::Restore(grpc::ServerContext* context,
                                    grpc::ServerReader<v1::RestorePiece>* reader,
                                    v1::RestoreReply* reply) {
  return rpc::HandleRpc(metrics_, "Restore", *context, [&] {
    v1::RestorePiece message;
    ToProto(restorer_.RestoreStream(rpc::ReadCaller(*context),
                                    [&](RestorePiece& piece) {
                                      if (!reader->Read(&message)) return false;
                                      piece.passphrase = message.passphrase();
                                      piece.data = message.data();
                                      return true;
                                    }),
            reply);
  });
}

grpc::Status BackupService::StartUpload(grpc::ServerContext* context,
                                        const v1::StartUploadRequest* /*request*/,
                                        v1::StartUploadReply* reply) {
  return rpc::HandleRpc(metrics_, "StartUpload", *context, [&] {
    UploadTicket ticket = restorer_.StartUpload(rpc::ReadCaller(*context));
    reply->set_upload_id(ticket.id);
    reply->set_max_bytes(static_cast<int64_t>(ticket.max_bytes));
  });
}

grpc::Status BackupService::AppendUpload(grpc::ServerContext* context,
                                         const v1::AppendUploadRequest* request,
                                         v1::AppendUploadReply* reply) {
  return rpc::HandleRpc(metrics_, "AppendUpload", *context, [&] {
    size_t size = restorer_.AppendUpload(rpc::ReadCaller(*context), request->upload_id(),
                                         request->offset(), request->data());
    reply->set_size(static_cast<int64_t>(size));
  });
}

grpc::Status BackupService::CommitUpload(grpc::ServerContext* context,
                                         const v1::CommitUploadRequest* request,
                                         v1::RestoreReply* reply) {
  return rpc::HandleRpc(metrics_, "CommitUpload", *context, [&] {
    ToProto(restorer_.CommitUpload(rpc::ReadCaller(*context), request->upload_id(),
                                   request->passphrase()),
            reply);
  });
}

grpc::Status BackupService::DiscardUpload(grpc::ServerContext* context,
                                          const v1::DiscardUploadRequest* request,
                                          v1::DiscardUploadReply* /*reply*/) {
  return rpc::HandleRpc(metrics_, "DiscardUpload", *context, [&] {
    restorer_.DiscardUpload(rpc::ReadCaller(*context), request->upload_id());
  });
}

}  // namespace billing::backup
