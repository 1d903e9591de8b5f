// gateway process: read config, connect to services, build routes, serve HTTP until SIGTERM.
#include <csignal>
#include <cstdlib>
#include <malloc.h>
#include <sys/resource.h>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>
#include <pistache/endpoint.h>

#include "backends.h"
#include "config/default_ports.h"
#include "config/env.h"
#include "http/gateway_handler.h"
#include "log/log.h"
#include "middleware/session_cache.h"
#include "redis/redis_client.h"
#include "routes/routes.h"
#include "rpc/identity.h"
#include "rpc/server.h"
#include "sse/auth_event_log.h"
#include "sse/live_events.h"

namespace {

using billing::config::Env;
namespace gw = billing::gateway;

int Run() {
  billing::log::Init("gateway", Env::String("LOG_LEVEL", "info"));
  // Every call to a service is signed as the gateway, carrying the user it verified.
  billing::rpc::InstallServiceIdentity("gateway", Env::Required("SERVICE_KEY"));
  gw::Backends backends(
      {{"auth", Env::List("AUTH_ADDR", billing::config::kAuthAddr)},
       {"customer", Env::List("CUSTOMER_ADDR", billing::config::kCustomerAddr)},
       {"billing", Env::List("BILLING_ADDR", billing::config::kBillingAddr)},
       {"messaging", Env::List("MESSAGING_ADDR", billing::config::kMessagingAddr)},
       {"backup", Env::List("BACKUP_ADDR", billing::config::kBackupAddr)},
       {"network", Env::List("NETWORK_ADDR", billing::config::kNetworkAddr)},
       {"payment", Env::List("PAYMENT_ADDR", billing::config::kPaymentAddr)}});
  billing::metrics::Metrics metrics("gateway");

  // Idempotency-Key records in Redis, in this process while Redis is down.
  billing::redis::RedisClient idempotency_redis(Env::String("REDIS_ADDR", "127.0.0.1:56379"),
                                                std::chrono::milliseconds(500));
  gw::RedisIdempotencyStore shared_idempotency(idempotency_redis);
  gw::MemoryIdempotencyStore local_idempotency;
  gw::FallbackIdempotencyStore idempotency(shared_idempotency, local_idempotency);

  gw::Router router;
  gw::AddSystemRoutes(router, backends, metrics, Env::Bool("METRICS_PUBLIC", false));
  gw::AddAuthRoutes(router, backends);
  gw::AddUserRoutes(router, backends, idempotency);
  gw::AddAuditRoutes(router, backends);
  gw::sse::AuthEventLog event_log(backends.Auth());
  gw::sse::AuthSessionChecker sessions(backends.Auth());
  gw::sse::LiveEventsOptions live_options;
  live_options.redis_address = Env::String("REDIS_ADDR", "127.0.0.1:56379");
  live_options.heartbeat = std::chrono::seconds(Env::Int("SSE_HEARTBEAT_SECONDS", 15, 1, 3600));
  live_options.reverify = std::chrono::seconds(Env::Int("SSE_REVERIFY_SECONDS", 5, 1, 3600));
  live_options.max_stream_age =
      std::chrono::seconds(Env::Int("SSE_MAX_STREAM_SECONDS", 240, 5, 280));
  live_options.max_clients = static_cast<size_t>(Env::Int("SSE_MAX_CLIENTS", 10000, 1, 1000000));
  live_options.max_streams_per_user =
      static_cast<size_t>(Env::Int("SSE_MAX_STREAMS_PER_USER", 64, 0, 100000));
  live_options.max_pending_bytes =
      static_cast<size_t>(Env::Int("SSE_MAX_PENDING_BYTES", 256 * 1024, 4096, 64 * 1024 * 1024));
  gw::sse::LiveEvents live(live_options, event_log, sessions);
  gw::AddEventRoutes(router, live);
  gw::AddImportRoutes(router, backends);
  gw::AddExportRoutes(router, backends);
  gw::AddCustomerRoutes(router, backends, idempotency);
  gw::AddPackageRoutes(router, backends);
  gw::AddTransactionRoutes(router, backends, idempotency);
  gw::AddReportRoutes(router, backends);
  gw::AddShopRoutes(router, backends);
  gw::AddCashBookRoutes(router, backends);
  gw::AddSettingsRoutes(router, backends);
  size_t max_restore_bytes =
      static_cast<size_t>(Env::Int("RESTORE_MAX_BYTES", 256LL << 20, 1 << 20, 4LL << 30));
  gw::AddBackupRoutes(router, backends, max_restore_bytes);
  gw::AddWhatsappRoutes(router, backends, idempotency);
  gw::AddNetworkRoutes(router, backends);
  gw::AddPaymentRoutes(router, backends);
  gw::AddPortalRoutes(router, backends);

  for (const auto& [method, pattern] :
       std::vector<std::pair<std::string, std::string>>{{"GET", "/api/backup"},
                                                        {"POST", "/api/backup"},
                                                        {"POST", "/api/restore"},
                                                        {"POST", "/api/billing/run"},
                                                        {"POST", "/api/network/sync"},
                                                        {"POST", "/api/network/isolir/run"}}) {
    // One long admin job at a time; a route another version does not have is skipped.
    router.MarkExclusive(method, pattern);
  }

  gw::GatewayOptions options;
  options.max_body_bytes =
      static_cast<size_t>(Env::Int("MAX_BODY_BYTES", 1024 * 1024, 1024, 64 * 1024 * 1024));
  std::string trusted = Env::String("TRUSTED_PROXIES", "");
  if (trusted.empty() && Env::Bool("TRUST_PROXY", false)) {
    // Deprecated: TRUST_PROXY=1 meant "a proxy on this host"; it now trusts only loopback.
    billing::log::Warn("TRUST_PROXY is deprecated; set TRUSTED_PROXIES (now 127.0.0.1,::1)");
    trusted = "127.0.0.1,::1";
  }
  options.trusted_proxies = gw::TrustedProxies::Parse(trusted);
  options.workers = static_cast<size_t>(Env::Int("GATEWAY_WORKERS", 16, 1, 1024));
  options.max_queued = static_cast<size_t>(Env::Int("GATEWAY_QUEUE", 256, 1, 100000));
  options.backend_concurrency =
      static_cast<size_t>(Env::Int("GATEWAY_BACKEND_CONCURRENCY", 0, 0, 1024));
  options.max_connections_per_ip =
      static_cast<size_t>(Env::Int("GATEWAY_MAX_CONNECTIONS_PER_IP", 256, 0, 1000000));
  // Verified sessions are trusted for SESSION_CACHE_TTL_MS at most (even with Redis down, an
  // ended session is refused within 5 s) and dropped at once by the auth service's user events.
  billing::domain::SystemClock clock;
  gw::SessionCacheOptions cache_options;
  cache_options.max_entries =
      static_cast<size_t>(Env::Int("SESSION_CACHE_MAX", 10000, 0, 10000000));
  cache_options.ttl = std::chrono::milliseconds(Env::Int("SESSION_CACHE_TTL_MS", 2000, 0, 4000));
  gw::SessionCache session_cache(cache_options, clock);
  // The live feed hears every event once, in order, caught up from the log after a Redis outage
  // (which the ttl covers meanwhile).
  // Busy lists and stats are kept for GATEWAY_READ_CACHE_TTL_MS at most, dropped by every
  // change event before the browsers hear of it and by every write through this gateway.
  gw::ReadCacheOptions read_options;
  read_options.ttl =
      std::chrono::milliseconds(Env::Int("GATEWAY_READ_CACHE_TTL_MS", 1000, 0, 5000));
  read_options.max_bytes =
      static_cast<size_t>(Env::Int("GATEWAY_READ_CACHE_MAX_BYTES", 8 << 20, 0, 1LL << 30));
  gw::ReadCache read_cache(read_options, clock);
  for (const char* pattern :
       {"/api/customers", "/api/transactions", "/api/transactions/stats", "/api/packages"}) {
    router.MarkCached("GET", pattern);
  }
  // Writes that change nothing a cached answer shows.
  for (const char* pattern :
       {"/api/auth/login", "/api/auth/logout", "/api/auth/change-password", "/api/whatsapp/preview",
        "/api/whatsapp/link", "/api/transactions/:id/payment-link", "/api/payments/:id/settle",
        "/api/customers/:id/portal-link/revoke", "/api/portal/login/code",
        "/api/portal/login/verify", "/api/portal/login/link", "/api/portal/logout",
        "/api/portal/bills/pay-all", "/api/portal/bills/:id/pay"}) {
    router.MarkKeepsReads("POST", pattern);
  }
  options.read_cache = read_cache.Enabled() ? &read_cache : nullptr;
  live.AddObserver([&session_cache, &read_cache](const billing::events::EventMessage& event) {
    session_cache.OnEvent(event);
    read_cache.OnEvent(event);
  });
  auto gateway = std::make_shared<gw::Gateway>(
      std::move(router), gw::Authenticator(backends.Auth(), &session_cache),
      gw::StaticFiles(Env::String("WEB_ROOT", "web/dist")), metrics, options);

  std::string listen = Env::String("GATEWAY_LISTEN", billing::config::kGatewayListen);
  Pistache::Address address(listen);
  Pistache::Http::Endpoint endpoint(address);
  // Pistache buffers a request up to maxRequestSize before parsing is done; our handler
  // refuses a body over its route's limit as soon as the headers are in, so the buffer only
  // needs the largest route limit plus room for the request line and headers.
  endpoint.init(
      Pistache::Http::Endpoint::options()
          .threads(static_cast<int>(Env::Int("GATEWAY_THREADS", 4, 1, 256)))
          .flags(Pistache::Tcp::Options::ReuseAddr)
          .maxRequestSize(gateway->MaxBodyBytes() + 64 * 1024)
          .maxResponseSize(64 * 1024 * 1024)
          .headerTimeout(
              std::chrono::seconds(Env::Int("GATEWAY_HEADER_TIMEOUT_SECONDS", 10, 1, 10)))
          .bodyTimeout(std::chrono::seconds(Env::Int("GATEWAY_BODY_TIMEOUT_SECONDS", 60, 1, 3600)))
          .keepaliveTimeout(std::chrono::seconds(300)));
  endpoint.setHandler(std::make_shared<gw::HttpHandler>(gateway));
  live.Start();
  endpoint.serveThreaded();
  billing::log::Info("serving", {{"listen", listen}});

  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  int signal_number = 0;
  sigwait(&set, &signal_number);
  billing::log::Info("shutting down", {{"signal", signal_number}});
  live.Stop();
  if (!gateway->Stop(std::chrono::seconds(5))) {
    // A handler still waits on a backend; its writer points into the endpoint's transports.
    billing::log::Warn("stopped with requests still running");
    std::_Exit(0);
  }
  endpoint.shutdown();
  billing::log::Info("stopped");
  return 0;
}

}  // namespace

// Every open event stream is a socket: allow as many as the hard limit permits.
void RaiseOpenFileLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

int main() {
  billing::rpc::BlockShutdownSignals();
  std::signal(SIGPIPE, SIG_IGN);
  RaiseOpenFileLimit();
  // Request bodies of up to 4 MiB (restore pieces) are buffered by Pistache and copied on
  // worker threads. glibc raises its mmap threshold after the first such buffer is freed and
  // then keeps later ones in each thread's arena, so peak memory grew with the number of
  // workers (155 MiB during a 100 MB restore). A fixed threshold keeps big buffers mmapped:
  // they go back to the system when freed.
  mallopt(M_MMAP_THRESHOLD, 256 * 1024);
  try {
    return Run();
  } catch (const std::exception& e) {
    billing::log::Error("fatal", {{"error", e.what()}});
    return 1;
  }
}
