// backup service process: read config, open the pool, serve; nothing else.
#include <exception>

#include <nlohmann/json.hpp>

#include "backup_service.h"
#include "config/env.h"
#include "events/outbox.h"
#include "log/log.h"
#include "rpc/server.h"

namespace {

using billing::config::Env;

int Run() {
  billing::log::Init("backup", Env::String("LOG_LEVEL", "info"));
  billing::db::Pool pool(
      Env::String("DATABASE_URL", "postgresql://billing@127.0.0.1:55432/billing"), "",
      Env::Int("DB_POOL_SIZE", 4, 1, 64));
  pool.WaitUntilReachable(std::chrono::seconds(60));
  billing::events::ApplyMigrations(pool);

  billing::backup::BackupRepository repository(pool, {"auth", "customer", "billing", "messaging"});
  billing::metrics::Metrics metrics("backup");
  billing::backup::BackupService service(
      repository,
      static_cast<size_t>(Env::Int("RESTORE_MAX_BYTES", 256LL << 20, 1 << 20, 4LL << 30)),
      metrics);
  billing::rpc::ServerOptions options;
  options.listen = Env::String("BACKUP_LISTEN", "127.0.0.1:50091");
  options.metrics_listen = Env::String("METRICS_LISTEN", "");
  options.healthy = [&pool] {
    try {
      pool.Read([](pqxx::read_transaction& txn) { txn.exec("SELECT 1"); });
      return true;
    } catch (const std::exception&) {
      return false;
    }
  };
  return billing::rpc::Serve(options, {&service}, metrics);
}

}  // namespace

int main() {
  billing::rpc::BlockShutdownSignals();
  try {
    return Run();
  } catch (const std::exception& e) {
    billing::log::Error("fatal", {{"error", e.what()}});
    return 1;
  }
}
