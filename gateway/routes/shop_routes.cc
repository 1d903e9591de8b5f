// The gas shop (shop.proto, served by the billing process): /api/products and their special
// prices, /api/stock (movements and the daily report, JSON or CSV) and /api/shop (the LPG 3 kg
// buyer log, JSON or CSV, and one NIK's usage). Billing checks the values and the roles too.
#include <map>
#include <optional>
#include <set>
#include <string>

#include "domain/nik.h"
#include "http/csv.h"
#include "http/json_fields.h"
#include "http/query_params.h"
#include "i18n/messages.h"
#include "i18n/shop_csv_messages.h"
#include "routes/json_views.h"
#include "routes/routes.h"

namespace billing::gateway {
namespace {

nlohmann::json ProductJson(const shop::v1::Product& p) {
  return {{"id", p.id()},
          {"name", p.name()},
          {"kind", p.kind()},
          {"price", p.price()},
          {"cylinder_price", p.cylinder_price()},
          {"purchase_price", p.purchase_price()},
          {"tracks_stock", p.tracks_stock()},
          {"low_stock", p.low_stock()},
          {"subsidised", p.subsidised()},
          {"active", p.active()},
          {"full", p.full()},
          {"empty", p.empty()},
          {"created_at", TimeOrNull(p.created_at())},
          {"updated_at", TimeOrNull(p.updated_at())}};
}

nlohmann::json MovementJson(const shop::v1::Movement& m) {
  return {{"id", m.id()},
          {"product_id", m.product_id()},
          {"product_name", m.product_name()},
          {"kind", m.kind()},
          {"full_delta", m.full_delta()},
          {"empty_delta", m.empty_delta()},
          {"unit_price", m.unit_price()},
          {"amount", m.amount()},
          {"transaction_id", IdOrNull(m.transaction_id())},
          {"note", m.note()},
          {"created_by", m.created_by()},
          {"created_at", TimeOrNull(m.created_at())}};
}

nlohmann::json StockDayJson(const shop::v1::StockDay& d) {
  return {{"date", d.date()},
          {"product_id", d.product_id()},
          {"product_name", d.product_name()},
          {"full",
           {{"opening", d.full_opening()},
            {"in", d.full_in()},
            {"out", d.full_out()},
            {"closing", d.full_closing()}}},
          {"empty",
           {{"opening", d.empty_opening()},
            {"in", d.empty_in()},
            {"out", d.empty_out()},
            {"closing", d.empty_closing()}}}};
}

// A product as the admin form sends it: a replacement of every field. Active and tracks_stock
// are true when left out (a new LPG product is sold and counted unless told otherwise).
shop::v1::ProductInput ReadProductInput(JsonFields& fields) {
  shop::v1::ProductInput input;
  if (auto value = fields.String("name")) input.set_name(*value);
  if (auto value = fields.String("kind")) input.set_kind(*value);
  if (auto value = fields.Int("price")) input.set_price(*value);
  if (auto value = fields.Int("cylinder_price")) input.set_cylinder_price(*value);
  if (auto value = fields.Int("purchase_price")) input.set_purchase_price(*value);
  input.set_tracks_stock(fields.Bool("tracks_stock").value_or(true));
  if (auto value = fields.Int32("low_stock")) input.set_low_stock(*value);
  if (auto value = fields.Bool("subsidised")) input.set_subsidised(*value);
  input.set_active(fields.Bool("active").value_or(true));
  fields.Done();
  return input;
}

// The special prices with each customer's name from the customer service.
nlohmann::json SpecialPricesJson(Backends& backends, RequestContext& ctx,
                                 const shop::v1::ListSpecialPricesReply& reply) {
  std::set<int64_t> ids;
  for (const auto& item : reply.items()) ids.insert(item.customer_id());
  std::map<int64_t, std::string> names;
  if (!ids.empty()) {
    customer::v1::CustomerIds request;
    request.mutable_ids()->Add(ids.begin(), ids.end());
    request.set_include_deleted(true);
    customer::v1::BillableBatch customers;
    Check(backends.Customers().GetCustomers(ctx.Grpc().get(), request, &customers));
    for (const auto& customer : customers.items()) names[customer.id()] = customer.name();
  }
  nlohmann::json items = nlohmann::json::array();
  for (const auto& item : reply.items()) {
    auto name = names.find(item.customer_id());
    items.push_back({{"product_id", item.product_id()},
                     {"product_name", item.product_name()},
                     {"customer_id", item.customer_id()},
                     {"customer_name", name != names.end() ? name->second : item.customer_name()},
                     {"price", item.price()}});
  }
  return {{"items", items}, {"total", reply.items_size()}};
}

// A 16-digit NIK as 4-4-4-4: a spreadsheet keeps it as text (as a number it would lose its last
// digit) and it reads easily when copied into the logbook by hand.
std::string GroupedNik(const std::string& nik) {
  if (nik.size() != 16) return nik;
  return nik.substr(0, 4) + " " + nik.substr(4, 4) + " " + nik.substr(8, 4) + " " +
         nik.substr(12, 4);
}

Response BuyerLogCsv(const shop::v1::BuyerLogReply& reply) {
  CsvWriter writer({i18n::kCsvBuyerDate, i18n::kCsvBuyerTime, i18n::kCsvBuyerNik,
                    i18n::kCsvBuyerName, i18n::kCsvBuyerProduct, i18n::kCsvBuyerQty,
                    i18n::kCsvBuyerInvoice});
  for (const auto& e : reply.entries()) {
    writer.Row({e.date(), e.time(), GroupedNik(e.nik()), e.customer_name(), e.product_name(),
                std::to_string(e.qty()), e.invoice_no()});
  }
  writer.Row({});
  writer.Row({i18n::kCsvBuyerTotals, i18n::kCsvBuyerLimit, std::to_string(reply.monthly_limit())});
  writer.Row({i18n::kCsvBuyerNik, i18n::kCsvBuyerName, i18n::kCsvBuyerQty, i18n::kCsvBuyerDays,
              i18n::kCsvBuyerOverLimit});
  for (const auto& t : reply.totals()) {
    writer.Row({GroupedNik(t.nik()), t.customer_name(), std::to_string(t.qty()),
                std::to_string(t.days()), t.over_limit() ? i18n::kCsvYes : i18n::kCsvNo});
  }
  return writer.ToResponse("buku-lpg-3kg-" + reply.month() + ".csv");
}

Response StockReportCsv(const shop::v1::StockReportReply& reply, const std::string& from,
                        const std::string& to) {
  CsvWriter writer({i18n::kCsvStockDate, i18n::kCsvStockProduct, i18n::kCsvFullOpening,
                    i18n::kCsvFullIn, i18n::kCsvFullOut, i18n::kCsvFullClosing,
                    i18n::kCsvEmptyOpening, i18n::kCsvEmptyIn, i18n::kCsvEmptyOut,
                    i18n::kCsvEmptyClosing});
  for (const auto& d : reply.items()) {
    writer.Row({d.date(), d.product_name(), std::to_string(d.full_opening()),
                std::to_string(d.full_in()), std::to_string(d.full_out()),
                std::to_string(d.full_closing()), std::to_string(d.empty_opening()),
                std::to_string(d.empty_in()), std::to_string(d.empty_out()),
                std::to_string(d.empty_closing())});
  }
  return writer.ToResponse("stok-gas-" + from + "-" + to + ".csv");
}

void AddProductRoutes(Router& router, Backends& backends) {
  router.Add("GET", "/api/products", Access::kUser, [&backends](RequestContext& ctx) {
    QueryParams query(ctx);
    shop::v1::ListProductsRequest request;
    // ?active=1 (or true): only the products offered for sale.
    std::string active = ctx.Query("active");
    if (active == "1") active = "true";
    if (active == "0") active = "false";
    QueryParams active_query([&active](const std::string&) { return active; });
    request.set_active_only(active_query.Bool("active", false));
    active_query.Done();
    request.set_customer_id(query.Int64("customer_id", 0));
    query.Done();
    shop::v1::ListProductsReply reply;
    Check(backends.Shop().ListProducts(ctx.Grpc().get(), request, &reply));
    nlohmann::json items = nlohmann::json::array();
    for (const auto& product : reply.items()) items.push_back(ProductJson(product));
    return Response::Json({{"items", items}, {"total", reply.items_size()}});
  });

  // Registered before /api/products/:id so "prices" is not taken for an id.
  router.Add("GET", "/api/products/prices", Access::kUser, [&backends](RequestContext& ctx) {
    QueryParams query(ctx);
    shop::v1::ListSpecialPricesRequest request;
    request.set_product_id(query.Int64("product_id", 0));
    request.set_customer_id(query.Int64("customer_id", 0));
    query.Done();
    shop::v1::ListSpecialPricesReply reply;
    Check(backends.Shop().ListSpecialPrices(ctx.Grpc().get(), request, &reply));
    return Response::Json(SpecialPricesJson(backends, ctx, reply));
  });

  router.Add("GET", "/api/products/:id", Access::kUser, [&backends](RequestContext& ctx) {
    shop::v1::ProductId request;
    request.set_id(ctx.IdParam("id"));
    shop::v1::Product reply;
    Check(backends.Shop().GetProduct(ctx.Grpc().get(), request, &reply));
    return Response::Json(ProductJson(reply));
  });

  router.Add("POST", "/api/products", Access::kAdmin, [&backends](RequestContext& ctx) {
    JsonFields fields(ctx.JsonBody());
    shop::v1::CreateProductRequest request;
    *request.mutable_product() = ReadProductInput(fields);
    shop::v1::Product reply;
    Check(backends.Shop().CreateProduct(ctx.Grpc().get(), request, &reply));
    return Response::Json(ProductJson(reply), 201);
  });

  router.Add("PUT", "/api/products/:id", Access::kAdmin, [&backends](RequestContext& ctx) {
    shop::v1::UpdateProductRequest request;
    request.set_id(ctx.IdParam("id"));
    JsonFields fields(ctx.JsonBody());
    *request.mutable_product() = ReadProductInput(fields);
    shop::v1::Product reply;
    Check(backends.Shop().UpdateProduct(ctx.Grpc().get(), request, &reply));
    return Response::Json(ProductJson(reply));
  });

  router.Add("DELETE", "/api/products/:id", Access::kAdmin, [&backends](RequestContext& ctx) {
    shop::v1::ProductId request;
    request.set_id(ctx.IdParam("id"));
    common::v1::Empty reply;
    Check(backends.Shop().DeleteProduct(ctx.Grpc().get(), request, &reply));
    return Response::Json({{"ok", true}});
  });

  router.Add(
      "PUT", "/api/products/:id/prices/:customer_id", Access::kAdmin,
      [&backends](RequestContext& ctx) {
        shop::v1::SetSpecialPriceRequest request;
        request.set_product_id(ctx.IdParam("id"));
        request.set_customer_id(ctx.IdParam("customer_id"));
        nlohmann::json body = ctx.JsonBody();
        JsonFields fields(body);
        std::optional<int64_t> price = fields.Int("price");
        fields.Done();  // a price of the wrong type
        if (!price) {
          throw errors::InvalidArgument(i18n::kValidationFailed, {{"price", i18n::kFieldRequired}});
        }
        request.set_price(*price);
        common::v1::Empty reply;
        Check(backends.Shop().SetSpecialPrice(ctx.Grpc().get(), request, &reply));
        return Response::Json({{"ok", true}});
      });

  router.Add("DELETE", "/api/products/:id/prices/:customer_id", Access::kAdmin,
             [&backends](RequestContext& ctx) {
               shop::v1::SetSpecialPriceRequest request;  // no price: removed
               request.set_product_id(ctx.IdParam("id"));
               request.set_customer_id(ctx.IdParam("customer_id"));
               common::v1::Empty reply;
               Check(backends.Shop().SetSpecialPrice(ctx.Grpc().get(), request, &reply));
               return Response::Json({{"ok", true}});
             });
}

void AddStockRoutes(Router& router, Backends& backends) {
  // delivery and return: staff and admins; correction: admins (billing refuses staff).
  router.Add("POST", "/api/stock/movements", Access::kUser, [&backends](RequestContext& ctx) {
    JsonFields fields(ctx.JsonBody());
    shop::v1::RecordMovementRequest request;
    request.set_product_id(fields.Int("product_id").value_or(0));
    request.set_kind(fields.RequiredString("kind"));
    if (auto value = fields.Int32("full_delta")) request.set_full_delta(*value);
    if (auto value = fields.Int32("empty_delta")) request.set_empty_delta(*value);
    if (auto value = fields.Int("unit_price")) request.set_unit_price(*value);
    if (auto value = fields.String("note")) request.set_note(*value);
    fields.Done();
    shop::v1::Movement reply;
    Check(backends.Shop().RecordMovement(ctx.Grpc().get(), request, &reply));
    return Response::Json(MovementJson(reply), 201);
  });

  router.Add("GET", "/api/stock/movements", Access::kUser, [&backends](RequestContext& ctx) {
    QueryParams query(ctx);
    shop::v1::ListMovementsRequest request;
    request.set_product_id(query.Int64("product_id", 0));
    request.set_from(ctx.Query("from"));
    request.set_to(ctx.Query("to"));
    request.set_kind(ctx.Query("kind"));
    query.PageInto(request.mutable_paging());
    query.Done();
    shop::v1::ListMovementsReply reply;
    Check(backends.Shop().ListMovements(ctx.Grpc().get(), request, &reply));
    nlohmann::json items = nlohmann::json::array();
    for (const auto& movement : reply.items()) items.push_back(MovementJson(movement));
    return Response::Json({{"items", items}, {"total", reply.total()}});
  });

  router.Add("GET", "/api/stock/report", Access::kUser, [&backends](RequestContext& ctx) {
    bool csv = WantsCsv(ctx);
    QueryParams query(ctx);
    shop::v1::StockReportRequest request;
    request.set_from(ctx.Query("from"));
    request.set_to(ctx.Query("to"));
    request.set_product_id(query.Int64("product_id", 0));
    query.Done();
    shop::v1::StockReportReply reply;
    Check(backends.Shop().StockReport(ctx.Grpc().get(), request, &reply));
    if (csv) return StockReportCsv(reply, request.from(), request.to());
    nlohmann::json items = nlohmann::json::array();
    for (const auto& day : reply.items()) items.push_back(StockDayJson(day));
    return Response::Json({{"from", request.from()}, {"to", request.to()}, {"items", items}});
  });
}

void AddBuyerLogRoutes(Router& router, Backends& backends) {
  router.Add("GET", "/api/shop/buyer-log", Access::kUser, [&backends](RequestContext& ctx) {
    bool csv = WantsCsv(ctx);
    shop::v1::BuyerLogRequest request;
    request.set_month(ctx.Query("month"));
    shop::v1::BuyerLogReply reply;
    Check(backends.Shop().BuyerLog(ctx.Grpc().get(), request, &reply));
    if (csv) return BuyerLogCsv(reply);
    nlohmann::json entries = nlohmann::json::array();
    for (const auto& e : reply.entries()) {
      entries.push_back({{"date", e.date()},
                         {"time", e.time()},
                         {"nik", e.nik()},
                         {"customer_id", IdOrNull(e.customer_id())},
                         {"customer_name", e.customer_name()},
                         {"product_name", e.product_name()},
                         {"qty", e.qty()},
                         {"invoice_no", e.invoice_no()},
                         {"transaction_id", e.transaction_id()}});
    }
    nlohmann::json totals = nlohmann::json::array();
    for (const auto& t : reply.totals()) {
      totals.push_back({{"nik", t.nik()},
                        {"customer_name", t.customer_name()},
                        {"qty", t.qty()},
                        {"days", t.days()},
                        {"over_limit", t.over_limit()}});
    }
    return Response::Json({{"month", reply.month()},
                           {"monthly_limit", reply.monthly_limit()},
                           {"entries", entries},
                           {"totals", totals}});
  });

  router.Add("GET", "/api/shop/nik/:nik", Access::kUser, [&backends](RequestContext& ctx) {
    std::optional<std::string> nik = domain::NormalizeNik(ctx.params.at("nik"));
    if (!nik) {
      throw errors::InvalidArgument(i18n::kValidationFailed, {{"nik", i18n::kNikInvalid}});
    }
    shop::v1::NikUsageRequest request;
    request.set_nik(*nik);
    shop::v1::NikUsageReply reply;
    Check(backends.Shop().NikUsage(ctx.Grpc().get(), request, &reply));
    return Response::Json({{"nik", reply.nik()},
                           {"today", reply.today()},
                           {"month", reply.month()},
                           {"monthly_limit", reply.monthly_limit()}});
  });
}

}  // namespace

void AddShopRoutes(Router& router, Backends& backends) {
  AddProductRoutes(router, backends);
  AddStockRoutes(router, backends);
  AddBuyerLogRoutes(router, backends);
}

}  // namespace billing::gateway
