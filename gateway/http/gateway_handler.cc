// One place for every request: auth and role checks, the error shape, access log, metrics.
#include "http/gateway_handler.h"

#include <chrono>
#include <cstdio>

#include <openssl/rand.h>

#include "errors/error.h"
#include "http/raw_header.h"
#include "i18n/messages.h"
#include "log/log.h"
#include "sse/pistache_sink.h"

namespace billing::gateway {
namespace {

std::string NewRequestId() {
  unsigned char bytes[8];
  RAND_bytes(bytes, sizeof(bytes));
  char hex[17];
  for (size_t i = 0; i < sizeof(bytes); ++i) std::snprintf(hex + 2 * i, 3, "%02x", bytes[i]);
  return hex;
}

std::string ClientAddress(const Pistache::Http::Request& request, bool trust_proxy) {
  if (trust_proxy) {
    std::string forwarded = HeaderValue(request, "X-Forwarded-For");
    if (!forwarded.empty()) {
      std::string first = forwarded.substr(0, forwarded.find(','));
      first.erase(0, first.find_first_not_of(' '));
      first.erase(first.find_last_not_of(' ') + 1);
      if (!first.empty() && first.size() <= 64) return first;
    }
  }
  return request.address().host();
}

Response ErrorResponse(const errors::Error& error) {
  Response response = Response::Json(errors::ToHttpBody(error), errors::HttpStatus(error.code()));
  if (error.retry_after_seconds() > 0) {
    response.headers["Retry-After"] = std::to_string(error.retry_after_seconds());
  }
  return response;
}

}  // namespace

Gateway::Gateway(Router router, Authenticator authenticator, StaticFiles static_files,
                 metrics::Metrics& metrics, GatewayOptions options)
    : router_(std::move(router)),
      authenticator_(std::move(authenticator)),
      static_files_(std::move(static_files)),
      metrics_(metrics),
      options_(options) {}

Response Gateway::Dispatch(RequestContext& context, Pistache::Http::ResponseWriter& writer,
                           bool* streamed) {
  const auto& request = context.request;
  std::string method = Pistache::Http::methodString(request.method());
  const std::string& path = request.resource();
  Match match = router_.Find(method, path);
  if (match.route == nullptr) {
    if (request.body().size() > context.max_body_bytes) {
      throw errors::Error(errors::Code::kPayloadTooLarge, i18n::kBodyTooLarge);
    }
    bool is_api = path.rfind("/api/", 0) == 0 || path == "/api";
    if (!is_api && (method == "GET" || method == "HEAD")) {
      bool gzip = HeaderValue(request, "Accept-Encoding").find("gzip") != std::string::npos;
      if (auto file = static_files_.Serve(path, gzip)) {
        context.route = "static";
        return *file;
      }
    }
    if (!match.allowed_methods.empty()) {
      Response response =
          ErrorResponse(errors::Error(errors::Code::kMethodNotAllowed, i18n::kMethodNotAllowed));
      std::string allow;
      for (const auto& m : match.allowed_methods) allow += (allow.empty() ? "" : ", ") + m;
      response.headers["Allow"] = allow;
      return response;
    }
    throw errors::NotFound(i18n::kRouteNotFound);
  }
  context.params = std::move(match.params);
  context.route = match.route->pattern;
  if (match.route->max_body_bytes > 0) context.max_body_bytes = match.route->max_body_bytes;
  if (request.body().size() > context.max_body_bytes) {
    throw errors::Error(errors::Code::kPayloadTooLarge, i18n::kBodyTooLarge);
  }
  if (match.route->access != Access::kPublic) {
    authenticator_.Authenticate(context, match.route->cookie_auth);
  }
  if (match.route->access == Access::kAdmin) rpc::RequireAdmin(context.caller);
  if (match.route->stream) {
    match.route->stream(context, writer);
    *streamed = true;
    return Response();
  }
  return match.route->handler(context);
}

void Gateway::Handle(const Pistache::Http::Request& request,
                     Pistache::Http::ResponseWriter writer) {
  auto started = std::chrono::steady_clock::now();
  RequestContext context{request, {}, {}, {}, options_.max_body_bytes, "unmatched"};
  context.caller.request_id = NewRequestId();
  context.caller.client_ip = ClientAddress(request, options_.trust_proxy);

  Response response;
  bool streamed = false;
  try {
    response = Dispatch(context, writer, &streamed);
  } catch (const errors::Error& error) {
    if (error.code() == errors::Code::kInternal) {
      log::Error("internal error",
                 {{"request_id", context.caller.request_id}, {"error", error.message()}});
    }
    response = ErrorResponse(error);
  } catch (const std::exception& e) {
    log::Error("unhandled exception",
               {{"request_id", context.caller.request_id}, {"error", e.what()}});
    response = ErrorResponse(errors::Internal(i18n::kInternalError + context.caller.request_id));
  }

  if (streamed) {
    log::Info("stream opened", {{"method", "GET"},
                                {"path", request.resource()},
                                {"status", 200},
                                {"user", context.caller.username},
                                {"client_ip", context.caller.client_ip},
                                {"request_id", context.caller.request_id}});
    return;
  }
  writer.headers().add<Pistache::Http::Header::ContentType>(response.content_type);
  AddRawHeader(writer, "X-Request-Id", context.caller.request_id);
  AddRawHeader(writer, "X-Content-Type-Options", "nosniff");
  for (const auto& [name, value] : response.headers) AddRawHeader(writer, name, value);
  writer.send(static_cast<Pistache::Http::Code>(response.status), response.body);

  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::string method = Pistache::Http::methodString(request.method());
  metrics_.ObserveRequest(method + " " + context.route, std::to_string(response.status), seconds);
  log::Info("request", {{"method", method},
                        {"path", request.resource()},
                        {"status", response.status},
                        {"duration_ms", static_cast<int64_t>(seconds * 1000 * 1000) / 1000.0},
                        {"user", context.caller.username},
                        {"client_ip", context.caller.client_ip},
                        {"request_id", context.caller.request_id}});
}

void HttpHandler::onRequest(const Pistache::Http::Request& request,
                            Pistache::Http::ResponseWriter writer) {
  gateway_->Handle(request, std::move(writer));
}

void HttpHandler::onDisconnection(const std::shared_ptr<Pistache::Tcp::Peer>& peer) {
  sse::PistacheSink::PeerDisconnected(peer);
  Pistache::Http::Handler::onDisconnection(peer);
}

}  // namespace billing::gateway
