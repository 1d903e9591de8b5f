// The written views give the same JSON values as the nlohmann trees the gateway built before.
#include "routes/json_views.h"

#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "legacy_json_views.h"

namespace billing::gateway {
namespace {

// Same value (key order aside) and the same text for every string, ill-formed UTF-8 included.
void ExpectSameJson(const std::string& written, const nlohmann::json& before) {
  nlohmann::json parsed = nlohmann::json::parse(written);
  EXPECT_EQ(parsed, nlohmann::json::parse(legacy::Dump(before))) << written;
}

customer::v1::Customer FullCustomer() {
  customer::v1::Customer c;
  c.set_id(42);
  c.set_type(customer::v1::CUSTOMER_TYPE_INTERNET);
  c.set_name("Pelanggan \"42\" \\ Bu Siti\n\xC3\xA9");
  c.set_phone("6281234567890");
  c.set_address("Jl. Mawar No. 5\tRT 01/RW 02");
  c.set_notes(std::string("tab\x01", 4));
  c.set_status(customer::v1::CUSTOMER_STATUS_ACTIVE);
  c.set_pppoe_username("siti42");
  c.set_package_id(3);
  c.set_package_name("10 Mbps");
  c.set_monthly_fee(150000);
  c.set_due_day(10);
  c.set_installed_at("2026-01-05");
  c.set_gas_price(0);
  c.set_discount_type("percent");
  c.set_discount_value(10);
  c.set_installation_fee(250000);
  c.set_nik("3201011203900001");
  c.set_deleted(false);
  c.set_created_at("2026-01-05T09:00:00+07:00");
  c.set_updated_at("2026-11-30T07:00:00+07:00");
  return c;
}

customer::v1::Customer SparseCustomer() {
  customer::v1::Customer c;  // package 0 and empty times: nulls
  c.set_id(7);
  c.set_type(customer::v1::CUSTOMER_TYPE_GAS);
  c.set_name("Warung \xFF\xE2\x82");  // ill-formed UTF-8 becomes U+FFFD either way
  c.set_gas_price(23000);
  c.set_deleted(true);
  return c;
}

bills::v1::Transaction PaidTransaction() {
  bills::v1::Transaction t;
  t.set_id(9001);
  t.set_invoice_no("INV/2026/11/0007");
  t.set_customer_id(42);
  t.set_customer_name("Bu Siti");
  t.set_customer_phone("6281234567890");
  t.set_type("gas");
  t.set_description("LPG 3 kg");
  auto* item = t.add_items();
  item->set_name("LPG 3 kg");
  item->set_qty(2);
  item->set_unit_price(23000);
  item->set_product_id(3);
  item->set_new_cylinder(true);
  t.set_nik("3201011203900001");
  item = t.add_items();
  item->set_name("Antar \"cepat\"");
  item->set_qty(1);
  item->set_unit_price(-5000);
  auto* line = t.add_lines();
  line->set_kind("item");
  line->set_label("LPG 3 kg");
  line->set_qty(2);
  line->set_unit_price(23000);
  line->set_amount(46000);
  line = t.add_lines();
  line->set_kind("tax");
  line->set_label("PPN 11%");
  line->set_qty(1);
  line->set_unit_price(4062);
  line->set_amount(4062);
  line->set_included(true);
  line->set_note("\"termasuk\"");
  t.set_tax_amount(4062);
  t.set_discount_amount(5000);
  t.set_amount(41000);
  t.set_due_date("2026-11-30");
  t.set_status("paid");
  t.set_paid_at("2026-11-30T10:00:00+07:00");
  t.set_paid_amount(41000);
  t.set_payment_method("cash");
  t.set_paid_by("staff");
  t.set_created_by("admin");
  t.set_created_at("2026-11-30T09:00:00+07:00");
  return t;
}

bills::v1::Transaction UnpaidTransaction() {
  bills::v1::Transaction t;  // no items, payment fields set but not shown
  t.set_id(9002);
  t.set_customer_id(43);
  t.set_type("internet");
  t.set_period("2026-12");
  t.set_amount(150000);
  t.set_status("unpaid");
  t.set_paid_amount(5);
  t.set_payment_method("cash");
  t.set_created_at("2026-11-30T09:00:00+07:00");
  return t;
}

void SetFigures(bills::v1::Figures* f, int64_t base) {
  f->set_today_income(base);
  f->set_month_income(base * 30);
  f->set_outstanding_amount(base * 7);
  f->set_outstanding_count(base / 1000);
  f->set_arrears_customers(3);
}

TEST(JsonViewsTest, CustomerMatchesTheTreeView) {
  ExpectSameJson(CustomerJson(FullCustomer()), legacy::CustomerJson(FullCustomer()));
  ExpectSameJson(CustomerJson(SparseCustomer()), legacy::CustomerJson(SparseCustomer()));
  EXPECT_TRUE(nlohmann::json::parse(CustomerJson(SparseCustomer()))["package_id"].is_null());
}

TEST(JsonViewsTest, CustomerListPageMatchesTheTreeView) {
  customer::v1::ListCustomersReply reply;
  for (int i = 0; i < 50; ++i) *reply.add_items() = i % 2 ? FullCustomer() : SparseCustomer();
  reply.set_total(10000);
  ExpectSameJson(CustomerListJson(reply), legacy::ListJson(reply, legacy::CustomerJson));
  customer::v1::ListCustomersReply empty;
  ExpectSameJson(CustomerListJson(empty), legacy::ListJson(empty, legacy::CustomerJson));
  EXPECT_TRUE(nlohmann::json::parse(CustomerListJson(empty))["items"].is_array());
}

TEST(JsonViewsTest, TransactionsMatchTheTreeView) {
  ExpectSameJson(TransactionJson(PaidTransaction()), legacy::TransactionJson(PaidTransaction()));
  ExpectSameJson(TransactionJson(UnpaidTransaction()),
                 legacy::TransactionJson(UnpaidTransaction()));
  bills::v1::ListTransactionsReply reply;
  *reply.add_items() = PaidTransaction();
  *reply.add_items() = UnpaidTransaction();
  reply.set_total(2);
  ExpectSameJson(TransactionListJson(reply), legacy::ListJson(reply, legacy::TransactionJson));
}

TEST(JsonViewsTest, AGasSaleShowsItsProductsAndNik) {
  auto parsed = nlohmann::json::parse(TransactionJson(PaidTransaction()));
  EXPECT_EQ(parsed["nik"], "3201011203900001");
  EXPECT_EQ(parsed["items"][0]["product_id"], 3);
  EXPECT_EQ(parsed["items"][0]["new_cylinder"], true);
  EXPECT_TRUE(parsed["items"][1]["product_id"].is_null());  // a free-text line
  EXPECT_EQ(parsed["items"][1]["new_cylinder"], false);
  EXPECT_EQ(nlohmann::json::parse(TransactionJson(UnpaidTransaction()))["nik"], "");
  EXPECT_EQ(nlohmann::json::parse(CustomerJson(FullCustomer()))["nik"], "3201011203900001");
}

TEST(JsonViewsTest, AnOnlinePaymentShowsItsReference) {
  bills::v1::Transaction online = PaidTransaction();
  online.set_payment_method("online");
  online.set_payment_reference("T0001/INV-9001");
  ExpectSameJson(TransactionJson(online), legacy::TransactionJson(online));
  auto parsed = nlohmann::json::parse(TransactionJson(online));
  EXPECT_EQ(parsed["payment_reference"], "T0001/INV-9001");
  EXPECT_EQ(parsed["payment_method"], "online");
  EXPECT_TRUE(
      nlohmann::json::parse(TransactionJson(PaidTransaction()))["payment_reference"].is_null());
  bills::v1::Transaction unpaid = UnpaidTransaction();
  unpaid.set_payment_reference("stale");
  EXPECT_TRUE(nlohmann::json::parse(TransactionJson(unpaid))["payment_reference"].is_null());
}

TEST(JsonViewsTest, StatsMatchTheTreeView) {
  bills::v1::StatsReply stats;
  SetFigures(stats.mutable_all(), 300000);
  SetFigures(stats.mutable_internet(), 200000);
  SetFigures(stats.mutable_gas(), 100000);
  for (int m = 1; m <= 12; ++m) {
    auto* month = stats.add_monthly();
    month->set_period("2026-" + std::string(m < 10 ? "0" : "") + std::to_string(m));
    month->set_income(m * 1000);
    month->set_internet(m * 700);
    month->set_gas(m * 300);
  }
  ExpectSameJson(StatsJson(stats), legacy::StatsJson(stats));
  bills::v1::StatsReply empty;  // no figures at all: zeros, and an empty monthly array
  ExpectSameJson(StatsJson(empty), legacy::StatsJson(empty));
}

TEST(JsonViewsTest, PackagesMatchTheTreeView) {
  customer::v1::Package p;
  p.set_id(3);
  p.set_name("10 Mbps");
  p.set_speed("10M");
  p.set_price(150000);
  p.set_profile("paket-10");
  p.set_rate_limit("10M/10M");
  p.set_customer_count(120);
  p.set_created_at("2026-01-01T00:00:00+07:00");
  ExpectSameJson(PackageJson(p), legacy::PackageJson(p));
  customer::v1::ListPackagesReply reply;
  *reply.add_items() = p;
  *reply.add_items() = customer::v1::Package();
  reply.set_total(2);
  ExpectSameJson(PackageListJson(reply), legacy::ListJson(reply, legacy::PackageJson));
}

}  // namespace
}  // namespace billing::gateway
