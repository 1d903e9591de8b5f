// The gateway's JSON answers: the old way (nlohmann tree, then dump) against the direct writer
// (http/json_writer.h), for a 50-customer list page, a 50-transaction page and the stats answer.
#include <string>

#include <benchmark/benchmark.h>

#include "legacy_json_views.h"
#include "routes/json_views.h"

namespace {

using billing::gateway::legacy::Dump;
using billing::gateway::legacy::ListJson;
namespace legacy = billing::gateway::legacy;
namespace gw = billing::gateway;

billing::customer::v1::ListCustomersReply CustomerPage() {
  billing::customer::v1::ListCustomersReply reply;
  for (int i = 1; i <= 50; ++i) {
    auto* c = reply.add_items();
    c->set_id(i);
    c->set_type(i % 3 ? billing::customer::v1::CUSTOMER_TYPE_INTERNET
                      : billing::customer::v1::CUSTOMER_TYPE_GAS);
    c->set_name("Pelanggan " + std::to_string(i));
    c->set_phone("62812345" + std::to_string(10000 + i));
    c->set_address("Jl. Mawar No. " + std::to_string(i) + ", RT 01/RW 02, Kel. Sukamaju");
    c->set_notes(i % 5 ? "" : "Rumah cat hijau, dekat masjid");
    c->set_status(billing::customer::v1::CUSTOMER_STATUS_ACTIVE);
    c->set_pppoe_username("pelanggan" + std::to_string(i));
    c->set_package_id(i % 3 ? 2 : 0);
    c->set_package_name(i % 3 ? "Paket 10 Mbps" : "");
    c->set_monthly_fee(i % 3 ? 150000 : 0);
    c->set_due_day(10);
    c->set_installed_at(i % 3 ? "2025-06-01" : "");
    c->set_gas_price(i % 3 ? 0 : 23000);
    c->set_created_at("2025-06-01T09:00:00+07:00");
    c->set_updated_at("2026-11-30T07:15:42+07:00");
  }
  reply.set_total(10000);
  return reply;
}

billing::bills::v1::ListTransactionsReply TransactionPage() {
  billing::bills::v1::ListTransactionsReply reply;
  for (int i = 1; i <= 50; ++i) {
    auto* t = reply.add_items();
    t->set_id(100000 + i);
    t->set_customer_id(i);
    t->set_customer_name("Pelanggan " + std::to_string(i));
    t->set_customer_phone("62812345" + std::to_string(10000 + i));
    t->set_type("gas");
    t->set_description("Penjualan gas");
    auto* item = t->add_items();
    item->set_name("LPG 3 kg");
    item->set_qty(2);
    item->set_unit_price(23000);
    t->set_amount(46000);
    t->set_due_date("2026-11-30");
    t->set_status(i % 2 ? "paid" : "unpaid");
    if (i % 2) {
      t->set_paid_at("2026-11-30T10:00:00+07:00");
      t->set_paid_amount(46000);
      t->set_payment_method("cash");
      t->set_paid_by("staff");
    }
    t->set_created_by("admin");
    t->set_created_at("2026-11-30T09:00:00+07:00");
  }
  reply.set_total(1200000);
  return reply;
}

billing::bills::v1::StatsReply Stats() {
  billing::bills::v1::StatsReply stats;
  for (auto* f : {stats.mutable_all(), stats.mutable_internet(), stats.mutable_gas()}) {
    f->set_today_income(1250000);
    f->set_month_income(37500000);
    f->set_outstanding_amount(8400000);
    f->set_outstanding_count(56);
    f->set_arrears_customers(41);
  }
  for (int m = 1; m <= 12; ++m) {
    auto* month = stats.add_monthly();
    month->set_period("2026-" + std::string(m < 10 ? "0" : "") + std::to_string(m));
    month->set_income(30000000 + m);
    month->set_internet(25000000 + m);
    month->set_gas(5000000 + m);
  }
  return stats;
}

void BM_CustomerPageTree(benchmark::State& state) {
  auto reply = CustomerPage();
  for (auto _ : state) benchmark::DoNotOptimize(Dump(ListJson(reply, legacy::CustomerJson)));
}
BENCHMARK(BM_CustomerPageTree);

void BM_CustomerPageWriter(benchmark::State& state) {
  auto reply = CustomerPage();
  for (auto _ : state) benchmark::DoNotOptimize(gw::CustomerListJson(reply));
}
BENCHMARK(BM_CustomerPageWriter);

void BM_TransactionPageTree(benchmark::State& state) {
  auto reply = TransactionPage();
  for (auto _ : state) benchmark::DoNotOptimize(Dump(ListJson(reply, legacy::TransactionJson)));
}
BENCHMARK(BM_TransactionPageTree);

void BM_TransactionPageWriter(benchmark::State& state) {
  auto reply = TransactionPage();
  for (auto _ : state) benchmark::DoNotOptimize(gw::TransactionListJson(reply));
}
BENCHMARK(BM_TransactionPageWriter);

void BM_StatsTree(benchmark::State& state) {
  auto stats = Stats();
  for (auto _ : state) benchmark::DoNotOptimize(Dump(legacy::StatsJson(stats)));
}
BENCHMARK(BM_StatsTree);

void BM_StatsWriter(benchmark::State& state) {
  auto stats = Stats();
  for (auto _ : state) benchmark::DoNotOptimize(gw::StatsJson(stats));
}
BENCHMARK(BM_StatsWriter);

}  // namespace

BENCHMARK_MAIN();
