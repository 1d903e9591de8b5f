// payment service process: read config, open pools, build objects, serve; nothing else.
#include <chrono>
#include <vector>

#include <nlohmann/json.hpp>

#include "clients.h"
#include "config/default_ports.h"
#include "config/env.h"
#include "db/migrations.h"
#include "http/curl_transport.h"
#include "log/log.h"
#include "payment_config.h"
#include "payment_repository.h"
#include "payment_service.h"
#include "rpc/server.h"
#include "service/bootstrap.h"
#include "service/periodic_task.h"

namespace billing::db {
std::vector<Migration> PaymentMigrations();
}

namespace {

using billing::config::Env;
namespace pay = billing::payment;

int Run() {
  auto database = billing::service::OpenDatabase("payment", billing::db::PaymentMigrations());
  billing::db::Pool& pool = *database;
  billing::service::EventRelay relay;

  auto billing_channel =
      billing::rpc::MakeChannel(Env::List("BILLING_ADDR", billing::config::kBillingAddr));
  auto billing_stub = billing::bills::v1::BillingService::NewStub(billing_channel);
  pay::GrpcBillGateway bills(*billing_stub);

  billing::domain::SystemClock clock;
  pay::PaymentRepository store(pool);
  // The providers' API calls: bounded waits, so a provider that hangs answers "try again later".
  billing::http::CurlTransport provider_transport(
      std::chrono::milliseconds(Env::Int("PAYMENT_CONNECT_TIMEOUT_MS", 5000, 100, 60000)),
      std::chrono::milliseconds(Env::Int("PAYMENT_TIMEOUT_MS", 15000, 100, 120000)));
  // Pengaturan > Pembayaran, read from billing; a change takes effect within this many seconds.
  pay::PaymentConfigSource config(
      [&bills] { return bills.PaymentSettings(); }, provider_transport, clock,
      std::chrono::seconds(Env::Int("PAYMENT_SETTINGS_SECONDS", 5, 0, 3600)));
  pay::LivePayments payments(store, bills, config, clock);

  billing::metrics::Metrics metrics("payment");
  pay::PaymentService payment_service(payments, store, clock, metrics);
  // Every gRPC service this process serves. The customer portal (PortalService,
  // services/payment/portal*) joins here: built over `pool`, `billing_stub`, `payments`,
  // `store` and `clock`, then added to this list.
  std::vector<grpc::Service*> services = {&payment_service};

  // Pending payments asked from the provider (a callback can be lost), expired links closed,
  // paid attempts whose bill billing could not mark yet marked again.
  billing::service::PeriodicTask reconciliation(
      "payment reconciliation",
      std::chrono::seconds(Env::Int("PAYMENT_RECONCILE_SECONDS", 60, 1, 86400)), [&payments] {
        pay::ReconcileReport report = payments.Open()->Reconcile();
        if (report.asked + report.expired + report.marked + report.failures > 0) {
          billing::log::Info("payment reconciliation", {{"asked", report.asked},
                                                        {"changed", report.changed},
                                                        {"expired", report.expired},
                                                        {"marked", report.marked},
                                                        {"failures", report.failures}});
        }
      });
  reconciliation.Start();

  auto options =
      billing::service::ServerOptionsFor("PAYMENT_LISTEN", billing::config::kPaymentListen, pool);
  // On SIGTERM no reconciliation round starts, even while in-flight calls still drain.
  options.on_shutdown = [&reconciliation] { reconciliation.Stop(); };
  int code = billing::rpc::Serve(options, services, metrics);
  reconciliation.Stop();
  return code;
}

}  // namespace

int main() { return billing::service::Main("payment", Run); }
