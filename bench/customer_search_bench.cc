// Customer search, lookup and bill-run batches at 100,000 customers, through the real
// repository and migrations on a throwaway PostgreSQL; prints the query plans at the end.
#include <cstdio>
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

constexpr int kCustomers = 100000;

std::unique_ptr<testing::PostgresInstance> g_postgres;
std::unique_ptr<db::Pool> g_pool;
std::unique_ptr<CustomerRepository> g_repository;

// 100,000 customers (every tenth gas) over five packages, names/addresses/phones varied; in
// slices of 20,000 (one psql call each stays well within its time limit on a busy machine).
constexpr const char* kPackages = R"sql(
INSERT INTO customer.packages (name, speed, price)
  SELECT 'Paket ' || g, (g * 10) || ' Mbps', 100000 + g * 25000 FROM generate_series(1, 5) g;
)sql";
constexpr const char* kSeedSlice = R"sql(
INSERT INTO customer.customers (type, name, phone, address, pppoe_username, pppoe_password,
                                package_id, monthly_fee, status, gas_price)
SELECT CASE WHEN g % 10 = 0 THEN 'gas' ELSE 'internet' END,
       (ARRAY['Budi','Siti','Agus','Dewi','Joko','Rina','Andi','Sri','Eko','Wati'])[1 + g % 10]
         || ' ' || (ARRAY['Santoso','Lestari','Wijaya','Hidayat','Saputra','Kusuma',
                          'Pratama'])[1 + (g / 10) % 7] || ' ' || g,
       '6281' || lpad(g::text, 9, '0'),
       'Jl. ' || (ARRAY['Melati','Mawar','Kenanga','Anggrek'])[1 + g % 4] || ' No. '
         || (g % 200) || ', RT ' || lpad((g % 20)::text, 2, '0'),
       CASE WHEN g % 10 = 0 THEN '' ELSE 'user' || g END,
       CASE WHEN g % 10 = 0 THEN '' ELSE 'pw' || g END,
       CASE WHEN g % 10 = 0 THEN NULL ELSE 1 + g % 5 END,
       CASE WHEN g % 10 = 0 THEN 0 ELSE 150000 END,
       CASE WHEN g % 17 = 0 THEN 'isolated' ELSE 'active' END,
       CASE WHEN g % 10 = 0 THEN 22000 ELSE 0 END
FROM generate_series(FIRST, LAST) g;
)sql";

void SetUpDatabase() {
  g_postgres = std::make_unique<testing::PostgresInstance>();
  std::string url = g_postgres->CreateDatabase("bench");
  g_pool = std::make_unique<db::Pool>(url, "customer", 4);
  events::ApplyMigrations(*g_pool);
  db::ApplyMigrations(*g_pool, "customer", db::CustomerMigrations());
  g_postgres->Psql("bench", kPackages);
  constexpr int kSlice = 20000;
  for (int first = 1; first <= kCustomers; first += kSlice) {
    std::string sql = kSeedSlice;
    sql.replace(sql.find("FIRST"), 5, std::to_string(first));
    sql.replace(sql.find("LAST"), 4, std::to_string(first + kSlice - 1));
    g_postgres->Psql("bench", sql);
  }
  g_postgres->Psql("bench", "ANALYZE customer.customers; ANALYZE customer.packages");
  // As autovacuum would soon: the visibility map lets deep pages be read from the index alone.
  g_postgres->Psql("bench", "VACUUM customer.customers");
  g_repository = std::make_unique<CustomerRepository>(*g_pool);
}

void Search(benchmark::State& state, const std::string& q, const std::string& type,
            int offset = 0) {
  CustomerQuery query;
  query.patterns = SearchPatterns(q);
  query.type = domain::ParseCustomerType(type);  // "" = any
  query.offset = offset;
  int64_t total = 0;
  for (auto _ : state) {
    CustomerPage page = g_repository->List(query);
    total = page.total;
    benchmark::DoNotOptimize(page);
  }
  state.counters["matches"] = static_cast<double>(total);
}

void BM_SearchNameAndNumber(benchmark::State& state) { Search(state, "hidayat 12345", ""); }
void BM_SearchPppoeUsername(benchmark::State& state) { Search(state, "USER77777", ""); }
void BM_SearchPhoneAsTyped(benchmark::State& state) { Search(state, "0810-0004-2424", ""); }
void BM_SearchCommonWord(benchmark::State& state) { Search(state, "Melati", ""); }
void BM_ListFirstPageNoFilter(benchmark::State& state) { Search(state, "", ""); }
void BM_ListGasOnly(benchmark::State& state) { Search(state, "", "gas"); }
// "Santoso 42": the shape of the harness's "Pelanggan 42" (a common word, then a number prefix).
void BM_SearchCommonNameAndNumber(benchmark::State& state) { Search(state, "Santoso 42", ""); }
void BM_ListPageAt50000(benchmark::State& state) { Search(state, "", "", 50000); }
void BM_ListPageAt90000(benchmark::State& state) { Search(state, "", "", 90000); }
void BM_ListLastPage(benchmark::State& state) { Search(state, "", "", kCustomers - 50); }
void BM_ListInternetPageAt80000(benchmark::State& state) { Search(state, "", "internet", 80000); }

