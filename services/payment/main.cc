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
#include "portal_access.h"
#include "portal_clients.h"
#include "portal_code_queue.h"
#include "portal_pages.h"
#include "portal_repository.h"
#include "portal_service.h"
#include "providers/signatures.h"
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
  // A pending payment is asked from its provider once it is this old, and again as often (its
  // callback may have been lost); a link is closed that long after it expired.
  pay::ReconcilePolicy reconcile;
  reconcile.ask_after = std::chrono::seconds(Env::Int("PAYMENT_ASK_AFTER_SECONDS", 300, 1, 86400));
  reconcile.ask_every = reconcile.ask_after;
  // Pengaturan > Pembayaran, read from billing; a change takes effect within this many seconds.
  pay::PaymentConfigSource config(
      [&bills] { return bills.PaymentSettings(); }, provider_transport, clock,
      std::chrono::seconds(Env::Int("PAYMENT_SETTINGS_SECONDS", 5, 0, 3600)), reconcile);
  pay::LivePayments payments(store, bills, config, clock);

  billing::metrics::Metrics metrics("payment");
  pay::PaymentService payment_service(payments, store, clock, metrics);

  // The customer portal (Cek Tagihan): sign-in codes go out by WhatsApp through messaging.
  auto customer_channel =
      billing::rpc::MakeChannel(Env::List("CUSTOMER_ADDR", billing::config::kCustomerAddr));
  auto customer_stub = billing::customer::v1::CustomerService::NewStub(customer_channel);
  auto messaging_channel =
      billing::rpc::MakeChannel(Env::List("MESSAGING_ADDR", billing::config::kMessagingAddr));
  auto messaging_stub = billing::messaging::v1::MessagingService::NewStub(messaging_channel);
  pay::PortalRepository portal_store(pool);
  pay::GrpcPortalCustomers portal_customers(*customer_stub);
  pay::GrpcPortalBilling portal_billing(*billing_stub);
  pay::GrpcPortalCodeSender code_sender(*messaging_stub);
  pay::PortalCodeQueue code_queue(code_sender);
  pay::PortalAccessOptions portal_options;
  // Personal links are HMACs under this key: the same on every replica; changing it ends every
  // personal link (the next message carries a new one). By default derived from the suite key
  // (never the suite key itself).
  portal_options.link_key = Env::String("PORTAL_LINK_KEY", "");
  if (portal_options.link_key.empty()) {
    portal_options.link_key =
        pay::HmacSha256Hex(Env::Required("SERVICE_KEY"), "billing portal personal links v1");
  }
  pay::PortalAccess portal_access(portal_store, portal_customers, portal_billing, code_queue, clock,
                                  portal_options);
  pay::LivePayLinks pay_links(payments);
  pay::PortalPages portal_pages(portal_access, portal_customers, portal_billing, pay_links, store,
                                clock);
  pay::PortalServiceImpl portal_service(portal_access, portal_pages, metrics);
  code_queue.Start();

  std::vector<grpc::Service*> services = {&payment_service, &portal_service};

  // Expired portal sessions, codes and rate counters deleted; refused callbacks kept 30 days.
  billing::service::PeriodicTask portal_pruning(
      "payment pruning", std::chrono::minutes(10), [&portal_access, &store, &clock] {
        portal_access.Prune();
        store.PruneRefusedCallbacks(clock.Now() - std::chrono::hours(24 * 30));
      });
  portal_pruning.Start();

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
  auto stop_background = [&] {
    reconciliation.Stop();
    portal_pruning.Stop();
    code_queue.Stop();
  };
  options.on_shutdown = stop_background;
  int code = billing::rpc::Serve(options, services, metrics);
  stop_background();
  return code;
}

}  // namespace

int main() { return billing::service::Main("payment", Run); }
