// network service process: read config, open pools, build objects, serve; nothing else.
#include "clients.h"
#include "config/default_ports.h"
#include "config/env.h"
#include "db/session_lock.h"
#include "events/event_message.h"
#include "monotonic_clock.h"
#include "network_control.h"
#include "network_service.h"
#include "network_worker.h"
#include "outbox_cursor.h"
#include "policy_repository.h"
#include "radius/radius_driver.h"
#include "reconciler.h"
#include "redis/redis_subscriber.h"
#include "router_links.h"
#include "router_repository.h"
#include "routeros/routeros_driver.h"
#include "rpc/server.h"
#include "service/bootstrap.h"
#include "subscriber_mirror.h"

namespace billing::db {
std::vector<Migration> NetworkMigrations();
}

namespace {

using billing::config::Env;
namespace net = billing::network;

int Run() {
  std::string database_url =
      Env::String("DATABASE_URL", "postgresql://billing@127.0.0.1:55432/billing");
  auto database = billing::service::OpenDatabase("network", billing::db::NetworkMigrations());
  billing::db::Pool& pool = *database;
  billing::service::EventRelay relay;

  auto customer_stub = billing::customer::v1::CustomerService::NewStub(
      billing::rpc::MakeChannel(Env::List("CUSTOMER_ADDR", billing::config::kCustomerAddr)));
  auto billing_stub = billing::bills::v1::BillingService::NewStub(
      billing::rpc::MakeChannel(Env::List("BILLING_ADDR", billing::config::kBillingAddr)));
  auto messaging_stub = billing::messaging::v1::MessagingService::NewStub(
      billing::rpc::MakeChannel(Env::List("MESSAGING_ADDR", billing::config::kMessagingAddr)));
  net::GrpcCustomerDirectory customers(*customer_stub);
  net::GrpcBillingLedger ledger(*billing_stub);
  net::GrpcNotifier notifier(*messaging_stub);

  net::SqlPolicyRepository policy(pool);
  net::SqlRouterRepository routers(pool);
  net::SqlSubscriberMirror mirror(pool);
  net::SqlRouterLinks links(pool);
  net::SqlOutboxCursor cursor(pool);
  net::SteadyClock clock;
  net::NetworkControl control(mirror, policy, links, cursor, customers, ledger, notifier);

  net::routeros::RouterOsDriver routeros;
  net::RadiusDriver radius;
  net::ReconcilerOptions reconcile;
  reconcile.batch_size = static_cast<int>(Env::Int("NETWORK_BATCH_SIZE", 200, 1, 5000));
  reconcile.retry_base =
      std::chrono::milliseconds(Env::Int("NETWORK_RETRY_BASE_MS", 5000, 100, 3600000));
  reconcile.retry_ceiling =
      std::chrono::milliseconds(Env::Int("NETWORK_RETRY_MAX_MS", 600000, 100, 86400000));
  reconcile.probe_interval =
      std::chrono::milliseconds(Env::Int("NETWORK_PROBE_SECONDS", 60, 1, 86400) * 1000);
  reconcile.timeout_ms = static_cast<int>(Env::Int("NETWORK_ROUTER_TIMEOUT_MS", 5000, 100, 60000));
  net::Reconciler reconciler(routers, links, {{"routeros", &routeros}, {"radius", &radius}}, clock,
                             reconcile);

  net::WorkerOptions worker_options;
  worker_options.poll_interval =
      std::chrono::milliseconds(Env::Int("NETWORK_POLL_MS", 1000, 50, 60000));
  worker_options.refresh_interval =
      std::chrono::seconds(Env::Int("NETWORK_REFRESH_SECONDS", 600, 1, 86400));
  billing::db::SessionLock lock(database_url, "billing.network.worker");
  net::SessionLeadership leadership(lock);
  net::NetworkWorker worker(control, policy, reconciler, leadership, clock, worker_options);

  // A committed change the network cares about wakes the worker at once instead of at its next
  // poll (the poll still catches everything while Redis is away).
  billing::redis::RedisSubscriber changes(
      Env::String("REDIS_ADDR", "127.0.0.1:56379"), billing::events::kRedisChannel,
      {nullptr,
       [&worker](const std::string& payload) {
         auto event = billing::events::ParseEventMessage(payload);
         if (event && (event->entity == "customer" || event->entity == "package" ||
                       event->entity == "transaction" || event->entity == "system")) {
           worker.Wake();
         }
       },
       nullptr});

  billing::metrics::Metrics metrics("network");
  net::NetworkService service(
      policy, routers, links, control, reconciler, [&worker] { worker.Wake(); }, metrics);
  worker.Start();
  changes.Start();
  int code = billing::rpc::Serve(
      billing::service::ServerOptionsFor("NETWORK_LISTEN", billing::config::kNetworkListen, pool),
      {&service}, metrics);
  changes.Stop();
  worker.Stop();  // lets a router call in flight finish and be recorded
  return code;
}

}  // namespace

int main() { return billing::service::Main("network", Run); }
