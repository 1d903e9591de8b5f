// /api/backup (download, streamed) and /api/restore (raw JSON body or multipart upload), admin.
#include <grpcpp/client_context.h>

#include "errors/grpc_status.h"
#include "http/chunked.h"
#include "http/raw_header.h"
#include "i18n/messages.h"
#include "log/log.h"
#include "middleware/authenticator.h"
#include "routes/routes.h"

namespace billing::gateway {
namespace {

constexpr size_t kChunkBytes = 1024 * 1024;

// The first file part of a multipart/form-data body, or the body itself when it is not one.
std::string UploadedFile(const Pistache::Http::Request& request) {
  std::string type = HeaderValue(request, "Content-Type");
  const std::string& body = request.body();
  if (type.rfind("multipart/form-data", 0) != 0) return body;
  auto at = type.find("boundary=");
  if (at == std::string::npos) throw errors::InvalidArgument(i18n::kMultipartWithoutFile);
  std::string boundary = type.substr(at + 9);
  if (!boundary.empty() && boundary.front() == '"')
    boundary = boundary.substr(1, boundary.find('"', 1) - 1);
  boundary = boundary.substr(0, boundary.find(';'));
  const std::string delimiter = "--" + boundary;
  for (size_t part = body.find(delimiter); part != std::string::npos;) {
    size_t headers_end = body.find("\r\n\r\n", part);
    if (headers_end == std::string::npos) break;
    std::string headers = body.substr(part, headers_end - part);
    size_t content = headers_end + 4;
    size_t next = body.find("\r\n" + delimiter, content);
    if (next == std::string::npos) break;
    if (headers.find("filename=") != std::string::npos ||
        headers.find("name=\"file\"") != std::string::npos) {
      return body.substr(content, next - content);
    }
    part = next + 2;
  }
  throw errors::InvalidArgument(i18n::kMultipartWithoutFile,
                                {{"file", i18n::kMultipartWithoutFile}});
}

std::string BackupFileName() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char name[64];
  std::strftime(name, sizeof(name), "cadangan-billing-%Y%m%d-%H%M%S.json", &tm);
  return name;
}

}  // namespace

void AddBackupRoutes(Router& router, Backends& backends, size_t max_restore_bytes) {
  router.AddStream(
      "/api/backup", Access::kAdmin, /*cookie_auth=*/false,
      [&backends](RequestContext& ctx, Pistache::Http::ResponseWriter& writer) {
        auto context = ctx.Grpc(std::chrono::minutes(60));
        auto reader = backends.Backup().Export(context.get(), backup::v1::ExportRequest());
        backup::v1::Chunk chunk;
        if (!reader->Read(&chunk)) {
          // Nothing sent yet: the dispatcher answers with the error in the usual shape.
          throw errors::FromGrpcStatus(reader->Finish());
        }
        writer.headers().add<Pistache::Http::Header::ContentType>(
            "application/json; charset=utf-8");
        AddRawHeader(writer, "Content-Disposition",
                     "attachment; filename=\"" + BackupFileName() + "\"");
        // On a worker thread: chunks go through the peer's write queue (http/chunked.h).
        ChunkedStream stream = StartChunked(writer, Pistache::Http::Code::Ok);
        do {
          if (!stream.Write(chunk.data())) {  // the admin went away
            context->TryCancel();
            break;
          }
        } while (reader->Read(&chunk));
        grpc::Status status = reader->Finish();
        if (!status.ok()) {
          // Mid-stream failure: the file is cut short and will not parse, so a restore refuses it.
          log::Error("backup stream failed",
                     {{"request_id", ctx.caller.request_id}, {"error", status.error_message()}});
        }
        stream.End();
      });

  router.AddUpload("POST", "/api/restore", Access::kAdmin, max_restore_bytes,
                   [&backends](RequestContext& ctx) {
                     std::string file = UploadedFile(ctx.request);
                     auto context = ctx.Grpc(std::chrono::minutes(60));
                     backup::v1::RestoreReply reply;
                     auto writer = backends.Backup().Restore(context.get(), &reply);
                     for (size_t at = 0; at < file.size(); at += kChunkBytes) {
                       backup::v1::Chunk chunk;
                       chunk.set_data(file.substr(at, kChunkBytes));
                       if (!writer->Write(chunk)) break;
                     }
                     writer->WritesDone();
                     Check(writer->Finish());
                     nlohmann::json rows = nlohmann::json::object();
                     for (const auto& [table, count] : reply.rows()) rows[table] = count;
                     return Response::Json({{"ok", true}, {"restored", rows}});
                   });
}

}  // namespace billing::gateway
