// Billing hot paths at 100,000 customers and 1,200,000 transactions (a year of bills), through
// the real repositories and migrations on a throwaway PostgreSQL: dashboard stats (figures kept
// by triggers) against the old full scan, transactions list pages (first, middle, last,
// filtered, search), one gas sale insert and a bill-run batch of 1,000 bills.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "db/migrations.h"
#include "events/outbox.h"
#include "report_repository.h"
#include "support/postgres_instance.h"
#include "transaction_repository.h"

namespace billing::db {
std::vector<Migration> BillingMigrations();
}

namespace billing::bills {
namespace {

std::unique_ptr<testing::PostgresInstance> g_postgres;
std::unique_ptr<db::Pool> g_pool;
std::unique_ptr<TransactionRepository> g_transactions;
std::unique_ptr<ReportRepository> g_reports;

// 100,000 customers (even ids internet, odd gas), one transaction each per month for the 12
// months before this one, as bench/seed_100k.sh makes them; inserted with the figures triggers
// off, then the figures rebuilt (what a restore would end with).
constexpr const char* kSeed = R"sql(
ALTER TABLE billing.transactions DISABLE TRIGGER figures_insert;
INSERT INTO billing.transactions (customer_id, customer_name, customer_phone, type, period,
  description, items, amount, due_date, status, paid_at, paid_amount, payment_method, paid_by,
  created_by, created_at, updated_at)
SELECT c, 'Pelanggan ' || c, '62812' || lpad(c::text, 8, '0'),
       CASE WHEN c % 2 = 0 THEN 'internet' ELSE 'gas' END, to_char(m, 'YYYY-MM'),
       CASE WHEN c % 2 = 0 THEN 'Tagihan internet periode ' || to_char(m, 'YYYY-MM')
            ELSE 'Penjualan gas' END,
       CASE WHEN c % 2 = 0 THEN '[]'::jsonb
            ELSE '[{"name":"LPG 3kg","qty":1,"unit_price":22000}]'::jsonb END,
       CASE WHEN c % 2 = 0 THEN 150000 ELSE 22000 END, m::date + 9,
       CASE WHEN unpaid THEN 'unpaid' ELSE 'paid' END,
       CASE WHEN unpaid THEN NULL ELSE m + interval '9 days 10 hours' + c * interval '1 second' END,
       CASE WHEN unpaid THEN NULL WHEN c % 2 = 0 THEN 150000 ELSE 22000 END,
       CASE WHEN unpaid THEN NULL ELSE 'cash' END, CASE WHEN unpaid THEN NULL ELSE 'admin' END,
       'admin', m + c * interval '1 second', m + c * interval '1 second'
FROM generate_series(date_trunc('month', now()) - interval '12 months',
                     date_trunc('month', now()) - interval '1 month', interval '1 month') m,
     generate_series(1, 100000) c,
     LATERAL (SELECT m = date_trunc('month', now()) - interval '1 month' AND c % 3 = 0) u(unpaid);
ALTER TABLE billing.transactions ENABLE TRIGGER figures_insert;
SELECT billing_figures.rebuild('Asia/Jakarta', true);
)sql";

rpc::Caller Admin() {
  rpc::Caller caller;
  caller.user_id = 1;
  caller.username = "admin";
  caller.role = domain::Role::kAdmin;
  return caller;
}

void SetUpDatabase() {
  g_postgres = std::make_unique<testing::PostgresInstance>();
  std::string url = g_postgres->CreateDatabase("bench");
  g_pool = std::make_unique<db::Pool>(url, "billing", 4);
  events::ApplyMigrations(*g_pool);
  db::ApplyMigrations(*g_pool, "billing", db::BillingMigrations());
  g_pool->Transact([](pqxx::work& txn) { txn.exec(kSeed); });
  auto lease = g_pool->Acquire();
  pqxx::nontransaction(*lease).exec("VACUUM ANALYZE billing.transactions");
  g_transactions = std::make_unique<TransactionRepository>(*g_pool);
  g_reports = std::make_unique<ReportRepository>(*g_pool);
}

void BM_Stats(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(g_reports->LoadStats());
}

// The statement LoadStats ran before the figures (its main part; it also ran two more).
void BM_StatsOldFullScan(benchmark::State& state) {
  for (auto _ : state) {
    g_pool->Read([](pqxx::read_transaction& txn) {
      benchmark::DoNotOptimize(txn.exec_params(
          "SELECT type,"
          " coalesce(sum(paid_amount) FILTER (WHERE status = 'paid' AND"
          "   (paid_at AT TIME ZONE $1)::date = (now() AT TIME ZONE $1)::date), 0),"
          " coalesce(sum(paid_amount) FILTER (WHERE status = 'paid' AND"
          "   date_trunc('month', paid_at AT TIME ZONE $1) = date_trunc('month', now() AT TIME "
          "ZONE $1)), 0),"
          " coalesce(sum(amount) FILTER (WHERE status = 'unpaid'), 0),"
          " count(*) FILTER (WHERE status = 'unpaid'),"
          " count(DISTINCT customer_id) FILTER (WHERE status = 'unpaid')"
          " FROM transactions GROUP BY type",
          "Asia/Jakarta"));
    });
  }
}

void List(benchmark::State& state, TransactionFilter filter, bool last_page) {
  if (last_page) {
    filter.offset = 0;
    int64_t total = g_transactions->List(filter).total;
    filter.offset = static_cast<int>(std::max<int64_t>(total - filter.limit, 0));
  }
  int64_t total = 0;
  for (auto _ : state) {
    TransactionPage page = g_transactions->List(filter);
    total = page.total;
    benchmark::DoNotOptimize(page);
  }
  state.counters["total"] = static_cast<double>(total);
}

void BM_ListFirstPage(benchmark::State& state) { List(state, {}, false); }
void BM_ListMiddlePage(benchmark::State& state) {
  TransactionFilter filter;
  filter.offset = 600000;
  List(state, filter, false);
}
void BM_ListLastPage(benchmark::State& state) { List(state, {}, true); }
void BM_ListUnpaidFirstPage(benchmark::State& state) {
  List(state, {"unpaid", "", "", "", 0}, false);
}
void BM_ListUnpaidLastPage(benchmark::State& state) {
  List(state, {"unpaid", "", "", "", 0}, true);
}
void BM_ListGasPeriodMiddlePage(benchmark::State& state) {
  TransactionFilter filter{"", "gas", "", "", 0};
  filter.offset = 300000;
  List(state, filter, false);
}
void BM_ListSearchName(benchmark::State& state) {
  List(state, {"", "", "", "Pelanggan 4242", 0}, false);
}
void BM_ListCustomer(benchmark::State& state) { List(state, {"", "", "", "", 4242}, false); }

void BM_CreateGasSale(benchmark::State& state) {
  int64_t customer = 1;
  for (auto _ : state) {
    NewTransaction t{customer,
                     "Pelanggan",
                     "62812",
                     "gas",
                     "2026-11",
                     "Penjualan gas",
                     nlohmann::json::parse(R"([{"name":"LPG 3kg","qty":1,"unit_price":22000}])"),
                     22000,
                     "2026-11-30"};
    benchmark::DoNotOptimize(g_transactions->Create(t, Admin(), "Asia/Jakarta"));
    customer = customer % 100000 + 2;
  }
}

// One batch of the bill run (it inserts 1,000 bills a statement); new customer ids each time.
void BM_InsertBills1000(benchmark::State& state) {
  int64_t next_customer = 200000;
  for (auto _ : state) {
    std::vector<NewTransaction> bills;
    for (int i = 0; i < 1000; ++i) {
      bills.push_back({next_customer++, "Pelanggan", "62812", "internet", "2030-01",
                       "Tagihan internet periode 2030-01", nlohmann::json::array(), 150000,
                       "2030-01-10"});
    }
    benchmark::DoNotOptimize(g_transactions->InsertBills(bills, Admin()));
  }
  state.SetItemsProcessed(state.iterations() * 1000);
}

BENCHMARK(BM_Stats)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_StatsOldFullScan)->Unit(benchmark::kMillisecond)->Iterations(5);
BENCHMARK(BM_ListFirstPage)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ListMiddlePage)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ListLastPage)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ListUnpaidFirstPage)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ListUnpaidLastPage)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ListGasPeriodMiddlePage)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ListSearchName)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ListCustomer)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CreateGasSale)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_InsertBills1000)->Unit(benchmark::kMillisecond)->Iterations(20);

}  // namespace
}  // namespace billing::bills

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  billing::bills::SetUpDatabase();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
