// customer service process: read config, open pools, build objects, serve; nothing else.
#include <exception>

#include <nlohmann/json.hpp>

#include "config/env.h"
#include "customer_repository.h"
#include "customer_service.h"
#include "db/migrations.h"
#include "events/outbox.h"
#include "log/log.h"
#include "package_repository.h"
#include "rpc/server.h"

namespace billing::db {
std::vector<Migration> CustomerMigrations();
}

namespace {

using billing::config::Env;

int Run() {
  namespace customer = billing::customer;
  billing::log::Init("customer", Env::String("LOG_LEVEL", "info"));

  billing::db::Pool pool(
      Env::String("DATABASE_URL", "postgresql://billing@127.0.0.1:55432/billing"), "customer",
      Env::Int("DB_POOL_SIZE", 8, 1, 256));
  pool.WaitUntilReachable(std::chrono::seconds(60));
  billing::events::ApplyMigrations(pool);
  billing::db::ApplyMigrations(pool, "customer", billing::db::CustomerMigrations());

  customer::CustomerRepository customers(pool);
  customer::PackageRepository packages(pool);
  billing::metrics::Metrics metrics("customer");
  customer::CustomerService service(customers, packages, metrics);

  billing::rpc::ServerOptions options;
  options.listen = Env::String("CUSTOMER_LISTEN", "127.0.0.1:50061");
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
