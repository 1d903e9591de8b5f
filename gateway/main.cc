// gateway process: read config, connect to services, build routes, serve HTTP until SIGTERM.
#include <csignal>
#include <sys/resource.h>

#include <nlohmann/json.hpp>
#include <pistache/endpoint.h>

#include "backends.h"
#include "config/env.h"
#include "http/gateway_handler.h"
#include "log/log.h"
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
  gw::Backends backends({{"auth", Env::List("AUTH_ADDR", "127.0.0.1:50051")},
                         {"customer", Env::List("CUSTOMER_ADDR", "127.0.0.1:50061")},
                         {"billing", Env::List("BILLING_ADDR", "127.0.0.1:50071")},
                         {"messaging", Env::List("MESSAGING_ADDR", "127.0.0.1:50081")},
                         {"backup", Env::List("BACKUP_ADDR", "127.0.0.1:50091")},
                         {"network", Env::List("NETWORK_ADDR", "127.0.0.1:50101")}});
  billing::metrics::Metrics metrics("gateway");

  gw::Router router;
  gw::AddSystemRoutes(router, backends, metrics);
  gw::AddAuthRoutes(router, backends);
  gw::AddUserRoutes(router, backends);
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
  live_options.max_pending_bytes =
      static_cast<size_t>(Env::Int("SSE_MAX_PENDING_BYTES", 256 * 1024, 4096, 64 * 1024 * 1024));
  gw::sse::LiveEvents live(live_options, event_log, sessions);
  gw::AddEventRoutes(router, live);
  gw::AddCustomerRoutes(router, backends);
  gw::AddPackageRoutes(router, backends);
  gw::AddTransactionRoutes(router, backends);
  gw::AddReportRoutes(router, backends);
  gw::AddSettingsRoutes(router, backends);
  size_t max_restore_bytes =
      static_cast<size_t>(Env::Int("RESTORE_MAX_BYTES", 256LL << 20, 1 << 20, 4LL << 30));
  gw::AddBackupRoutes(router, backends, max_restore_bytes);
  gw::AddWhatsappRoutes(router, backends);
  gw::AddNetworkRoutes(router, backends);

  gw::GatewayOptions options;
  options.max_body_bytes =
      static_cast<size_t>(Env::Int("MAX_BODY_BYTES", 1024 * 1024, 1024, 512 * 1024 * 1024));
  options.trust_proxy = Env::Bool("TRUST_PROXY", false);
  auto gateway = std::make_shared<gw::Gateway>(
      std::move(router), gw::Authenticator(backends.Auth()),
      gw::StaticFiles(Env::String("WEB_ROOT", "web/dist")), metrics, options);

  std::string listen = Env::String("GATEWAY_LISTEN", "0.0.0.0:3000");
  Pistache::Address address(listen);
  Pistache::Http::Endpoint endpoint(address);
  // Pistache reads the whole request before we see it; allow well over our own limit so that
  // an oversized body gets our 413 in the one error shape rather than a bare one.
  endpoint.init(
      Pistache::Http::Endpoint::options()
          .threads(static_cast<int>(Env::Int("GATEWAY_THREADS", 4, 1, 256)))
          .flags(Pistache::Tcp::Options::ReuseAddr)
          .maxRequestSize(std::max(options.max_body_bytes * 4, max_restore_bytes) + 64 * 1024)
          .maxResponseSize(64 * 1024 * 1024));
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
  try {
    return Run();
  } catch (const std::exception& e) {
    billing::log::Error("fatal", {{"error", e.what()}});
    return 1;
  }
}
