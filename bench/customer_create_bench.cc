// Creating customers through the real repository (validation aside): the package lookup, the
// insert, its audit/outbox row and the list counters, one transaction each, on a throwaway
// PostgreSQL with durable commits; from 1 and from 8 threads (the API's 8 clients).
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "customer_repository.h"
#include "db/migrations.h"
#include "events/outbox.h"
#include "support/postgres_instance.h"

namespace billing::db {
std::vector<Migration> CustomerMigrations();
}

namespace billing::customer {
namespace {

std::unique_ptr<testing::PostgresInstance> g_postgres;
std::unique_ptr<db::Pool> g_pool;
std::unique_ptr<CustomerRepository> g_repository;
std::atomic<int64_t> g_next{1};

void SetUpDatabase() {
  g_postgres = std::make_unique<testing::PostgresInstance>();
  std::string url = g_postgres->CreateDatabase("bench");
  g_pool = std::make_unique<db::Pool>(url, "customer", 16);
  events::ApplyMigrations(*g_pool);
  db::ApplyMigrations(*g_pool, "customer", db::CustomerMigrations());
  g_postgres->Psql("bench",
                   "INSERT INTO customer.packages (name, speed, price) VALUES "
                   "('Paket 10', '10 Mbps', 150000)");
  g_repository = std::make_unique<CustomerRepository>(*g_pool);
}

CustomerData Next(bool internet) {
  int64_t n = g_next.fetch_add(1);
  CustomerData data;
  data.type = internet ? CustomerType::kInternet : CustomerType::kGas;
  data.name = "Pelanggan " + std::to_string(n);
  data.phone = "62812" + std::to_string(10000000 + n);
  data.address = "RT " + std::to_string(n % 20);
  if (internet) {
    data.pppoe_username = "bench" + std::to_string(n);
    data.pppoe_password = "pw123456";
    data.package_id = 1;
  } else {
    data.gas_price = 22000;
  }
  return data;
}

void BM_CreateInternet(benchmark::State& state) {
  rpc::Caller actor;
  actor.user_id = 1;
  actor.username = "admin";
  for (auto _ : state) {
    benchmark::DoNotOptimize(g_repository->Insert(Next(true), true, actor));
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_CreateGas(benchmark::State& state) {
  rpc::Caller actor;
  actor.user_id = 1;
  actor.username = "admin";
  for (auto _ : state) {
    benchmark::DoNotOptimize(g_repository->Insert(Next(false), false, actor));
  }
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_CreateInternet)->Unit(benchmark::kMillisecond)->Threads(1)->Threads(8)->UseRealTime();
BENCHMARK(BM_CreateGas)->Unit(benchmark::kMillisecond)->Threads(1)->Threads(8)->UseRealTime();

}  // namespace
}  // namespace billing::customer

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  billing::customer::SetUpDatabase();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  billing::customer::g_repository.reset();
  billing::customer::g_pool.reset();
  billing::customer::g_postgres.reset();
  return 0;
}
