// Billing RPCs. Every handler runs inside rpc::HandleRpc, so no exception escapes.
#include "billing_service.h"

#include "bill_lines.h"
#include "domain/customer_kind.h"
#include "domain/nik.h"
#include "domain/period.h"
#include "errors/error.h"
#include "events/outbox.h"
#include "i18n/messages.h"
#include "i18n/shop_messages.h"
#include "rpc/paging.h"
#include "rpc/server.h"
#include "settings_document.h"
#include "shop_rules.h"
#include "transaction_rules.h"

namespace billing::bills {
namespace {

void ToProto(const TransactionRecord& t, v1::Transaction* out) {
  out->set_id(t.id);
  out->set_customer_id(t.customer_id);
  out->set_customer_name(t.customer_name);
  out->set_customer_phone(t.customer_phone);
  out->set_type(t.type);
  out->set_period(t.period);
  out->set_description(t.description);
  for (const auto& item : t.items) {
    auto* added = out->add_items();
    added->set_name(item.value("name", ""));
    added->set_qty(item.value("qty", int64_t{0}));
    added->set_unit_price(item.value("unit_price", int64_t{0}));
    added->set_product_id(item.value("product_id", int64_t{0}));
    added->set_new_cylinder(item.value("new_cylinder", false));
  }
  out->set_amount(t.amount);
  out->set_due_date(t.due_date);
  out->set_status(t.status);
  out->set_paid_at(t.paid_at);
  out->set_paid_amount(t.paid_amount);
  out->set_payment_method(t.payment_method);
  out->set_paid_by(t.paid_by);
  out->set_created_by(t.created_by);
  out->set_created_at(t.created_at);
  out->set_payment_reference(t.payment_reference);
  out->set_invoice_no(t.invoice_no);
  for (const auto& line : t.lines) {
    auto* added = out->add_lines();
    added->set_kind(line.value("kind", ""));
    added->set_label(line.value("label", ""));
    added->set_qty(line.value("qty", int64_t{0}));
    added->set_unit_price(line.value("unit_price", int64_t{0}));
    added->set_amount(line.value("amount", int64_t{0}));
    added->set_included(line.value("included", false));
    added->set_note(line.value("note", ""));
  }
  out->set_tax_amount(t.tax_amount);
  out->set_discount_amount(t.discount_amount);
  out->set_nik(t.nik);
}

// The bill's own discount when the request has one, else the customer's standing discount.
Discount DiscountOf(const v1::CreateTransactionRequest& request,
                    const customer::v1::Customer& customer, errors::FieldErrors& fields) {
  Discount discount;
  if (request.has_discount()) {
    auto type = ParseDiscountType(request.discount().type());
    if (!type || request.discount().type().empty()) {
      fields.emplace("discount.type", request.discount().type().empty()
                                          ? i18n::kFieldRequired
                                          : i18n::kInvalidDiscountType);
      return discount;
    }
    discount = {*type, request.discount().value()};
    if (const char* problem = CheckDiscount(discount)) fields.emplace("discount.value", problem);
    return discount;
  }
  discount.type = ParseDiscountType(customer.discount_type()).value_or(Discount::Type::kNone);
  discount.value = discount.type == Discount::Type::kNone ? 0 : customer.discount_value();
  if (CheckDiscount(discount) != nullptr) return {};  // the customer service checks it
  return discount;
}

// Fills the lines of shop products (product_id > 0) from the products: an empty name becomes
// the product's, a unit price of 0 the customer's price; a new cylinder adds its own line
// "Tabung <name>" at the product's cylinder price. Collects what leaves the stock in `stock`
// and returns the products (by id) the sale names.
std::map<int64_t, SaleProduct> ResolveProducts(ShopRepository& shop, int64_t customer_id,
                                               google::protobuf::RepeatedPtrField<v1::Item>& items,
                                               std::vector<SaleStock>& stock,
                                               errors::FieldErrors& fields) {
  std::vector<int64_t> ids;
  for (const auto& item : items) {
    if (item.product_id() > 0) ids.push_back(item.product_id());
  }
  std::map<int64_t, SaleProduct> products = shop.ProductsForSale(ids, customer_id);
  std::vector<v1::Item> cylinders;
  for (int i = 0; i < items.size(); ++i) {
    v1::Item& item = *items.Mutable(i);
    std::string prefix = "items." + std::to_string(i) + ".";
    if (item.product_id() < 0) {
      fields.emplace(prefix + "product_id", i18n::kProductUnavailable);
      continue;
    }
    if (item.product_id() == 0) {
      if (item.new_cylinder()) {
        fields.emplace(prefix + "new_cylinder", i18n::kNewCylinderNeedsProduct);
      }
      continue;
    }
    auto found = products.find(item.product_id());
    if (found == products.end() || !found->second.active) {
      fields.emplace(prefix + "product_id", i18n::kProductUnavailable);
      continue;
    }
    const SaleProduct& product = found->second;
    if (item.name().empty()) item.set_name(product.name);
    if (item.unit_price() == 0) item.set_unit_price(product.price);
    if (item.new_cylinder()) {
      if (product.cylinder_price <= 0) {
        fields.emplace(prefix + "new_cylinder", i18n::kProductNoCylinderPrice);
      } else {
        v1::Item& cylinder = cylinders.emplace_back();
        cylinder.set_name(i18n::kCylinderLinePrefix + product.name);
        cylinder.set_qty(item.qty());
        cylinder.set_unit_price(product.cylinder_price);
      }
    }
    if (product.tracks_stock && item.qty() > 0) {
      stock.push_back({product.id, product.name, item.qty(), item.new_cylinder()});
    }
  }
  for (auto& cylinder : cylinders) *items.Add() = std::move(cylinder);
  return products;
}

// The stock a sale asks for against the counts read before it: a sale that cannot be served is
// refused before it takes an invoice number (the guarded update in the sale's transaction
// decides the races).
void CheckStock(const std::vector<SaleStock>& stock,
                const std::map<int64_t, SaleProduct>& products) {
  std::map<int64_t, int64_t> wanted;
  for (const auto& line : stock) wanted[line.product_id] += line.qty;
  for (const auto& [id, qty] : wanted) {
    const SaleProduct& product = products.at(id);
    if (product.full < qty) {
      throw errors::FailedPrecondition(
          events::FormatSummary(i18n::kStockNotEnoughFull,
                                {{"produk", product.name}, {"isi", std::to_string(product.full)}}));
    }
  }
}

void ToProto(const Figures& f, v1::Figures* out) {
  out->set_today_income(f.today_income);
  out->set_month_income(f.month_income);
  out->set_outstanding_amount(f.outstanding_amount);
  out->set_outstanding_count(f.outstanding_count);
  out->set_arrears_customers(f.arrears_customers);
}

void ToProto(const MonthIncome& m, v1::MonthIncome* out) {
  out->set_period(m.period);
  out->set_internet(m.internet);
  out->set_gas(m.gas);
  out->set_income(m.total());
  out->set_tax(m.tax);
}

void CheckTypeFilter(const std::string& type) {
  if (!type.empty() && type != "internet" && type != "gas") {
    throw errors::InvalidArgument(i18n::kValidationFailed, {{"type", i18n::kInvalidTypeFilter}});
  }
}

}  // namespace

BillingService::BillingService(TransactionRepository& transactions, ReportRepository& reports,
                               SettingsRepository& settings, CustomerDirectory& customers,
                               BillRun& bill_run, ShopRepository& shop, const domain::Clock& clock,
                               metrics::Metrics& metrics)
    : transactions_(transactions),
      reports_(reports),
      settings_(settings),
      customers_(customers),
      bill_run_(bill_run),
      shop_(shop),
      clock_(clock),
      metrics_(metrics) {}

std::string BillingService::TimeZone() { return settings_.TimeZone(); }

grpc::Status BillingService::CreateTransaction(grpc::ServerContext* context,
                                               const v1::CreateTransactionRequest* request,
                                               v1::Transaction* reply) {
  return rpc::HandleRpc(metrics_, "CreateTransaction", *context, [&] {
    rpc::Caller caller = rpc::ReadUser(*context);
    if (request->customer_id() <= 0) {
      throw errors::InvalidArgument(i18n::kValidationFailed,
                                    {{"customer_id", i18n::kFieldRequired}});
    }
    auto customer = customers_.Find(request->customer_id(), caller);
    if (!customer) {
      throw errors::NotFound(i18n::kCustomerNotFound);
    }
    errors::FieldErrors fields;
    NewTransaction t;
    t.customer_id = customer->id();
    t.customer_name = customer->name();
    t.customer_phone = customer->phone();
    t.type = domain::CustomerTypeName(customer->type());
    if (request->has_description()) {
      if (request->description().size() > 500) fields.emplace("description", i18n::kTextTooLong);
      t.description = request->description();
    }
    if (request->has_due_date() && !domain::IsValidDate(request->due_date())) {
      fields.emplace("due_date", i18n::kInvalidDate);
    }
    BillInput bill;
    std::map<int64_t, SaleProduct> products;
    bill.internet = t.type == "internet";
    bill.discount = DiscountOf(*request, *customer, fields);
    if (bill.internet) {
      auto period = domain::Period::Parse(request->period());
      if (!period) {
        fields.emplace("period",
                       request->period().empty() ? i18n::kFieldRequired : i18n::kInvalidPeriod);
      } else {
        t.period = period->ToString();
        t.due_date = request->has_due_date()
                         ? request->due_date()
                         : period->DueDate(customer->due_day() > 0 ? customer->due_day() : 10);
        if (t.description.empty()) t.description = BillDescription(*customer, *period);
      }
      bill.package_price = request->has_amount() ? request->amount() : customer->monthly_fee();
      if (auto problem = CheckAmount(bill.package_price)) fields.emplace("amount", *problem);
      if (!request->items().empty()) fields.emplace("items", i18n::kInternetOnlyForBills);
      bill.package_label = PackageLabel(*customer, t.period);
      bill.period = t.period;
      bill.installed_at = customer->installed_at();
    } else {
      google::protobuf::RepeatedPtrField<v1::Item> items = request->items();
      products = ResolveProducts(shop_, customer->id(), items, t.stock, fields);
      t.items = CheckItems(items, &t.amount, fields);
      for (const auto& item : items) {
        bill.items.push_back({item.name(), item.qty(), item.unit_price()});
      }
      // The buyer's NIK is kept on sales of subsidised LPG only: the request's, else the
      // customer's.
      bool subsidised = false;
      for (const auto& item : items) {
        auto found = products.find(item.product_id());
        if (found != products.end() && found->second.subsidised) subsidised = true;
      }
      if (!request->nik().empty()) {
        auto nik = domain::NormalizeNik(request->nik());
        if (!nik) {
          fields.emplace("nik", i18n::kNikInvalid);
        } else if (subsidised) {
          t.nik = *nik;
        }
      } else if (subsidised) {
        t.nik = domain::NormalizeNik(customer->nik()).value_or("");
      }
      if (request->has_amount()) fields.emplace("amount", i18n::kWrongType);
      // A missing period or due date is today's in the settings' zone, which the repository
      // reads in its insert statement (one round trip instead of a read transaction first).
      t.defaults_at = clock_.Now();
      if (request->has_period()) {
        t.period = request->period();
        if (!domain::Period::Parse(t.period)) fields.emplace("period", i18n::kInvalidPeriod);
      }
      if (request->has_due_date()) t.due_date = request->due_date();
      if (t.description.empty()) t.description = i18n::kGasSaleDescription;
    }
    if (!fields.empty()) throw errors::InvalidArgument(i18n::kValidationFailed, fields);
    CheckStock(t.stock, products);
    // The installation fee goes on the customer's first internet bill only.
    if (bill.internet && customer->installation_fee() > 0 &&
        transactions_.WithInternetBills({customer->id()}).empty()) {
      bill.installation_fee = customer->installation_fee();
    }
    ComposedBill composed = ComposeBill(bill, settings_.Terms());
    if (composed.amount > kMaxAmount) {
      throw errors::InvalidArgument(i18n::kValidationFailed, {{"amount", i18n::kAmountTooLarge}});
    }
    t.lines = std::move(composed.lines);
    t.amount = composed.amount;
    t.tax_amount = composed.tax_amount;
    t.discount_amount = composed.discount_amount;
    ToProto(transactions_.Create(t, caller, DefaultTimeZone()), reply);
  });
}

grpc::Status BillingService::GetTransaction(grpc::ServerContext* context,
                                            const v1::TransactionId* request,
                                            v1::Transaction* reply) {
  return rpc::HandleRpc(metrics_, "GetTransaction", *context, [&] {
    // No RequireUser: messaging's reminder scheduler reads as an internal caller (no
    // identity), like GetSettings; the gateway always sends the user's identity.
    auto found = transactions_.Find(request->id());
    if (!found) throw errors::NotFound(i18n::kTransactionNotFound);
    ToProto(*found, reply);
  });
}

grpc::Status BillingService::ListTransactions(grpc::ServerContext* context,
                                              const v1::ListTransactionsRequest* request,
                                              v1::ListTransactionsReply* reply) {
  return rpc::HandleRpc(metrics_, "ListTransactions", *context, [&] {
    // No RequireUser: messaging's reminder scheduler reads as an internal caller (no
    // identity), like GetSettings; the gateway always sends the user's identity.
    TransactionFilter filter;
    filter.status = request->status();
    filter.type = request->type();
    filter.period = request->period();
    filter.q = request->q();
    filter.customer_id = request->customer_id();
    errors::FieldErrors fields;
    rpc::Page paging = rpc::ReadPage(request->paging(), fields);
    filter.limit = paging.limit;
    filter.offset = paging.offset;
    if (!filter.status.empty() && filter.status != "unpaid" && filter.status != "paid") {
      fields.emplace("status", i18n::kInvalidStatusFilter);
    }
    if (!filter.type.empty() && filter.type != "internet" && filter.type != "gas") {
      fields.emplace("type", i18n::kInvalidTypeFilter);
    }
    if (!filter.period.empty() && !domain::Period::Parse(filter.period)) {
      fields.emplace("period", i18n::kInvalidPeriod);
    }
    if (filter.q.size() > 100) fields.emplace("q", i18n::kTextTooLong);
    if (!fields.empty()) throw errors::InvalidArgument(i18n::kValidationFailed, fields);
    TransactionPage page = transactions_.List(filter);
    for (const auto& t : page.items) ToProto(t, reply->add_items());
    reply->set_total(page.total);
  });
}

grpc::Status BillingService::MarkPaid(grpc::ServerContext* context,
                                      const v1::MarkPaidRequest* request, v1::Transaction* reply) {
  return rpc::HandleRpc(metrics_, "MarkPaid", *context, [&] {
    rpc::Caller caller = rpc::ReadUser(*context);
    errors::FieldErrors fields;
    Payment payment;
    payment.method = request->method();
    if (!IsPaymentMethod(payment.method)) {
      fields.emplace("method",
                     payment.method.empty() ? i18n::kFieldRequired : i18n::kInvalidPaymentMethod);
    }
    if (request->has_amount()) {
      if (auto problem = CheckAmount(request->amount())) fields.emplace("amount", *problem);
      payment.amount = request->amount();
    }
    if (request->has_paid_at()) {
      std::string zone = TimeZone();
      auto paid_at = NormalizePaidAt(request->paid_at(), zone);
      if (!paid_at) {
        fields.emplace("paid_at", i18n::kInvalidDateTime);
      } else if (paid_at->substr(0, 10) >
                 domain::DateAt(clock_.Now() + std::chrono::hours(24), zone)) {
        fields.emplace("paid_at", i18n::kFutureTime);
      } else {
        payment.paid_at = *paid_at;
      }
    }
    if (!fields.empty()) throw errors::InvalidArgument(i18n::kValidationFailed, fields);
    ToProto(transactions_.MarkPaid(request->id(), payment, caller), reply);
  });
}

grpc::Status BillingService::MarkPaidOnline(grpc::ServerContext* context,
                                            const v1::MarkPaidOnlineRequest* request,
                                            v1::MarkPaidOnlineReply* reply) {
  return rpc::HandleRpc(metrics_, "MarkPaidOnline", *context, [&] {
    rpc::Caller caller = rpc::ReadCaller(*context);
    rpc::RequireService(caller, "payment");
    errors::FieldErrors fields;
    Payment payment;
    payment.method = "online";
    if (auto problem = CheckAmount(request->amount())) fields.emplace("amount", *problem);
    payment.amount = request->amount();
    if (request->reference().empty()) {
      fields.emplace("reference", i18n::kPaymentReferenceRequired);
    } else if (request->reference().size() > 200) {
      fields.emplace("reference", i18n::kTextTooLong);
    }
    payment.reference = request->reference();
    if (!request->paid_at().empty()) {
      auto paid_at = NormalizePaidAt(request->paid_at(), TimeZone());
      if (!paid_at) {
        fields.emplace("paid_at", i18n::kInvalidDateTime);
      } else {
        payment.paid_at = *paid_at;
      }
    }
    if (!fields.empty()) throw errors::InvalidArgument(i18n::kValidationFailed, fields);
    // No user: the payment is recorded by "sistem", as the payment service's own.
    rpc::Caller system = caller;
    system.user_id = 0;
    system.username = i18n::kSystemActor;
    system.role.reset();
    OnlinePaymentResult result = transactions_.MarkPaidOnline(request->id(), payment, system);
    reply->set_result(result.marked ? "marked" : "already_paid");
    ToProto(result.transaction, reply->mutable_transaction());
  });
}

grpc::Status BillingService::DeleteTransaction(grpc::ServerContext* context,
                                               const v1::TransactionId* request,
                                               common::v1::Empty* /*reply*/) {
  return rpc::HandleRpc(metrics_, "DeleteTransaction", *context, [&] {
    rpc::Caller caller = rpc::ReadUser(*context);
    transactions_.Delete(request->id(), caller);
  });
}

grpc::Status BillingService::Stats(grpc::ServerContext* context,
                                   const common::v1::Empty* /*request*/, v1::StatsReply* reply) {
  return rpc::HandleRpc(metrics_, "Stats", *context, [&] {
    rpc::ReadUser(*context);
    // The statement reads the zone setting itself: one round trip instead of two.
    bills::Stats stats = reports_.LoadStats();
    ToProto(stats.all, reply->mutable_all());
    ToProto(stats.internet, reply->mutable_internet());
    ToProto(stats.gas, reply->mutable_gas());
    for (const auto& month : stats.monthly) ToProto(month, reply->add_monthly());
  });
}

grpc::Status BillingService::IncomeReport(grpc::ServerContext* context,
                                          const v1::IncomeReportRequest* request,
                                          v1::IncomeReportReply* reply) {
  return rpc::HandleRpc(metrics_, "IncomeReport", *context, [&] {
    rpc::ReadUser(*context);
    std::string zone = TimeZone();
    domain::Period now = domain::PeriodAt(clock_.Now(), zone);
    domain::Period to = request->to().empty() ? now : RequirePeriod(request->to(), "to");
    domain::Period from = request->from().empty() ? domain::Period{to.year - 1, to.month}.Next()
                                                  : RequirePeriod(request->from(), "from");
    int months = (to.year - from.year) * 12 + (to.month - from.month);
    if (months < 0 || months >= 120) {
      throw errors::InvalidArgument(i18n::kInvalidRange, {{"from", i18n::kInvalidRange}});
    }
    for (const auto& month : reports_.Income(from.ToString(), to.ToString(), zone)) {
      ToProto(month, reply->add_items());
    }
  });
}

grpc::Status BillingService::ArrearsReport(grpc::ServerContext* context,
                                           const v1::ArrearsReportRequest* request,
                                           v1::ArrearsReportReply* reply) {
  return rpc::HandleRpc(metrics_, "ArrearsReport", *context, [&] {
    // No RequireUser: messaging's reminder scheduler reads as an internal caller (no
    // identity), like GetSettings; the gateway always sends the user's identity.
    CheckTypeFilter(request->type());
    for (const auto& row : reports_.Arrears(request->type())) {
      auto* out = reply->add_items();
      out->set_customer_id(row.customer_id);
      out->set_customer_name(row.customer_name);
      out->set_customer_type(row.customer_type);
      out->set_customer_phone(row.customer_phone);
      out->set_bills_owed(row.bills_owed);
      out->set_total_owed(row.total_owed);
      out->set_oldest_due_date(row.oldest_due_date);
      for (const auto& period : row.periods) out->add_periods(period);
    }
  });
}

grpc::Status BillingService::RunBills(grpc::ServerContext* context,
                                      const v1::BillRunRequest* request, v1::BillRunReply* reply) {
  return rpc::HandleRpc(metrics_, "RunBills", *context, [&] {
    rpc::Caller caller = rpc::ReadAdmin(*context);
    domain::Period period = RequirePeriod(request->period(), "period");
    BillRunResult result = bill_run_.Run(period, caller);
    reply->set_period(result.period);
    reply->set_created(result.created);
    reply->set_skipped(result.skipped);
  });
}

grpc::Status BillingService::ImportArrears(grpc::ServerContext* context,
                                           const v1::ImportArrearsRequest* request,
                                           v1::ImportArrearsReply* reply) {
  return rpc::HandleRpc(metrics_, "ImportArrears", *context, [&] {
    rpc::Caller caller = rpc::ReadUser(*context);
    constexpr int kMaxCustomers = 100000;
    if (request->items_size() > kMaxCustomers) {
      throw errors::InvalidArgument(i18n::kImportTooManyRows);
    }
    std::vector<ImportedArrears> arrears;
    arrears.reserve(static_cast<size_t>(request->items_size()));
    for (const auto& item : request->items()) {
      ImportedArrears one{item.customer_id(), {}};
      for (const auto& period : item.periods()) {
        one.periods.push_back(RequirePeriod(period, "periods"));
      }
      arrears.push_back(std::move(one));
    }
    reply->set_created(bill_run_.ImportArrears(arrears, caller));
  });
}

grpc::Status BillingService::GetSettings(grpc::ServerContext* context,
                                         const v1::GetSettingsRequest* request,
                                         v1::Settings* reply) {
  return rpc::HandleRpc(metrics_, "GetSettings", *context, [&] {
    rpc::Caller caller = rpc::ReadCaller(*context);
    // Only the service that uses a secret may read it, by its signed identity: messaging the
    // WhatsApp token, payment the providers' keys; people and every other service get them
    // masked.
    std::string reveal;
    if (request->reveal_secrets() && caller.service == "messaging") reveal = "whatsapp";
    if (request->reveal_secrets() && caller.service == "payment") reveal = "payment";
    *reply = ToSettings(MaskSecrets(settings_.Document(), reveal));
  });
}

grpc::Status BillingService::GetSettingsSchema(grpc::ServerContext* context,
                                               const common::v1::Empty* /*request*/,
                                               v1::SettingsSchema* reply) {
  return rpc::HandleRpc(metrics_, "GetSettingsSchema", *context, [&] {
    rpc::ReadCaller(*context);
    *reply = DescribeSettings();
  });
}

grpc::Status BillingService::UpdateSettings(grpc::ServerContext* context,
                                            const v1::SettingsDocument* request,
                                            v1::Settings* reply) {
  return rpc::HandleRpc(metrics_, "UpdateSettings", *context, [&] {
    rpc::Caller caller = rpc::ReadAdmin(*context);
    nlohmann::json patch = nlohmann::json::parse(request->json(), nullptr, false);
    if (patch.is_discarded() || !patch.is_object()) {
      throw errors::InvalidArgument(i18n::kJsonObjectExpected);
    }
    *reply = ToSettings(MaskSecrets(settings_.Update(patch, caller)));
  });
}

grpc::Status BillingService::ListOverdue(grpc::ServerContext* context,
                                         const v1::ListOverdueRequest* request,
                                         v1::ListOverdueReply* reply) {
  return rpc::HandleRpc(metrics_, "ListOverdue", *context, [&] {
    // No RequireUser: the network service's isolir check reads as itself (a service identity
    // without a user, verified by HandleRpc); the gateway always sends the user's identity.
    errors::FieldErrors fields;
    if (request->grace_days() < 0 || request->grace_days() > kMaxGraceDays) {
      fields.emplace("grace_days", i18n::kOutOfRange);
    }
    if (request->customer_id() < 0) fields.emplace("customer_id", i18n::kInvalidId);
    if (!fields.empty()) throw errors::InvalidArgument(i18n::kValidationFailed, fields);
    std::string zone = TimeZone();
    auto now = clock_.Now();
    for (const auto& row : reports_.Overdue(OverdueCutoff(now, zone, request->grace_days()),
                                            request->customer_id())) {
      auto* out = reply->add_items();
      out->set_customer_id(row.customer_id);
      out->set_bills(row.bills);
      out->set_total(row.total);
      out->set_oldest_due_date(row.oldest_due_date);
    }
    reply->set_today(domain::DateAt(now, zone));
  });
}

}  // namespace billing::bills
