// Proto -> JSON views; empty timestamps become null.
#include "routes/json_views.h"

namespace billing::gateway {

nlohmann::json TimeOrNull(const std::string& time) {
  return time.empty() ? nlohmann::json(nullptr) : nlohmann::json(time);
}

nlohmann::json IdOrNull(int64_t id) {
  return id > 0 ? nlohmann::json(id) : nlohmann::json(nullptr);
}

nlohmann::json UserJson(const auth::v1::User& user) {
  return {{"id", user.id()},
          {"username", user.username()},
          {"full_name", user.full_name()},
          {"role", user.role()},
          {"active", user.active()},
          {"password_is_default", user.password_is_default()},
          {"created_at", TimeOrNull(user.created_at())},
          {"updated_at", TimeOrNull(user.updated_at())},
          {"last_login_at", TimeOrNull(user.last_login_at())}};
}

nlohmann::json SessionJson(const auth::v1::LoginReply& reply) {
  return {{"token", reply.token()},
          {"expires_at", reply.expires_at()},
          {"user", UserJson(reply.user())}};
}

nlohmann::json TransactionJson(const bills::v1::Transaction& t) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& item : t.items()) {
    items.push_back(
        {{"name", item.name()}, {"qty", item.qty()}, {"unit_price", item.unit_price()}});
  }
  bool paid = t.status() == "paid";
  return {{"id", t.id()},
          {"customer_id", t.customer_id()},
          {"customer_name", t.customer_name()},
          {"customer_phone", t.customer_phone()},
          {"type", t.type()},
          {"period", t.period()},
          {"description", t.description()},
          {"items", items},
          {"amount", t.amount()},
          {"due_date", t.due_date()},
          {"status", t.status()},
          {"paid_at", TimeOrNull(t.paid_at())},
          {"paid_amount", paid ? nlohmann::json(t.paid_amount()) : nlohmann::json(nullptr)},
          {"payment_method", paid ? nlohmann::json(t.payment_method()) : nlohmann::json(nullptr)},
          {"paid_by", paid ? nlohmann::json(t.paid_by()) : nlohmann::json(nullptr)},
          {"created_by", t.created_by()},
          {"created_at", TimeOrNull(t.created_at())}};
}

namespace {

nlohmann::json FiguresJson(const bills::v1::Figures& f) {
  return {{"today", {{"income", f.today_income()}}},
          {"month", {{"income", f.month_income()}}},
          {"outstanding", {{"amount", f.outstanding_amount()}, {"count", f.outstanding_count()}}},
          {"arrears_customers", f.arrears_customers()}};
}

}  // namespace

nlohmann::json StatsJson(const bills::v1::StatsReply& stats) {
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

nlohmann::json CustomerJson(const customer::v1::Customer& c) {
  return {{"id", c.id()},
          {"type", c.type()},
          {"name", c.name()},
          {"phone", c.phone()},
          {"address", c.address()},
          {"notes", c.notes()},
          {"status", c.status()},
          {"pppoe_username", c.pppoe_username()},
          {"package_id", IdOrNull(c.package_id())},
          {"package_name", c.package_name()},
          {"monthly_fee", c.monthly_fee()},
          {"due_day", c.due_day()},
          {"installed_at", TimeOrNull(c.installed_at())},
          {"gas_price", c.gas_price()},
          {"deleted", c.deleted()},
          {"created_at", TimeOrNull(c.created_at())},
          {"updated_at", TimeOrNull(c.updated_at())}};
}

nlohmann::json PackageJson(const customer::v1::Package& p) {
  return {{"id", p.id()},
          {"name", p.name()},
          {"speed", p.speed()},
          {"price", p.price()},
          {"profile", p.profile()},
          {"rate_limit", p.rate_limit()},
          {"customer_count", p.customer_count()},
          {"created_at", TimeOrNull(p.created_at())},
          {"updated_at", TimeOrNull(p.updated_at())}};
}

}  // namespace billing::gateway
