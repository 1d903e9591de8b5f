// /api/backup (download, streamed, secrets sealed with the admin's passphrase) and restore: a
// small file in one request (/api/restore), or a file of any size up to RESTORE_MAX_BYTES sent
// in pieces of at most 4 MiB (/api/restore/uploads), so no request body is ever large. Admin.
#include <algorithm>
#include <cctype>
#include <limits>
#include <optional>

#include <grpcpp/client_context.h>

#include "errors/grpc_status.h"
#include "http/chunked.h"
#include "http/json_fields.h"
#include "http/query_params.h"
#include "http/raw_header.h"
#include "http/uploaded_file.h"
#include "i18n/messages.h"
#include "log/log.h"
#include "middleware/authenticator.h"
#include "routes/routes.h"

namespace billing::gateway {
namespace {

// The largest restore request body and upload piece: bounded whatever RESTORE_MAX_BYTES is.
constexpr size_t kMaxPieceBytes = 4 * 1024 * 1024;
constexpr size_t kGrpcChunkBytes = 1024 * 1024;
// The passphrase header of GET /api/backup and POST /api/restore: a header keeps it out of
// URLs and access logs. Percent-encoded UTF-8 (encodeURIComponent), so any passphrase fits.
constexpr const char* kPassphraseHeader = "X-Backup-Passphrase";

std::string PercentDecoded(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() &&
        std::isxdigit(static_cast<unsigned char>(text[i + 1])) != 0 &&
        std::isxdigit(static_cast<unsigned char>(text[i + 2])) != 0) {
      out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string Passphrase(const RequestContext& ctx) {
  return PercentDecoded(HeaderValue(ctx.request, kPassphraseHeader));
}

std::string BackupFileName() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char name[64];
  std::strftime(name, sizeof(name), "cadangan-billing-%Y%m%d-%H%M%S.json", &tm);
  return name;
}

Response Restored(const backup::v1::RestoreReply& reply) {
  nlohmann::json rows = nlohmann::json::object();
  for (const auto& [table, count] : reply.rows()) rows[table] = count;
  return Response::Json({{"ok", true}, {"restored", rows}});
}

// `offset` of a piece: the bytes already uploaded (a non-negative integer).
int64_t Offset(const RequestContext& ctx) {
  std::optional<int64_t> offset =
      ParseWholeNumber(ctx.Query("offset"), 0, std::numeric_limits<int64_t>::max());
  if (!offset) {
    throw errors::InvalidArgument(i18n::kBackupUploadOffset,
                                  {{"offset", i18n::kBackupUploadOffsetField}});
  }
  return *offset;
}

}  // namespace

void AddBackupRoutes(Router& router, Backends& backends, size_t max_restore_bytes) {
  router.AddStream("/api/backup", Access::kAdmin, /*cookie_auth=*/false,
                   [&backends](RequestContext& ctx, Pistache::Http::ResponseWriter& writer) {
                     auto context = ctx.Grpc(std::chrono::minutes(60));
                     backup::v1::ExportRequest request;
                     request.set_passphrase(Passphrase(ctx));
                     auto reader = backends.Backup().Export(context.get(), request);
                     backup::v1::Chunk chunk;
                     if (!reader->Read(&chunk)) {
                       // Nothing sent yet: the dispatcher answers with the error in the usual
                       // shape.
                       throw errors::FromGrpcStatus(reader->Finish());
                     }
                     writer.headers().add<Pistache::Http::Header::ContentType>(
                         "application/json; charset=utf-8");
                     AddRawHeader(writer, "Content-Disposition",
                                  "attachment; filename=\"" + BackupFileName() + "\"");
                     AddRawHeader(writer, "Cache-Control", "no-store");
                     // On a worker thread: chunks go through the peer's write queue
                     // (http/chunked.h).
                     ChunkedStream stream = StartChunked(writer, Pistache::Http::Code::Ok);
                     do {
                       if (!stream.Write(chunk.data())) {  // the admin went away
                         context->TryCancel();
                         break;
                       }
                     } while (reader->Read(&chunk));
                     grpc::Status status = reader->Finish();
                     if (!status.ok()) {
                       // Mid-stream failure: the file is cut short and will not parse, so a restore
                       // refuses it.
                       log::Error("backup stream failed", {{"request_id", ctx.caller.request_id},
                                                           {"error", status.error_message()}});
                     }
                     ctx.EndExclusive();  // before the end: the admin may start the next job
                     stream.End();
                   });

  // A small file in one request (scripts, older clients): the body (raw or multipart) is at
  // most 4 MiB; larger files go through /api/restore/uploads.
  router.AddUpload("POST", "/api/restore", Access::kAdmin,
                   std::min(max_restore_bytes, kMaxPieceBytes), [&backends](RequestContext& ctx) {
                     std::string file = UploadedFile(ctx.request);
                     auto context = ctx.Grpc(std::chrono::minutes(60));
                     backup::v1::RestoreReply reply;
                     auto writer = backends.Backup().Restore(context.get(), &reply);
                     backup::v1::RestorePiece first;
                     first.set_passphrase(Passphrase(ctx));
                     bool open = writer->Write(first);
                     for (size_t at = 0; open && at < file.size(); at += kGrpcChunkBytes) {
                       backup::v1::RestorePiece piece;
                       piece.set_data(file.substr(at, kGrpcChunkBytes));
                       open = writer->Write(piece);
                     }
                     writer->WritesDone();
                     Check(writer->Finish());
                     return Restored(reply);
                   });

  router.Add("POST", "/api/restore/uploads", Access::kAdmin, [&backends](RequestContext& ctx) {
    backup::v1::StartUploadReply reply;
    Check(
        backends.Backup().StartUpload(ctx.Grpc().get(), backup::v1::StartUploadRequest(), &reply));
    return Response::Json({{"upload_id", reply.upload_id()},
                           {"max_bytes", reply.max_bytes()},
                           {"chunk_bytes", kMaxPieceBytes}},
                          201);
  });

  // One piece: the raw bytes of the file from `offset` on, at most 4 MiB.
  router.AddUpload("PUT", "/api/restore/uploads/:id/chunks", Access::kAdmin, kMaxPieceBytes,
                   [&backends](RequestContext& ctx) {
                     int64_t offset = Offset(ctx);
                     const std::string& body = ctx.request.body();
                     backup::v1::AppendUploadRequest request;
                     request.set_upload_id(ctx.params.at("id"));
                     request.set_offset(offset);
                     request.set_data(body);
                     backup::v1::AppendUploadReply reply;
                     Check(backends.Backup().AppendUpload(ctx.Grpc(std::chrono::seconds(60)).get(),
                                                          request, &reply));
                     return Response::Json({{"size", reply.size()}});
                   });

  router.Add("POST", "/api/restore/uploads/:id/commit", Access::kAdmin,
             [&backends](RequestContext& ctx) {
               JsonFields fields(ctx.JsonBody());
               backup::v1::CommitUploadRequest request;
               request.set_upload_id(ctx.params.at("id"));
               request.set_passphrase(fields.String("passphrase").value_or(""));
               fields.Done();
               backup::v1::RestoreReply reply;
               Check(backends.Backup().CommitUpload(ctx.Grpc(std::chrono::minutes(60)).get(),
                                                    request, &reply));
               return Restored(reply);
             });

  router.Add("DELETE", "/api/restore/uploads/:id", Access::kAdmin,
             [&backends](RequestContext& ctx) {
               backup::v1::DiscardUploadRequest request;
               request.set_upload_id(ctx.params.at("id"));
               backup::v1::DiscardUploadReply reply;
               Check(backends.Backup().DiscardUpload(ctx.Grpc().get(), request, &reply));
               return Response::Json({{"ok", true}});
             });
}

}  // namespace billing::gateway
