// Backup RPCs: stream out in 256 KiB pieces; read in, parse, validate everything, then replace.
#include "backup_service.h"

#include "errors/error.h"
#include "i18n/messages.h"
#include "rpc/caller.h"
#include "rpc/server.h"

namespace billing::backup {
namespace {
constexpr size_t kChunkBytes = 256 * 1024;
}  // namespace

grpc::Status BackupService::Export(grpc::ServerContext* context,
                                   const v1::ExportRequest* /*request*/,
                                   grpc::ServerWriter<v1::Chunk>* writer) {
  return rpc::HandleRpc(metrics_, "Export", *context, [&] {
    rpc::RequireAdmin(rpc::ReadCaller(*context));
    std::string pending;
    auto flush = [&] {
      v1::Chunk chunk;
      chunk.set_data(pending);
      if (!writer->Write(chunk)) throw errors::Unavailable(i18n::kServiceUnavailable);
      pending.clear();
    };
    repository_.Export([&](const std::string& piece) {
      pending += piece;
      if (pending.size() >= kChunkBytes) flush();
    });
    if (!pending.empty()) flush();
  });
}

grpc::Status BackupService::Restore(grpc::ServerContext* context,
                                    grpc::ServerReader<v1::Chunk>* reader,
                                    v1::RestoreReply* reply) {
  return rpc::HandleRpc(metrics_, "Restore", *context, [&] {
    rpc::Caller caller = rpc::ReadCaller(*context);
    rpc::RequireAdmin(caller);
    std::string text;
    v1::Chunk chunk;
    while (reader->Read(&chunk)) {
      text += chunk.data();
      if (text.size() > max_restore_bytes_) {
        throw errors::Error(errors::Code::kPayloadTooLarge, i18n::kBodyTooLarge);
      }
    }
    nlohmann::json document = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    text.clear();
    if (document.is_discarded()) {
      throw errors::InvalidArgument(i18n::kBackupNotJson, {{"file", i18n::kBackupNotJson}});
    }
    ValidateDocument(document, repository_.Tables(), repository_.Versions());
    for (const auto& [table, rows] : repository_.Replace(document["data"], caller)) {
      (*reply->mutable_rows())[table] = rows;
    }
  });
}

}  // namespace billing::backup
