// Proto -> JSON views; empty timestamps become null.
#include "routes/json_views.h"

#include "domain/customer_kind.h"

namespace billing::gateway {
namespace {

// Room for one item of a list page, so a page is written without growing the string.
constexpr size_t kCustomerBytes = 512;
constexpr size_t kTransactionBytes = 768;
constexpr size_t kPackageBytes = 320;

template <typename Reply, typename WriteItem>
std::string ListJson(const Reply& reply, size_t item_bytes, WriteItem write_item) {
  JsonWriter out(64 + item_bytes * static_cast<size_t>(reply.items_size()));
  out.BeginObject().Key("items").BeginArray();
  for (const auto& item : reply.items()) write_item(out, item);
  out.EndArray().Member("total", reply.total()).EndObject();
  return out.Take();
}

void WriteFigures(JsonWriter& out, const bills::v1::Figures& f) {
  out.Key("today").BeginObject().Member("income", f.today_income()).EndObject();
  out.Key("month").BeginObject().Member("income", f.month_income()).EndObject();
  out.Key("outstanding")
      .BeginObject()
      .Member("amount", f.outstanding_amount())
      .Member("count", f.outstanding_count())
      .EndObject();
  out.Member("arrears_customers", f.arrears_customers());
}

}  // namespace

google::protobuf::ArenaOptions ListArenaOptions() {
  google::protobuf::ArenaOptions options;
  options.start_block_size = 16 * 1024;
  options.max_block_size = 64 * 1024;
  return options;
}

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

void WriteTransaction(JsonWriter& out, const bills::v1::Transaction& t) {
  out.BeginObject()
      .Member("id", t.id())
      .Member("invoice_no", t.invoice_no())
      .Member("customer_id", t.customer_id())
      .Member("customer_name", t.customer_name())
      .Member("customer_phone", t.customer_phone())
      .Member("type", t.type())
      .Member("period", t.period())
      .Member("description", t.description());
  out.Key("items").BeginArray();
  for (const auto& item : t.items()) {
    out.BeginObject()
        .Member("name", item.name())
        .Member("qty", item.qty())
        .Member("unit_price", item.unit_price());
    // A gas shop product (null for a free-text line) and whether it went with a new cylinder.
    out.Key("product_id").IdOrNull(item.product_id());
    out.Member("new_cylinder", item.new_cylinder()).EndObject();
  }
  out.EndArray();
  out.Key("lines").BeginArray();
  for (const auto& line : t.lines()) {
    out.BeginObject()
        .Member("kind", line.kind())
        .Member("label", line.label())
        .Member("qty", line.qty())
        .Member("unit_price", line.unit_price())
        .Member("amount", line.amount())
        .Member("included", line.included())
        .Member("note", line.note())
        .EndObject();
  }
  out.EndArray()
      .Member("amount", t.amount())
      .Member("tax_amount", t.tax_amount())
      .Member("discount_amount", t.discount_amount())
      .Member("due_date", t.due_date())
      .Member("status", t.status());
  out.Key("paid_at").TimeOrNull(t.paid_at());
  // The payment fields mean something only on a paid bill.
  if (t.status() == "paid") {
    out.Member("paid_amount", t.paid_amount())
        .Member("payment_method", t.payment_method())
        .Member("paid_by", t.paid_by());
  } else {
    out.Key("paid_amount").Null().Key("payment_method").Null().Key("paid_by").Null();
  }
  // An online payment's provider reference; null for any other payment and for unpaid bills.
  if (t.status() == "paid" && !t.payment_reference().empty()) {
    out.Member("payment_reference", t.payment_reference());
  } else {
    out.Key("payment_reference").Null();
  }
  out.Member("nik", t.nik()).Member("created_by", t.created_by());
  out.Key("created_at").TimeOrNull(t.created_at());
  out.EndObject();
}

void WriteStats(JsonWriter& out, const bills::v1::StatsReply& stats) {
  out.BeginObject();
  WriteFigures(out, stats.all());
  out.Key("by_type").BeginObject();
  out.Key("internet").BeginObject();
  WriteFigures(out, stats.internet());
  out.EndObject().Key("gas").BeginObject();
  WriteFigures(out, stats.gas());
  out.EndObject().EndObject();
  out.Key("monthly").BeginArray();
  for (const auto& month : stats.monthly()) {
    out.BeginObject()
        .Member("period", month.period())
        .Member("income", month.income())
        .Member("internet", month.internet())
        .Member("gas", month.gas())
        .EndObject();
  }
  out.EndArray().EndObject();
}

void WriteCustomer(JsonWriter& out, const customer::v1::Customer& c) {
  out.BeginObject()
      .Member("id", c.id())
      .Member("type", domain::CustomerTypeName(c.type()))
      .Member("name", c.name())
      .Member("phone", c.phone())
      .Member("address", c.address())
      .Member("notes", c.notes())
      .Member("status", domain::CustomerStatusName(c.status()))
      .Member("pppoe_username", c.pppoe_username());
  out.Key("package_id").IdOrNull(c.package_id());
  out.Member("package_name", c.package_name())
      .Member("monthly_fee", c.monthly_fee())
      .Member("due_day", c.due_day());
  out.Key("installed_at").TimeOrNull(c.installed_at());
  out.Member("gas_price", c.gas_price())
      .Member("discount_type", c.discount_type().empty() ? "none" : c.discount_type())
      .Member("discount_value", c.discount_value())
      .Member("installation_fee", c.installation_fee())
      .Member("nik", c.nik())
      .Member("deleted", c.deleted());
  out.Key("created_at").TimeOrNull(c.created_at());
  out.Key("updated_at").TimeOrNull(c.updated_at());
  out.EndObject();
}

void WritePackage(JsonWriter& out, const customer::v1::Package& p) {
  out.BeginObject()
      .Member("id", p.id())
      .Member("name", p.name())
      .Member("speed", p.speed())
      .Member("price", p.price())
      .Member("profile", p.profile())
      .Member("rate_limit", p.rate_limit())
      .Member("customer_count", p.customer_count());
  out.Key("created_at").TimeOrNull(p.created_at());
  out.Key("updated_at").TimeOrNull(p.updated_at());
  out.EndObject();
}

std::string TransactionJson(const bills::v1::Transaction& transaction) {
  JsonWriter out(kTransactionBytes);
  WriteTransaction(out, transaction);
  return out.Take();
}

std::string TransactionListJson(const bills::v1::ListTransactionsReply& reply) {
  return ListJson(reply, kTransactionBytes, WriteTransaction);
}

std::string StatsJson(const bills::v1::StatsReply& stats) {
  JsonWriter out(1024 + 96 * static_cast<size_t>(stats.monthly_size()));
  WriteStats(out, stats);
  return out.Take();
}

customer::v1::CustomerType CustomerTypeFromText(std::string_view text) {
  auto type = domain::ParseCustomerType(text);
  return type ? static_cast<customer::v1::CustomerType>(*type)
              : customer::v1::CUSTOMER_TYPE_UNSPECIFIED;
}

customer::v1::CustomerStatus CustomerStatusFromText(std::string_view text) {
  auto status = domain::ParseCustomerStatus(text);
  return status ? static_cast<customer::v1::CustomerStatus>(*status)
                : customer::v1::CUSTOMER_STATUS_UNSPECIFIED;
}

std::string CustomerJson(const customer::v1::Customer& customer) {
  JsonWriter out(kCustomerBytes);
  WriteCustomer(out, customer);
  return out.Take();
}

std::string CustomerListJson(const customer::v1::ListCustomersReply& reply) {
  return ListJson(reply, kCustomerBytes, WriteCustomer);
}

std::string PackageJson(const customer::v1::Package& package) {
  JsonWriter out(kPackageBytes);
  WritePackage(out, package);
  return out.Take();
}

std::string PackageListJson(const customer::v1::ListPackagesReply& reply) {
  return ListJson(reply, kPackageBytes, WritePackage);
}

}  // namespace billing::gateway