// The total alone, as a list computes it (the sum over customer_counts).
void BM_CountAll(benchmark::State& state) {
  for (auto _ : state) {
    g_pool->Read([](pqxx::read_transaction& txn) {
      benchmark::DoNotOptimize(
          txn.exec("SELECT coalesce(sum(n), 0)::bigint FROM customer_counts")[0][0].as<int64_t>());
    });
  }
}
// What the total cost before: a count over the whole filter.
void BM_CountAllByScan(benchmark::State& state) {
  for (auto _ : state) {
    g_pool->Read([](pqxx::read_transaction& txn) {
      benchmark::DoNotOptimize(
          txn.exec("SELECT count(*) FROM customers WHERE deleted_at IS NULL")[0][0].as<int64_t>());
    });
  }
}

void BM_FindById(benchmark::State& state) {
  int64_t id = 1;
  for (auto _ : state) {
    benchmark::DoNotOptimize(g_repository->FindById(id, false));
    id = id % kCustomers + 7919;
  }
}

void BM_BillableBatch1000(benchmark::State& state) {
  int64_t after = 0;
  for (auto _ : state) {
    auto batch =
        g_repository->ListAfter(after, 1000, CustomerType::kInternet, CustomerStatus::kActive);
    after = batch.empty() ? 0 : batch.back().id;
    benchmark::DoNotOptimize(batch);
  }
}

void BM_BillableAll(benchmark::State& state) {
  size_t rows = 0;
  for (auto _ : state) {
    rows = 0;
    int64_t after = 0;
    while (true) {
      auto batch =
          g_repository->ListAfter(after, 1000, CustomerType::kInternet, CustomerStatus::kActive);
      rows += batch.size();
      if (batch.size() < 1000) break;
      after = batch.back().id;
    }
  }
  state.counters["rows"] = static_cast<double>(rows);
}

BENCHMARK(BM_SearchNameAndNumber)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SearchPppoeUsername)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SearchPhoneAsTyped)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SearchCommonWord)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ListFirstPageNoFilter)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ListGasOnly)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SearchCommonNameAndNumber)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ListPageAt50000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ListPageAt90000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ListLastPage)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ListInternetPageAt80000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CountAll)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CountAllByScan)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FindById)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BillableBatch1000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BillableAll)->Unit(benchmark::kMillisecond)->Iterations(3);

// The plans, of statements shaped as CustomerRepository::List builds them (a copy: the search
// with one or two patterns, a deep page read backwards by id from the index).
void PrintPlans() {
  const std::string text =
      "(c.name || ' ' || c.phone || ' ' || c.pppoe_username || ' ' || c.address)";
  auto search = [&](const std::string& where) {
    return "EXPLAIN (ANALYZE, COSTS OFF) WITH m AS MATERIALIZED (SELECT c.id FROM customers c "
           "WHERE c.deleted_at IS NULL AND (" +
           where +
           ")) SELECT c.id, (SELECT count(*) FROM m) FROM customers c "
           "LEFT JOIN packages p ON p.id = c.package_id WHERE c.id IN "
           "(SELECT id FROM m ORDER BY id DESC LIMIT 50 OFFSET 0) ORDER BY c.id DESC";
  };
  auto explain = [&](const std::string& q) {
    std::vector<std::string> patterns = SearchPatterns(q);
    std::string where;
    for (size_t i = 0; i < patterns.size(); ++i) {
      where += (i > 0 ? " OR " : "") + text + " ILIKE $" + std::to_string(i + 1) + "::text";
    }
    std::printf("\nsearch q='%s':\n", q.c_str());
    g_pool->Read([&](pqxx::read_transaction& txn) {
      for (const auto& row :
           txn.exec_params(search(where), pqxx::prepare::make_dynamic_params(patterns))) {
        std::printf("  %s\n", row[0].c_str());
      }
    });
  };
  explain("hidayat 12345");
  explain("0810-0004-2424");
  explain("Santoso 42");
  const char* kDeepPage =
      "EXPLAIN (ANALYZE, COSTS OFF) SELECT c.id FROM customer.customers c "
      "LEFT JOIN customer.packages p ON p.id = c.package_id WHERE c.id IN "
      "(SELECT id FROM customer.customers WHERE deleted_at IS NULL ORDER BY id ASC "
      "LIMIT 50 OFFSET 9950) ORDER BY c.id ASC";
  std::printf("\npage at offset 90,000 (read backwards):\n%s\n",
              g_postgres->Psql("bench", kDeepPage).c_str());
  const char* kById =
      "EXPLAIN (ANALYZE, COSTS OFF) SELECT c.id FROM customer.customers c "
      "LEFT JOIN customer.packages p ON p.id = c.package_id WHERE c.id = 4242";
  const char* kUsername =
      "EXPLAIN (ANALYZE, COSTS OFF) SELECT id FROM customer.customers "
      "WHERE lower(pppoe_username) = lower('User4242') AND deleted_at IS NULL "
      "AND type = 'internet'";
  const char* kBillable =
      "EXPLAIN (ANALYZE, COSTS OFF) SELECT c.id FROM customer.customers c "
      "WHERE c.deleted_at IS NULL AND c.type = 'internet' AND c.status = 'active' "
      "AND c.id > 50000 ORDER BY c.id LIMIT 1000";
  for (const char* sql : {kById, kUsername, kBillable}) {
    std::printf("\n%s\n%s\n", sql, g_postgres->Psql("bench", sql).c_str());
  }
}

}  // namespace
}  // namespace billing::customer

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  billing::customer::SetUpDatabase();
  benchmark::RunSpecifiedBenchmarks();
  billing::customer::PrintPlans();
  benchmark::Shutdown();
  billing::customer::g_repository.reset();
  billing::customer::g_pool.reset();
  billing::customer::g_postgres.reset();
  return 0;
}
