// billing service process: read config, open pools, build objects, serve; nothing else.
#include <exception>

#include <nlohmann/json.hpp>

#include "bill_scheduler.h"
#include "billing_service.h"
#include "config/env.h"
#include "db/migrations.h"
#include "events/outbox.h"
#include "log/log.h"
#include "rpc/server.h"

namespace billing::db {
std::vector<Migration> BillingMigrations();
}

namespace {

using billing::config::Env;
namespace bills = billing::bills;

int Run() {
  billing::log::Init("billing", Env::String("LOG_LEVEL", "info"));
  billing::db::Pool pool(
      Env::String("DATABASE_URL", "postgresql://billing@127.0.0.1:55432/billing"), "billing",
      Env::Int("DB_POOL_SIZE", 8, 1, 256));
  pool.WaitUntilReachable(std::chrono::seconds(60));
  billing::events::ApplyMigrations(pool);
  billing::db::ApplyMigrations(pool, "billing", billing::db::BillingMigrations());

  auto customer_channel = billing::rpc::MakeChannel(Env::List("CUSTOMER_ADDR", "127.0.0.1:50061"));
  auto customer_stub = billing::customer::v1::CustomerService::NewStub(customer_channel);
  bills::GrpcCustomerDirectory customers(*customer_stub);

  billing::domain::SystemClock clock;
  bills::TransactionRepository transactions(pool);
  bills::ReportRepository reports(pool);
  bills::SettingsRepository settings(pool);
  bills::BillRun bill_run(customers, transactions);
  billing::metrics::Metrics metrics("billing");
  bills::BillingService service(transactions, reports, settings, customers, bill_run, clock,
                                metrics);
  bills::BillScheduler scheduler(
      bill_run, transactions, settings, clock,
      std::chrono::seconds(Env::Int("BILL_RUN_CHECK_SECONDS", 300, 1, 86400)));

  billing::rpc::ServerOptions options;
  options.listen = Env::String("BILLING_LISTEN", "127.0.0.1:50071");
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
