// Single-row billing writes (issue 13): a gas sale, a payment and a delete through the real
// repository and migrations on a throwaway PostgreSQL (10,000 customers, 120,000 transactions),
// against the path the service took before migration 0004: a read transaction for the time
// zone, then the plain INSERT whose figures the plpgsql statement triggers kept, then the
// outbox row. Besides the wall time of a call (the client's round trips included), each
// benchmark reports `pg_us`: CPU time of the PostgreSQL backends per call (/proc/<pid>/stat of
// the pool's backends), the part that bounded creates under load. BM_MarkPaidBefore is the
// payment's earlier statement likewise.
#include <chrono>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

#include <benchmark/benchmark.h>

#include "db/migrations.h"
#include "domain/period.h"
#include "events/outbox.h"
#include "settings_repository.h"
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
std::unique_ptr<SettingsRepository> g_settings;

// 10,000 customers (even ids internet, odd gas), a transaction each per month for a year, a
// third of the last month unpaid; inserted through the figures triggers.
constexpr const char* kSeed = R"sql(
INSERT INTO billing.transactions (customer_id, customer_name, customer_phone, type, period,
  description, amount, due_date, status, paid_at, paid_amount, payment_method, created_by)
SELECT c, 'Pelanggan ' || c, '62812' || lpad(c::text, 8, '0'),
       CASE WHEN c % 2 = 0 THEN 'internet' ELSE 'gas' END, to_char(m, 'YYYY-MM'), 'Seed',
       CASE WHEN c % 2 = 0 THEN 150000 ELSE 22000 END, m::date + 9,
       CASE WHEN unpaid THEN 'unpaid' ELSE 'paid' END,
       CASE WHEN unpaid THEN NULL ELSE m + interval '9 days' + c * interval '1 second' END,
       CASE WHEN unpaid THEN NULL WHEN c % 2 = 0 THEN 150000 ELSE 22000 END,
       CASE WHEN unpaid THEN NULL ELSE 'cash' END, 'admin'
FROM generate_series(date_trunc('month', now()) - interval '12 months',
                     date_trunc('month', now()) - interval '1 month', interval '1 month') m,
     generate_series(1, 10000) c,
     LATERAL (SELECT m = date_trunc('month', now()) - interval '1 month' AND c % 3 = 0) u(unpaid);
)sql";

rpc::Caller Admin() {
  rpc::Caller caller;
  caller.user_id = 1;
  caller.username = "admin";
  caller.role = domain::Role::kAdmin;
  return caller;
}

