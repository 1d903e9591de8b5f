// messaging service process: read config, open pools, build objects, serve; nothing else.
#include <exception>

#include <nlohmann/json.hpp>

#include "config/default_ports.h"
#include "config/env.h"
#include "db/migrations.h"
#include "events/outbox.h"
#include "http/curl_transport.h"
#include "link_watcher.h"
#include "linked_device_repository.h"
#include "log/log.h"
#include "messaging_service.h"
#include "payment_event_reader.h"
#include "queue_worker.h"
#include "reminder_scheduler.h"
#include "rpc/server.h"
#include "service/bootstrap.h"

namespace billing::db {
std::vector<Migration> MessagingMigrations();
}

namespace {

using billing::config::Env;
namespace msg = billing::messaging;

int Run() {
  std::string database_url =
      Env::String("DATABASE_URL", "postgresql://billing@127.0.0.1:55432/billing");
  auto database = billing::service::OpenDatabase("messaging", billing::db::MessagingMigrations());
  billing::db::Pool& pool = *database;
  billing::service::EventRelay relay;

  auto billing_channel =
      billing::rpc::MakeChannel(Env::List("BILLING_ADDR", billing::config::kBillingAddr));
  auto billing_stub = billing::bills::v1::BillingService::NewStub(billing_channel);
  auto customer_channel =
      billing::rpc::MakeChannel(Env::List("CUSTOMER_ADDR", billing::config::kCustomerAddr));
  auto customer_stub = billing::customer::v1::CustomerService::NewStub(customer_channel);
  auto payment_channel =
      billing::rpc::MakeChannel(Env::List("PAYMENT_ADDR", billing::config::kPaymentAddr));
  auto portal_stub = billing::payment::v1::PortalService::NewStub(payment_channel);
  msg::GrpcBillingClient billing(*billing_stub);
  msg::GrpcCustomerClient customers(*customer_stub);
  msg::GrpcPaymentClient pay_links(*portal_stub);

  billing::domain::SystemClock clock;
  msg::QueueRepository queue(pool);
  msg::BroadcastRepository broadcasts(pool);
  msg::SenderRepository sender(pool);
  msg::SendKeyRepository send_keys(pool);
  msg::PaymentEventReader payments(pool);
  msg::MessageComposer composer(billing, customers, pay_links);
  billing::http::CurlTransport send_transport(
      std::chrono::milliseconds(Env::Int("WHATSAPP_CONNECT_TIMEOUT_MS", 5000, 100, 60000)),
      std::chrono::milliseconds(Env::Int("WHATSAPP_SEND_TIMEOUT_MS", 8000, 100, 120000)));
  billing::http::CurlTransport check_transport(std::chrono::milliseconds(2000),
                                               std::chrono::milliseconds(3000));
  msg::RetryPolicy retry(
      std::chrono::milliseconds(Env::Int("WHATSAPP_RETRY_BASE_MS", 5000, 100, 3600000)),
      std::chrono::minutes(30), static_cast<int>(Env::Int("WHATSAPP_MAX_ATTEMPTS", 6, 1, 100)));
  msg::ProviderConfig providers;
  providers.wa_link.url = Env::String("WA_LINK_URL", billing::config::kWaLinkUrl);
  providers.wa_link.secret = Env::String("WA_LINK_SECRET", "");
  msg::LinkedDeviceRepository linked(pool);
  msg::WaLinkClient wa_link(providers.wa_link, check_transport);
  msg::LinkWatcher link_watcher(billing, wa_link, linked);
  msg::SessionSenderLease sender_lease(database_url);
  msg::QueueWorker worker(queue, sender, sender_lease, billing, send_transport, retry, clock,
                          providers);
  msg::ReminderScheduler reminders(
      send_keys, payments, billing, composer, clock,
      std::chrono::seconds(Env::Int("REMINDER_CHECK_SECONDS", 300, 1, 86400)));

  billing::metrics::Metrics metrics("messaging");
  msg::MessagingService service(
      queue, broadcasts, sender, send_keys, composer, billing, check_transport,
      [&worker] { worker.Wake(); }, metrics, providers, linked);
  worker.Start();
  reminders.Start();
  link_watcher.Start();

  auto options = billing::service::ServerOptionsFor("MESSAGING_LISTEN",
                                                    billing::config::kMessagingListen, pool);
  bool stopped = false;
  auto stop_sending = [&] {
    link_watcher.Stop();
    reminders.Stop();
    worker.Stop();  // lets a send in flight finish and be recorded
    stopped = true;
  };
  // On SIGTERM no new message starts, even while in-flight calls still drain.
  options.on_shutdown = stop_sending;
  int code = billing::rpc::Serve(options, {&service}, metrics);
  if (!stopped) stop_sending();
  return code;
}

}  // namespace

int main() { return billing::service::Main("messaging", Run); }
