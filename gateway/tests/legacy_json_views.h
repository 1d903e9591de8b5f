// The gateway's views as they were before http/json_writer.h: an nlohmann tree, then dump().
// Kept as the reference the new views are compared with (tests) and measured against (bench).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "billing.pb.h"
#include "customer.pb.h"
#include "domain/customer_kind.h"

namespace billing::gateway::legacy {

inline nlohmann::json OldTimeOrNull(const std::string& time) {
  return time.empty() ? nlohmann::json(nullptr) : nlohmann::json(time);
}

inline nlohmann::json OldIdOrNull(int64_t id) {
  return id > 0 ? nlohmann::json(id) : nlohmann::json(nullptr);
}

inline nlohmann::json TransactionJson(const bills::v1::Transaction& t) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& item : t.items()) {
    items.push_back({{"name", item.name()},
                     {"qty", item.qty()},
                     {"unit_price", item.unit_price()},
                     {"product_id", OldIdOrNull(item.product_id())},
                     {"new_cylinder", item.new_cylinder()}});
  }
  nlohmann::json lines = nlohmann::json::array();
  for (const auto& line : t.lines()) {
    lines.push_back({{"kind", line.kind()},
                     {"label", line.label()},
                     {"qty", line.qty()},
                     {"unit_price", line.unit_price()},
                     {"amount", line.amount()},
                     {"included", line.included()},
                     {"note", line.note()}});
  }
  bool paid = t.status() == "paid";
  return {{"id", t.id()},
          {"invoice_no", t.invoice_no()},
          {"customer_id", t.customer_id()},
          {"customer_name", t.customer_name()},
          {"customer_phone", t.customer_phone()},
          {"type", t.type()},
          {"period", t.period()},
          {"description", t.description()},
          {"items", items},
          {"lines", lines},
          {"amount", t.amount()},
          {"tax_amount", t.tax_amount()},
          {"discount_amount", t.discount_amount()},
          {"due_date", t.due_date()},
          {"status", t.status()},
          {"paid_at", OldTimeOrNull(t.paid_at())},
          {"paid_amount", paid ? nlohmann::json(t.paid_amount()) : nlohmann::json(nullptr)},
          {"payment_method", paid ? nlohmann::json(t.payment_method()) : nlohmann::json(nullptr)},
          {"paid_by", paid ? nlohmann::json(t.paid_by()) : nlohmann::json(nullptr)},
          {"payment_reference", paid && !t.payment_reference().empty()
                                    ? nlohmann::json(t.payment_reference())
                                    : nlohmann::json(nullptr)},
          {"nik", t.nik()},
          {"created_by", t.created_by()},
          {"created_at", OldTimeOrNull(t.created_at())}};
}

inline nlohmann::json FiguresJson(const bills::v1::Figures& f) {
  return {{"today", {{"income", f.today_income()}}},
          {"month", {{"income", f.month_income()}}},
          {"outstanding", {{"amount", f.outstanding_amount()}, {"count", f.outstanding_count()}}},
          {"arrears_customers", f.arrears_customers()}};
}

inline nlohmann::json StatsJson(const bills::v1::StatsReply& stats) {
  nlohmann::json body = FiguresJson(stats.all());
  body["by_type"] = {{"internet", FiguresJson(stats.internet())},
                     {"gas", FiguresJson(stats.gas())}};
  nlohmann::json monthly = nlohmann::json::array();
  for (const auto& month : stats.monthly()) {
    monthly.push_back({{"period", month.period()},
                       {"income", month.income()},
                       {"internet", month.internet()},
                       {"gas", month.gas()}});
  }
  body["monthly"] = monthly;
  return body;
}

inline nlohmann::json CustomerJson(const customer::v1::Customer& c) {
  return {{"id", c.id()},
          {"type", std::string(domain::CustomerTypeName(c.type()))},
          {"name", c.name()},
          {"phone", c.phone()},
          {"address", c.address()},
          {"notes", c.notes()},
          {"status", std::string(domain::CustomerStatusName(c.status()))},
          {"pppoe_username", c.pppoe_username()},
          {"package_id", OldIdOrNull(c.package_id())},
          {"package_name", c.package_name()},
          {"monthly_fee", c.monthly_fee()},
          {"due_day", c.due_day()},
          {"installed_at", OldTimeOrNull(c.installed_at())},
          {"gas_price", c.gas_price()},
          {"discount_type", c.discount_type().empty() ? "none" : c.discount_type()},
          {"discount_value", c.discount_value()},
          {"installation_fee", c.installation_fee()},
          {"nik", c.nik()},
          {"deleted", c.deleted()},
          {"created_at", OldTimeOrNull(c.created_at())},
          {"updated_at", OldTimeOrNull(c.updated_at())}};
}

inline nlohmann::json PackageJson(const customer::v1::Package& p) {
  return {{"id", p.id()},
          {"name", p.name()},
          {"speed", p.speed()},
          {"price", p.price()},
          {"profile", p.profile()},
          {"rate_limit", p.rate_limit()},
          {"customer_count", p.customer_count()},
          {"created_at", OldTimeOrNull(p.created_at())},
          {"updated_at", OldTimeOrNull(p.updated_at())}};
}

// The list page {"items": [...], "total": n} and the text the gateway sent.
template <typename Reply, typename View>
nlohmann::json ListJson(const Reply& reply, View view) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& item : reply.items()) items.push_back(view(item));
  return {{"items", items}, {"total", reply.total()}};
}

inline std::string Dump(const nlohmann::json& body) {
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace billing::gateway::legacy