// CPU time (user + system) so far of every backend of the bench database, in microseconds.
double BackendCpuMicros() {
  std::vector<int> pids;
  g_pool->Read([&](pqxx::read_transaction& txn) {
    for (const auto& row : txn.exec("SELECT pid FROM pg_stat_activity WHERE datname = "
                                    "current_database() AND backend_type = 'client backend'")) {
      pids.push_back(row[0].as<int>());
    }
  });
  double ticks = 0;
  for (int pid : pids) {
    std::ifstream file("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    std::getline(file, line);
    std::istringstream fields(line.substr(line.rfind(')') + 2));
    std::string field;
    for (int i = 3; i <= 15 && fields >> field; ++i) {
      if (i == 14 || i == 15) ticks += std::stod(field);  // utime, stime
    }
  }
  return ticks * 1e6 / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// Runs `op` per iteration and reports the backends' CPU per call as `pg_us`.
template <typename Op>
void Measure(benchmark::State& state, Op op) {
  double before = BackendCpuMicros();
  int64_t i = 0;
  for (auto _ : state) op(i++);
  state.counters["pg_us"] = (BackendCpuMicros() - before) / static_cast<double>(state.iterations());
}

NewTransaction GasSale(int64_t i) {
  NewTransaction t{1 + (i * 2) % 10000,
                   "Pelanggan",
                   "62812",
                   "gas",
                   "",
                   "Penjualan gas",
                   nlohmann::json::parse(R"([{"name":"LPG 3kg","qty":1,"unit_price":22000}])"),
                   22000,
                   ""};
  t.defaults_at = std::chrono::system_clock::now();
  return t;
}

// What CreateTransaction does now for a gas sale without dates: one write transaction.
void BM_CreateGasSale(benchmark::State& state) {
  Measure(state, [](int64_t i) {
    benchmark::DoNotOptimize(g_transactions->Create(GasSale(i), Admin(), "Asia/Jakarta"));
  });
}

// What it did before: the zone read in its own transaction, then the insert (figures by the
// statement triggers) and the outbox row.
void BM_CreateGasSaleBefore(benchmark::State& state) {
  // The figures fast path's flag is never set here, so the triggers account the row.
  Measure(state, [](int64_t i) {
    NewTransaction t = GasSale(i);
    std::string today = domain::DateAt(std::chrono::system_clock::now(), g_settings->TimeZone());
    t.period = today.substr(0, 7);
    t.due_date = today;
    g_pool->Transact([&](pqxx::work& txn) {
      auto row = txn.exec_params1(
          "INSERT INTO transactions (customer_id, customer_name, customer_phone, type, period, "
          "description, items, amount, due_date, created_by) VALUES ($1, $2, $3, $4, $5, $6, "
          "$7::jsonb, $8, $9::date, $10) RETURNING id, customer_id, customer_name, "
          "customer_phone, type, period, description, items::text, amount, "
          "to_char(due_date, 'YYYY-MM-DD'), status, created_by, "
          "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')",
          t.customer_id, t.customer_name, t.customer_phone, t.type, t.period, t.description,
          t.items.dump(), t.amount, t.due_date, "admin");
      events::Record(txn, "billing", Admin(),
                     {"create",
                      "transaction",
                      row[0].as<std::string>(),
                      "Transaksi dibuat",
                      {{"customer_id", t.customer_id}, {"amount", t.amount}}});
    });
  });
}

// A payment of one of the sales created above (each paid once), then its delete.
std::vector<int64_t> UnpaidSales(int64_t count) {
  std::vector<int64_t> ids;
  for (int64_t i = 0; i < count; ++i) {
    ids.push_back(g_transactions->Create(GasSale(i), Admin(), "Asia/Jakarta").id);
  }
  return ids;
}

void BM_MarkPaid(benchmark::State& state) {
  std::vector<int64_t> ids = UnpaidSales(state.max_iterations);  // before the timed loop
  Payment payment;
  payment.method = "cash";
  Measure(state, [&](int64_t i) {
    benchmark::DoNotOptimize(g_transactions->MarkPaid(ids[i], payment, Admin()));
  });
}

// The payment as it was before: the plain UPDATE (figures by the statement triggers).
void BM_MarkPaidBefore(benchmark::State& state) {
  std::vector<int64_t> ids = UnpaidSales(state.max_iterations);  // before the timed loop
  Measure(state, [&](int64_t i) {
    g_pool->Transact([&](pqxx::work& txn) {
      auto row = txn.exec_params1(
          "UPDATE transactions SET status = 'paid', paid_at = now(), paid_amount = amount, "
          "payment_method = 'cash', paid_by = 'admin', updated_at = now() "
          "WHERE id = $1 AND status = 'unpaid' RETURNING id, customer_name, paid_amount",
          ids[i]);
      events::Record(txn, "billing", Admin(),
                     {"mark_lunas",
                      "transaction",
                      row[0].as<std::string>(),
                      "Lunas",
                      {{"paid_amount", row[2].as<int64_t>()}, {"method", "cash"}}});
    });
  });
}

void BM_Delete(benchmark::State& state) {
  std::vector<int64_t> ids = UnpaidSales(state.max_iterations);  // before the timed loop
  Measure(state, [&](int64_t i) { g_transactions->Delete(ids[i], Admin()); });
}

BENCHMARK(BM_CreateGasSale)->Unit(benchmark::kMicrosecond)->Iterations(3000);
BENCHMARK(BM_CreateGasSaleBefore)->Unit(benchmark::kMicrosecond)->Iterations(3000);
BENCHMARK(BM_MarkPaid)->Unit(benchmark::kMicrosecond)->Iterations(2000);
BENCHMARK(BM_MarkPaidBefore)->Unit(benchmark::kMicrosecond)->Iterations(2000);
BENCHMARK(BM_Delete)->Unit(benchmark::kMicrosecond)->Iterations(2000);

}  // namespace
}  // namespace billing::bills

int main(int argc, char** argv) {
  using namespace billing;
  bills::g_postgres = std::make_unique<testing::PostgresInstance>();
  bills::g_pool =
      std::make_unique<db::Pool>(bills::g_postgres->CreateDatabase("bench"), "billing", 4);
  events::ApplyMigrations(*bills::g_pool);
  db::ApplyMigrations(*bills::g_pool, "billing", db::BillingMigrations());
  bills::g_pool->Transact([](pqxx::work& txn) { txn.exec(bills::kSeed); });
  {
    auto lease = bills::g_pool->Acquire();
    pqxx::nontransaction(*lease).exec("VACUUM ANALYZE");
  }
  bills::g_transactions = std::make_unique<bills::TransactionRepository>(*bills::g_pool);
  bills::g_settings = std::make_unique<bills::SettingsRepository>(*bills::g_pool);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  bills::g_transactions.reset();
  bills::g_settings.reset();
  bills::g_pool.reset();
  bills::g_postgres.reset();
  return 0;
}
