// Gas shop RPCs. Every handler runs inside rpc::HandleRpc, so no exception escapes.
#include "shop_service.h"

#include "domain/nik.h"
#include "domain/period.h"
#include "i18n/messages.h"
#include "i18n/shop_messages.h"
#include "rpc/paging.h"
#include "rpc/server.h"
#include "transaction_rules.h"

namespace billing::bills {
namespace {

int64_t RequireId(int64_t id, const char* message) {
  if (id <= 0) throw errors::NotFound(message);
  return id;
}

shop::v1::ProductInput CheckedInput(const shop::v1::ProductInput& input) {
  errors::FieldErrors fields;
  shop::v1::ProductInput checked = CheckProductInput(input, fields);
  if (!fields.empty()) throw errors::InvalidArgument(i18n::kValidationFailed, fields);
  return checked;
}

}  // namespace

ShopService::ShopService(ShopRepository& shop, SettingsRepository& settings,
                         const domain::Clock& clock, metrics::Metrics& metrics)
    : shop_(shop), settings_(settings), clock_(clock), metrics_(metrics) {}

grpc::Status ShopService::ListProducts(grpc::ServerContext* context,
                                       const shop::v1::ListProductsRequest* request,
                                       shop::v1::ListProductsReply* reply) {
  return rpc::HandleRpc(metrics_, "ListProducts", *context, [&] {
    rpc::ReadUser(*context);
    if (request->customer_id() < 0) {
      throw errors::InvalidArgument(i18n::kValidationFailed, {{"customer_id", i18n::kInvalidId}});
    }
    for (auto& product : shop_.ListProducts(request->active_only(), request->customer_id())) {
      *reply->add_items() = std::move(product);
    }
  });
}

grpc::Status ShopService::GetProduct(grpc::ServerContext* context,
                                     const shop::v1::ProductId* request, shop::v1::Product* reply) {
  return rpc::HandleRpc(metrics_, "GetProduct", *context, [&] {
    rpc::ReadUser(*context);
    auto found = shop_.FindProduct(RequireId(request->id(), i18n::kProductNotFound));
    if (!found) throw errors::NotFound(i18n::kProductNotFound);
    *reply = *found;
  });
}

grpc::Status ShopService::CreateProduct(grpc::ServerContext* context,
                                        const shop::v1::CreateProductRequest* request,
                                        shop::v1::Product* reply) {
  return rpc::HandleRpc(metrics_, "CreateProduct", *context, [&] {
    rpc::Caller caller = rpc::ReadAdmin(*context);
    *reply = shop_.CreateProduct(CheckedInput(request->product()), caller);
  });
}

grpc::Status ShopService::UpdateProduct(grpc::ServerContext* context,
                                        const shop::v1::UpdateProductRequest* request,
                                        shop::v1::Product* reply) {
  return rpc::HandleRpc(metrics_, "UpdateProduct", *context, [&] {
    rpc::Caller caller = rpc::ReadAdmin(*context);
    int64_t id = RequireId(request->id(), i18n::kProductNotFound);
    *reply = shop_.UpdateProduct(id, CheckedInput(request->product()), caller);
  });
}

grpc::Status ShopService::DeleteProduct(grpc::ServerContext* context,
                                        const shop::v1::ProductId* request,
                                        common::v1::Empty* /*reply*/) {
  return rpc::HandleRpc(metrics_, "DeleteProduct", *context, [&] {
    rpc::Caller caller = rpc::ReadAdmin(*context);
    shop_.DeleteProduct(RequireId(request->id(), i18n::kProductNotFound), caller);
  });
}

grpc::Status ShopService::ListSpecialPrices(grpc::ServerContext* context,
                                            const shop::v1::ListSpecialPricesRequest* request,
                                            shop::v1::ListSpecialPricesReply* reply) {
  return rpc::HandleRpc(metrics_, "ListSpecialPrices", *context, [&] {
    rpc::ReadUser(*context);
    errors::FieldErrors fields;
    if (request->product_id() < 0) fields.emplace("product_id", i18n::kInvalidId);
    if (request->customer_id() < 0) fields.emplace("customer_id", i18n::kInvalidId);
    if (!fields.empty()) throw errors::InvalidArgument(i18n::kValidationFailed, fields);
    for (auto& price : shop_.ListSpecialPrices(request->product_id(), request->customer_id())) {
      *reply->add_items() = std::move(price);
    }
  });
}

grpc::Status ShopService::SetSpecialPrice(grpc::ServerContext* context,
                                          const shop::v1::SetSpecialPriceRequest* request,
                                          common::v1::Empty* /*reply*/) {
  return rpc::HandleRpc(metrics_, "SetSpecialPrice", *context, [&] {
    rpc::Caller caller = rpc::ReadAdmin(*context);
    errors::FieldErrors fields;
    if (request->product_id() <= 0) fields.emplace("product_id", i18n::kFieldRequired);
    if (request->customer_id() <= 0) fields.emplace("customer_id", i18n::kCustomerIdRequired);
    std::optional<int64_t> price;
    if (request->has_price()) {
      if (request->price() < 0) {
        fields.emplace("price", i18n::kProductPriceInvalid);
      } else if (auto problem = CheckAmount(request->price())) {
        fields.emplace("price", *problem);
      }
      price = request->price();
    }
    if (!fields.empty()) throw errors::InvalidArgument(i18n::kValidationFailed, fields);
    shop_.SetSpecialPrice(request->product_id(), request->customer_id(), price, caller);
  });
}

grpc::Status ShopService::RecordMovement(grpc::ServerContext* context,
                                         const shop::v1::RecordMovementRequest* request,
                                         shop::v1::Movement* reply) {
  return rpc::HandleRpc(metrics_, "RecordMovement", *context, [&] {
    rpc::Caller caller = rpc::ReadUser(*context);
    MovementInput movement = CheckMovement(*request, caller.is_admin());
    *reply = shop_.RecordMovement(movement, settings_.TimeZone(), caller);
  });
}

grpc::Status ShopService::ListMovements(grpc::ServerContext* context,
                                        const shop::v1::ListMovementsRequest* request,
                                        shop::v1::ListMovementsReply* reply) {
  return rpc::HandleRpc(metrics_, "ListMovements", *context, [&] {
    rpc::ReadUser(*context);
    errors::FieldErrors fields;
    rpc::Page page = rpc::ReadPage(request->paging(), fields);
    MovementFilter filter;
    filter.product_id = request->product_id();
    filter.from = request->from();
    filter.to = request->to();
    filter.kind = request->kind();
    filter.limit = page.limit;
    filter.offset = page.offset;
    if (filter.product_id < 0) fields.emplace("product_id", i18n::kInvalidId);
    if (!filter.from.empty() && !domain::IsValidDate(filter.from)) {
      fields.emplace("from", i18n::kInvalidDate);
    }
    if (!filter.to.empty() && !domain::IsValidDate(filter.to)) {
      fields.emplace("to", i18n::kInvalidDate);
    }
    if (!filter.kind.empty() && !IsMovementKind(filter.kind)) {
      fields.emplace("kind", i18n::kMovementKindFilterInvalid);
    }
    if (!fields.empty()) throw errors::InvalidArgument(i18n::kValidationFailed, fields);
    filter.zone = settings_.TimeZone();
    *reply = shop_.ListMovements(filter);
  });
}

grpc::Status ShopService::StockReport(grpc::ServerContext* context,
                                      const shop::v1::StockReportRequest* request,
                                      shop::v1::StockReportReply* reply) {
  return rpc::HandleRpc(metrics_, "StockReport", *context, [&] {
    rpc::ReadUser(*context);
    errors::FieldErrors fields;
    std::vector<std::string> days = ReportDays(request->from(), request->to(), fields);
    if (request->product_id() < 0) fields.emplace("product_id", i18n::kInvalidId);
    if (!fields.empty()) throw errors::InvalidArgument(i18n::kValidationFailed, fields);
    auto products = shop_.StockFlows(request->product_id(), days.front(), settings_.TimeZone());
    for (auto& row : BuildStockReport(products, days)) *reply->add_items() = std::move(row);
  });
}

grpc::Status ShopService::BuyerLog(grpc::ServerContext* context,
                                   const shop::v1::BuyerLogRequest* request,
                                   shop::v1::BuyerLogReply* reply) {
  return rpc::HandleRpc(metrics_, "BuyerLog", *context, [&] {
    rpc::ReadUser(*context);
    std::string zone = settings_.TimeZone();
    std::string month = request->month();
    if (month.empty()) {
      month = domain::PeriodAt(clock_.Now(), zone).ToString();
    } else if (!domain::Period::Parse(month)) {
      throw errors::InvalidArgument(i18n::kValidationFailed, {{"month", i18n::kMonthInvalid}});
    }
    int32_t limit = settings_.Load().shop().nik_monthly_limit();
    auto entries = shop_.BuyerLog(month, zone);
    reply->set_month(month);
    reply->set_monthly_limit(limit);
    for (auto& total : BuyerTotals(entries, limit)) *reply->add_totals() = std::move(total);
    for (auto& entry : entries) *reply->add_entries() = std::move(entry);
  });
}

grpc::Status ShopService::NikUsage(grpc::ServerContext* context,
                                   const shop::v1::NikUsageRequest* request,
                                   shop::v1::NikUsageReply* reply) {
  return rpc::HandleRpc(metrics_, "NikUsage", *context, [&] {
    rpc::ReadUser(*context);
    auto nik = domain::NormalizeNik(request->nik());
    if (!nik) throw errors::InvalidArgument(i18n::kValidationFailed, {{"nik", i18n::kNikInvalid}});
    std::string zone = settings_.TimeZone();
    auto [today, month] = shop_.NikUsage(*nik, domain::DateAt(clock_.Now(), zone), zone);
    reply->set_nik(*nik);
    reply->set_today(today);
    reply->set_month(month);
    reply->set_monthly_limit(settings_.Load().shop().nik_monthly_limit());
  });
}

}  // namespace billing::bills
