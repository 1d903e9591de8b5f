// One place for every request: auth and role checks, the error shape, access log, metrics, and
// the hand-off from Pistache's I/O threads to the worker pool (one lane per backend service).
#include "http/gateway_handler.h"

#include <cctype>
#include <chrono>
#include <limits>
#include <optional>

#include <openssl/rand.h>
#include <pistache/peer.h>

#include "errors/error.h"
#include "http/chunked.h"
#include "http/raw_header.h"
#include "http/security_headers.h"
#include "i18n/messages.h"
#include "log/log.h"

namespace billing::gateway {
namespace {

// How long a worker waits for a slow reader to take its answer.
constexpr std::chrono::seconds kSendTimeout{30};

std::string NewRequestId() {
  static constexpr char kHex[] = "0123456789abcdef";
  unsigned char bytes[8];
  RAND_bytes(bytes, sizeof(bytes));
  std::string id(2 * sizeof(bytes), '0');
  for (size_t i = 0; i < sizeof(bytes); ++i) {
    id[2 * i] = kHex[bytes[i] >> 4];
    id[2 * i + 1] = kHex[bytes[i] & 0xF];
  }
  return id;
}

Response ErrorResponse(const errors::Error& error) {
  Response response = Response::Json(errors::ToHttpBody(error), errors::HttpStatus(error.code()));
  if (error.retry_after_seconds() > 0) {
    response.headers["Retry-After"] = std::to_string(error.retry_after_seconds());
  }
  return response;
}

// The backend service a path mostly calls: its lane in the worker pool. Empty: no backend.
std::string BackendLane(const std::string& path) {
  if (path.rfind("/pay/", 0) == 0) return "payment";  // the providers' callbacks
  if (path.rfind("/api/", 0) != 0) return "";
  size_t end = path.find('/', 5);
  std::string resource = path.substr(5, end == std::string::npos ? std::string::npos : end - 5);
  if (resource == "payments" || resource == "portal") return "payment";
  if ((resource == "transactions" || resource == "customers") &&
      (path.find("/payment", 5) != std::string::npos ||
       path.find("/portal-link", 5) != std::string::npos)) {
    return "payment";
  }
  if (resource == "auth" || resource == "users" || resource == "audit" || resource == "events") {
    return "auth";
  }
  if (resource == "customers") {
    bool network = path.find("/network", 5) != std::string::npos ||
                   path.find("/isolate", 5) != std::string::npos ||
                   path.find("/reconnect", 5) != std::string::npos;
    return network ? "network" : "customer";
  }
  if (resource == "packages") return "customer";
  if (resource == "transactions" || resource == "billing" || resource == "reports" ||
      resource == "settings") {
    return "billing";
  }
  if (resource == "whatsapp") return "messaging";
  if (resource == "backup" || resource == "restore") return "backup";
  if (resource == "network") return "network";
  return "other";
}

// The path as the access log shows it: a customer's personal portal link (/portal/t/<token>)
// opens their bills, so its token never reaches a log.
std::string LoggedPath(const std::string& path) {
  static const std::string kLinkPrefix = "/portal/t/";
  if (path.rfind(kLinkPrefix, 0) != 0) return path;
  return kLinkPrefix + "***";
}

std::string MediaType(const std::string& content_type) {
  std::string type = content_type.substr(0, content_type.find(';'));
  std::string out;
  for (char c : type) {
    if (c != ' ' && c != '\t') out.push_back(static_cast<char>(std::tolower(c)));
  }
  return out;
}

// Login and every write with a body take JSON only (uploads also a file): a form post from
// another site, or a body a browser would sniff, never reaches a handler.
bool AcceptableBody(const Route& route, const Pistache::Http::Request& request,
                    const std::string& method) {
  if (method == "GET" || method == "HEAD" || request.body().empty()) return true;
  std::string type = MediaType(HeaderValue(request, "Content-Type"));
  if (type == "application/json") return true;
  return route.upload &&
         (type == "multipart/form-data" || type == "application/octet-stream" ||
          type == "text/csv" ||
          type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
}

// 415 in the one error shape. libs/errors has no code for it yet (adding one rebuilds every
// service), so the body is errors::ToHttpBody's with the code name set here.
Response UnsupportedMediaType() {
  nlohmann::json body = errors::ToHttpBody(errors::InvalidArgument(i18n::kUnsupportedMediaType));
  body["error"]["code"] = "unsupported_media_type";
  return Response::Json(body, 415);
}

// Holds the gateway's one long admin job for the guard's lifetime.
class AdminJobGuard final {
 public:
  explicit AdminJobGuard(std::atomic<bool>& running) : running_(running) {
    bool expected = false;
    if (!running_.compare_exchange_strong(expected, true)) {
      throw errors::FailedPrecondition(i18n::kAdminJobRunning);
    }
  }
  ~AdminJobGuard() { running_.store(false); }
  AdminJobGuard(const AdminJobGuard&) = delete;
  AdminJobGuard& operator=(const AdminJobGuard&) = delete;

 private:
  std::atomic<bool>& running_;
};

}  // namespace

Gateway::Gateway(Router router, Authenticator authenticator, StaticFiles static_files,
                 metrics::Metrics& metrics, GatewayOptions options)
    : router_(std::move(router)),
      authenticator_(std::move(authenticator)),
      static_files_(std::move(static_files)),
      metrics_(metrics),
      options_(std::move(options)),
      connections_(std::make_shared<ConnectionLimiter>(options_.max_connections_per_ip)),
      pool_(std::max<size_t>(options_.workers, 1), std::max<size_t>(options_.max_queued, 1)) {
  if (options_.backend_concurrency == 0) {
    options_.backend_concurrency = std::max<size_t>(options_.workers / 2, 1);
  }
}

size_t Gateway::BodyLimit(const std::string& method, const std::string& path) const {
  return router_.BodyLimit(method, path, options_.max_body_bytes);
}

size_t Gateway::MaxBodyBytes() const { return router_.MaxBodyBytes(options_.max_body_bytes); }

bool Gateway::Stop(std::chrono::milliseconds grace) {
  std::map<std::string, Lane> lanes;
  {
    std::lock_guard lock(lanes_mutex_);
    lanes.swap(lanes_);
    waiting_ = 0;
  }
  lanes.clear();
  return pool_.Stop(grace);
}

void Gateway::Submit(std::shared_ptr<Pistache::Http::Request> request,
                     Pistache::Http::ResponseWriter writer) {
  std::string method = Pistache::Http::methodString(request->method());
  if (router_.Find(method, request->resource()).route == nullptr) {
    Handle(*request, writer);  // static file, 404 or 405: no backend involved
    return;
  }
  // Still on the I/O thread: the connection is open, so its socket can be bound now.
  auto peer = writer.getPeer();
  auto socket = std::make_shared<BoundSocket>(peer ? peer->fd() : -1);
  auto shared_writer = std::make_shared<Pistache::Http::ResponseWriter>(std::move(writer));
  WorkerPool::Job job = [this, request, shared_writer, socket] {
    Handle(*request, *shared_writer, nullptr, socket.get());
  };
  if (!Enqueue(BackendLane(request->resource()), std::move(job))) {
    errors::Error busy = errors::Unavailable(i18n::kServerBusy);
    busy.WithRetryAfter(1);
    Handle(*request, *shared_writer, &busy);
  }
}

bool Gateway::Enqueue(const std::string& lane, WorkerPool::Job job) {
  size_t cap = lane.empty() ? std::numeric_limits<size_t>::max() : options_.backend_concurrency;
  {
    std::lock_guard lock(lanes_mutex_);
    Lane& state = lanes_[lane];
    if (state.running >= cap) {
      if (waiting_ >= options_.max_queued) return false;
      state.waiting.push_back(std::move(job));
      ++waiting_;
      return true;
    }
    ++state.running;
  }
  WorkerPool::Job run = [this, lane, job = std::move(job)]() mutable {
    RunLane(lane, std::move(job));
  };
  if (pool_.TrySubmit(run)) return true;
  std::lock_guard lock(lanes_mutex_);
  --lanes_[lane].running;
  return false;
}

// The worker that finishes a job takes the next one waiting in the same lane, so a lane never
// runs more than its share however long its backend takes.
void Gateway::RunLane(const std::string& lane, WorkerPool::Job job) {
  while (job) {
    try {
      job();
    } catch (const std::exception& e) {
      log::Error("request job failed", {{"error", e.what()}});
    }
    job = nullptr;
    std::lock_guard lock(lanes_mutex_);
    Lane& state = lanes_[lane];
    if (state.waiting.empty()) {
      if (state.running > 0) --state.running;
      return;
    }
    job = std::move(state.waiting.front());
    state.waiting.pop_front();
    --waiting_;
  }
}

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
  if (!AcceptableBody(*match.route, request, method)) return UnsupportedMediaType();
  if (match.route->access != Access::kPublic) {
    authenticator_.Authenticate(context, match.route->cookie_auth);
  }
  if (match.route->access == Access::kAdmin) rpc::RequireAdmin(context.caller);
  std::optional<AdminJobGuard> admin_job;
  // Never outlives admin_job: cleared however Dispatch ends.
  struct ForgetEnd {
    RequestContext& context;
    ~ForgetEnd() { context.end_exclusive = nullptr; }
  } forget_end{context};
  if (match.route->exclusive) {
    admin_job.emplace(admin_job_running_);
    context.end_exclusive = [&admin_job] { admin_job.reset(); };
  }
  if (match.route->stream) {
    match.route->stream(context, writer);
    *streamed = true;
    return Response();
  }
  ReadCache* cache = options_.read_cache;
  if (cache == nullptr) return match.route->handler(context);
  if (match.route->cached) {
    return cache->Get(ReadCache::KeyOf(context), [&] { return match.route->handler(context); });
  }
  if (method == "GET" || method == "HEAD" || match.route->keeps_reads) {
    return match.route->handler(context);
  }
  // A write (even a failed one may have committed): whoever reads through this gateway after
  // its answer sees the change, without waiting for the change event.
  struct ClearAfter {
    ReadCache& cache;
    ~ClearAfter() { cache.Clear(); }
  } clear_after{*cache};
  return match.route->handler(context);
}

void Gateway::Handle(const Pistache::Http::Request& request, Pistache::Http::ResponseWriter& writer,
                     const errors::Error* refusal, const BoundSocket* socket) {
  auto started = std::chrono::steady_clock::now();
  RequestContext context{request, {}, {}, {}, options_.max_body_bytes, "unmatched", {}};
  context.caller.request_id = NewRequestId();
  std::string peer = request.address().host();
  context.caller.client_ip =
      options_.trusted_proxies.ClientAddress(peer, HeaderValue(request, "X-Forwarded-For"));
  bool https = options_.trusted_proxies.IsHttps(peer, HeaderValue(request, "X-Forwarded-Proto"));
  // First in, so they win over any a route adds (Pistache keeps the first header of a name);
  // streamed responses carry them too.
  AddRawHeader(writer, "X-Request-Id", context.caller.request_id);
  for (const auto& [name, value] : SecurityHeaders()) AddRawHeader(writer, name, value);

  Response response;
  bool streamed = false;
  try {
    if (refusal != nullptr) throw *refusal;
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
                                {"path", LoggedPath(request.resource())},
                                {"status", 200},
                                {"user", context.caller.username},
                                {"client_ip", context.caller.client_ip},
                                {"request_id", context.caller.request_id}});
    return;
  }
  writer.headers().add<Pistache::Http::Header::ContentType>(response.content_type);
  for (const auto& [name, value] : response.headers) {
    AddRawHeader(writer, name, name == "Set-Cookie" ? SecureCookie(value, https) : value);
  }
  auto code = static_cast<Pistache::Http::Code>(response.status);
  if (socket != nullptr) {
    socket->Send(ResponseHead(code, writer.headers(), response.body.size()), response.body,
                 kSendTimeout);
  } else {
    writer.send(code, response.body);
  }

  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::string method = Pistache::Http::methodString(request.method());
  metrics_.ObserveRequest(method + " " + context.route, std::to_string(response.status), seconds);
  log::Info("request", {{"method", method},
                        {"path", LoggedPath(request.resource())},
                        {"status", response.status},
                        {"duration_ms", static_cast<int64_t>(seconds * 1000 * 1000) / 1000.0},
                        {"user", context.caller.username},
                        {"client_ip", context.caller.client_ip},
                        {"request_id", context.caller.request_id}});
}

}  // namespace billing::gateway
