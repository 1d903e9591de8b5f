// /api/transactions: bills and gas sales, mark-lunas, delete, dashboard stats.
#include "http/json_fields.h"
#include "http/query_params.h"
#include "i18n/messages.h"
#include "middleware/idempotency.h"
#include "routes/json_views.h"
#include "routes/routes.h"

namespace billing::gateway {
namespace {

// Reads `items` ([{name, qty, unit_price, product_id, new_cylinder}]) into the request, naming
// each wrong field. A gas shop product's line may leave name and unit_price out (billing fills
// in the product's, the customer's special price first); a free-text line needs its name.
void ReadItems(const nlohmann::json& body, bills::v1::CreateTransactionRequest& request,
               errors::FieldErrors& fields) {
  auto it = body.find("items");
  if (it == body.end() || it->is_null()) return;
  if (!it->is_array() || it->size() > 50) {
    fields.emplace("items", it->is_array() ? i18n::kTooManyItems : i18n::kWrongType);
    return;
  }
  for (size_t i = 0; i < it->size(); ++i) {
    const auto& raw = (*it)[i];
    std::string prefix = "items." + std::to_string(i);
    if (!raw.is_object()) {
      fields.emplace(prefix, i18n::kWrongType);
      continue;
    }
    JsonFields item(raw);
    auto* added = request.add_items();
    added->set_product_id(item.Int("product_id").value_or(0));
    added->set_new_cylinder(item.Bool("new_cylinder").value_or(false));
    if (added->product_id() > 0) {
      added->set_name(item.String("name").value_or(""));
    } else {
      added->set_name(item.RequiredString("name"));
    }
    added->set_qty(item.Int("qty").value_or(0));
    added->set_unit_price(item.Int("unit_price").value_or(0));
    try {
      item.Done();
    } catch (const errors::Error& error) {
      for (const auto& [field, message] : error.fields())
        fields.emplace(prefix + "." + field, message);
    }
  }
}

// Reads `discount` ({type, value}) into the request: this bill's discount instead of the
// customer's. Billing checks the values.
void ReadDiscount(const nlohmann::json& body, bills::v1::CreateTransactionRequest& request,
                  errors::FieldErrors& fields) {
  auto it = body.find("discount");
  if (it == body.end() || it->is_null()) return;
  if (!it->is_object()) {
    fields.emplace("discount", i18n::kWrongType);
    return;
  }
  JsonFields discount(*it);
  auto* out = request.mutable_discount();
  out->set_type(discount.RequiredString("type"));
  out->set_value(discount.Int("value").value_or(0));
  try {
    discount.Done();
  } catch (const errors::Error& error) {
    for (const auto& [field, message] : error.fields())
      fields.emplace("discount." + field, message);
  }
}

}  // namespace

void AddTransactionRoutes(Router& router, Backends& backends, IdempotencyStore& idempotency) {
  // Registered before /api/transactions/:id so "stats" is not taken for an id.
  router.Add("GET", "/api/transactions/stats", Access::kUser, [&backends](RequestContext& ctx) {
    bills::v1::StatsReply reply;
    Check(backends.Billing().Stats(ctx.Grpc().get(), common::v1::Empty(), &reply));
    return Response::JsonText(StatsJson(reply));
  });

  router.Add("GET", "/api/transactions", Access::kUser, [&backends](RequestContext& ctx) {
    bills::v1::ListTransactionsRequest request;
    request.set_status(ctx.Query("status"));
    request.set_type(ctx.Query("type"));
    request.set_period(ctx.Query("period"));
    request.set_q(ctx.Query("q"));
    QueryParams query(ctx);
    request.set_customer_id(query.Int64("customer_id", 0));
    query.PageInto(request.mutable_paging());
    query.Done();
    google::protobuf::Arena arena(ListArenaOptions());
    auto* reply = google::protobuf::Arena::CreateMessage<bills::v1::ListTransactionsReply>(&arena);
    Check(backends.Billing().ListTransactions(ctx.Grpc().get(), request, reply));
    return Response::JsonText(TransactionListJson(*reply));
  });

  router.Add("POST", "/api/transactions", Access::kUser,
             Idempotent(idempotency, [&backends](RequestContext& ctx) {
               nlohmann::json body = ctx.JsonBody();
               JsonFields fields(body);
               bills::v1::CreateTransactionRequest request;
               request.set_customer_id(fields.Int("customer_id").value_or(0));
               if (auto value = fields.String("period")) request.set_period(*value);
               if (auto value = fields.String("description")) request.set_description(*value);
               if (auto value = fields.Int("amount")) request.set_amount(*value);
               if (auto value = fields.String("due_date")) request.set_due_date(*value);
               if (auto value = fields.String("nik")) request.set_nik(*value);
               errors::FieldErrors item_errors;
               ReadItems(body, request, item_errors);
               ReadDiscount(body, request, item_errors);
               try {
                 fields.Done();
               } catch (const errors::Error& error) {
                 item_errors.insert(error.fields().begin(), error.fields().end());
               }
               if (!item_errors.empty())
                 throw errors::InvalidArgument(i18n::kValidationFailed, item_errors);
               bills::v1::Transaction reply;
               Check(backends.Billing().CreateTransaction(ctx.Grpc().get(), request, &reply));
               return Response::JsonText(TransactionJson(reply), 201);
             }));

  router.Add("GET", "/api/transactions/:id", Access::kUser, [&backends](RequestContext& ctx) {
    bills::v1::TransactionId request;
    request.set_id(ctx.IdParam("id"));
    bills::v1::Transaction reply;
    Check(backends.Billing().GetTransaction(ctx.Grpc().get(), request, &reply));
    return Response::JsonText(TransactionJson(reply));
  });

  router.Add("POST", "/api/transactions/:id/mark-lunas", Access::kUser,
             [&backends](RequestContext& ctx) {
               bills::v1::MarkPaidRequest request;
               request.set_id(ctx.IdParam("id"));
               JsonFields fields(ctx.JsonBody());
               request.set_method(fields.RequiredString("method"));
               if (auto value = fields.Int("amount")) request.set_amount(*value);
               if (auto value = fields.String("paid_at")) request.set_paid_at(*value);
               fields.Done();
               bills::v1::Transaction reply;
               Check(backends.Billing().MarkPaid(ctx.Grpc().get(), request, &reply));
               return Response::JsonText(TransactionJson(reply));
             });

  router.Add("DELETE", "/api/transactions/:id", Access::kUser, [&backends](RequestContext& ctx) {
    bills::v1::TransactionId request;
    request.set_id(ctx.IdParam("id"));
    common::v1::Empty reply;
    Check(backends.Billing().DeleteTransaction(ctx.Grpc().get(), request, &reply));
    return Response::Json({{"ok", true}});
  });
}

}  // namespace billing::gateway
