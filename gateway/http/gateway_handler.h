// The Pistache handler: request id, client address, routing, auth, errors, access log, metrics;
// route handlers run on a worker pool, never on Pistache's I/O threads.
#pragma once

#include <atomic>
#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <pistache/http.h>

#include "errors/error.h"
#include "http/bound_socket.h"
#include "http/connection_limiter.h"
#include "http/router.h"
#include "http/static_files.h"
#include "http/trusted_proxies.h"
#include "http/worker_pool.h"
#include "metrics/metrics.h"
#include "middleware/authenticator.h"
#include "middleware/read_cache.h"

namespace billing::gateway {

struct GatewayOptions {
  size_t max_body_bytes = 1024 * 1024;
  TrustedProxies trusted_proxies;  // who may set X-Forwarded-For / X-Forwarded-Proto
  size_t workers = 16;             // GATEWAY_WORKERS
  size_t max_queued = 256;         // GATEWAY_QUEUE: requests waiting for a worker
  // Requests running against one backend service at once (0: half the workers); more wait
  // without holding a worker, so a hung service cannot starve calls to the others.
  size_t backend_concurrency = 0;
  size_t max_connections_per_ip = 0;  // GATEWAY_MAX_CONNECTIONS_PER_IP, 0 = no limit
  // Answers of Route::cached routes (not owned; nullptr: none are kept). Every write that is
  // not Route::keeps_reads clears it before its answer goes out.
  ReadCache* read_cache = nullptr;
};

// Shared by every Pistache I/O thread and every worker.
class Gateway final {
 public:
  Gateway(Router router, Authenticator authenticator, StaticFiles static_files,
          metrics::Metrics& metrics, GatewayOptions options);

  // I/O thread: answers at once what needs no backend (static files, 404/405, a full queue)
  // and hands everything else to a worker.
  void Submit(std::shared_ptr<Pistache::Http::Request> request,
              Pistache::Http::ResponseWriter writer);

  // The body limit for `method` and `path`, and the largest one (the parser's buffer).
  size_t BodyLimit(const std::string& method, const std::string& path) const;
  size_t MaxBodyBytes() const;
  const GatewayOptions& options() const { return options_; }
  ConnectionLimiter& connections() { return *connections_; }

  // Stops taking work; waits up to `grace` for running handlers (false: some still run).
  bool Stop(std::chrono::milliseconds grace);

 private:
  struct Lane {
    size_t running = 0;
    std::deque<WorkerPool::Job> waiting;
  };

  // Answers one request on the calling thread; `refusal` answers it with that error instead.
  // On a worker, `socket` is the request's connection (see bound_socket.h): the answer is
  // written there, never through Pistache's queue keyed by descriptor number.
  void Handle(const Pistache::Http::Request& request, Pistache::Http::ResponseWriter& writer,
              const errors::Error* refusal = nullptr, const BoundSocket* socket = nullptr);
  // Sets *streamed when a streaming route took over the writer (no Response to send then).
  Response Dispatch(RequestContext& context, Pistache::Http::ResponseWriter& writer,
                    bool* streamed);
  bool Enqueue(const std::string& lane, WorkerPool::Job job);
  void RunLane(const std::string& lane, WorkerPool::Job job);

  Router router_;
  Authenticator authenticator_;
  StaticFiles static_files_;
  metrics::Metrics& metrics_;
  GatewayOptions options_;
  std::shared_ptr<ConnectionLimiter> connections_;
  std::atomic<bool> admin_job_running_{false};
  std::mutex lanes_mutex_;
  std::map<std::string, Lane> lanes_;
  size_t waiting_ = 0;  // jobs waiting in lanes (guarded by lanes_mutex_)
  WorkerPool pool_;     // last: its threads stop before the rest goes away
};

class HttpHandler final : public Pistache::Http::Handler {
 public:
  HTTP_PROTOTYPE(HttpHandler)
  explicit HttpHandler(std::shared_ptr<Gateway> gateway) : gateway_(std::move(gateway)) {}
  void onRequest(const Pistache::Http::Request& request,
                 Pistache::Http::ResponseWriter writer) override;
  // Tells an event stream on that connection that it is gone (before the socket closes).
  void onDisconnection(const std::shared_ptr<Pistache::Tcp::Peer>& peer) override;

 private:
  // Replace Pistache's own (same parser): the per-address connection limit, body limits
  // checked as soon as the headers are in, refusals in the one error shape, header timeout
  // counted from a request's first byte, and requests handed to the worker pool.
  void onConnection(const std::shared_ptr<Pistache::Tcp::Peer>& peer) override;
  void onInput(const char* buffer, size_t len,
               const std::shared_ptr<Pistache::Tcp::Peer>& peer) override;

  std::shared_ptr<Gateway> gateway_;
};

}  // namespace billing::gateway
