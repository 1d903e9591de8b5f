// billing service process: read config, open pools, build objects, serve; nothing else.
#include "bill_scheduler.h"
#include "billing_service.h"
#include "cash_book_service.h"
#include "config/default_ports.h"
#include "config/env.h"
#include "service/bootstrap.h"
#include "shop_service.h"

namespace billing::db {
std::vector<Migration> BillingMigrations();
}

int main() {
  return billing::service::Main("billing", [] {
    using billing::config::Env;
    namespace bills = billing::bills;
    auto pool = billing::service::OpenDatabase("billing", billing::db::BillingMigrations());
    billing::service::EventRelay relay;

    auto customer_channel =
        billing::rpc::MakeChannel(Env::List("CUSTOMER_ADDR", billing::config::kCustomerAddr));
    auto customer_stub = billing::customer::v1::CustomerService::NewStub(customer_channel);
    bills::GrpcCustomerDirectory customers(*customer_stub);

    billing::domain::SystemClock clock;
    bills::TransactionRepository transactions(*pool);
    bills::ReportRepository reports(*pool);
    bills::SettingsRepository settings(*pool);
    bills::BillRun bill_run(customers, transactions, settings);
    billing::metrics::Metrics metrics("billing");
    bills::ShopRepository shop_repository(*pool);
    bills::BillingService service(transactions, reports, settings, customers, bill_run,
                                  shop_repository, clock, metrics);
    bills::ShopService shop(shop_repository, settings, clock, metrics);
    bills::BillScheduler scheduler(
        bill_run, transactions, settings, clock,
        std::chrono::seconds(Env::Int("BILL_RUN_CHECK_SECONDS", 300, 1, 86400)));
    billing::cashbook::CashBookRepository cash_book_entries(*pool);
    billing::cashbook::CashBookService cash_book(cash_book_entries, reports, settings, clock,
                                                 metrics);
    scheduler.Start();
    return billing::rpc::Serve(billing::service::ServerOptionsFor(
                                   "BILLING_LISTEN", billing::config::kBillingListen, *pool),
                               {&service, &cash_book, &shop}, metrics);
  });
}
