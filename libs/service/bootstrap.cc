// Service bootstrap: the configuration every process reads the same way lives here.
#include "service/bootstrap.h"

#include <nlohmann/json.hpp>

#include "config/env.h"
#include "events/outbox.h"
#include "log/log.h"
#include "rpc/identity.h"

namespace billing::service {
namespace {

using config::Env;

constexpr const char* kDefaultDatabaseUrl = "postgresql://billing@127.0.0.1:55432/billing";
constexpr const char* kDefaultRedis = "127.0.0.1:56379";

events::RelayOptions RelayOptionsFromEnv() {
  events::RelayOptions options;
  options.database_url = Env::String("DATABASE_URL", kDefaultDatabaseUrl);
  return options;
}

}  // namespace

std::unique_ptr<db::Pool> OpenDatabase(const std::string& schema,
                                       const std::vector<db::Migration>& migrations) {
  auto pool = std::make_unique<db::Pool>(Env::String("DATABASE_URL", kDefaultDatabaseUrl), schema,
                                         Env::Int("DB_POOL_SIZE", 8, 1, 256));
  pool->WaitUntilReachable(std::chrono::seconds(60));
  events::ApplyMigrations(*pool);
  if (!schema.empty()) db::ApplyMigrations(*pool, schema, migrations);
  return pool;
}

EventRelay::EventRelay()
    : redis_(Env::String("REDIS_ADDR", kDefaultRedis), std::chrono::milliseconds(2000)),
      relay_(RelayOptionsFromEnv(), redis_),
      waker_(Env::String("DATABASE_URL", kDefaultDatabaseUrl)) {
  relay_.Start();
  waker_.Install();
}

EventRelay::~EventRelay() {
  waker_.Uninstall();
  relay_.Stop();
}

rpc::ServerOptions ServerOptionsFor(const char* listen_var, const char* default_listen,
                                    db::Pool& pool) {
  rpc::ServerOptions options;
  options.listen = Env::String(listen_var, default_listen);
  options.metrics_listen = Env::String("METRICS_LISTEN", "");
  options.healthy = [&pool] { return pool.Ping(); };
  options.max_idle_threads = static_cast<int>(Env::Int("RPC_MAX_IDLE_THREADS", 16, 2, 1024));
  return options;
}

void InstallServiceIdentity(const char* service) {
  try {
    rpc::InstallServiceIdentity(service, Env::Required("SERVICE_KEY"));
  } catch (const std::invalid_argument& e) {
    throw config::ConfigError(e.what());
  }
}

int Main(const char* service, const std::function<int()>& run) {
  rpc::BlockShutdownSignals();
  try {
    log::Init(service, Env::String("LOG_LEVEL", "info"));
    InstallServiceIdentity(service);
    return run();
  } catch (const std::exception& e) {
    log::Error("fatal", {{"error", e.what()}});
    return 1;
  }
}

}  // namespace billing::service
