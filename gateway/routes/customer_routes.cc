// /api/customers: list/search, read, create, edit and (soft) delete customers; staff and admin.
#include "errors/error.h"
#include "http/json_fields.h"
#include "http/query_params.h"
#include "i18n/messages.h"
#include "middleware/idempotency.h"
#include "routes/json_views.h"
#include "routes/routes.h"

namespace billing::gateway {
namespace {

// Every field a client may send; absent or null fields stay unset (an update leaves them).
customer::v1::CustomerInput ReadCustomerInput(JsonFields& fields) {
  customer::v1::CustomerInput input;
  if (auto value = fields.String("type")) input.set_type(CustomerTypeFromText(*value));
  if (auto value = fields.String("name")) input.set_name(*value);
  if (auto value = fields.String("phone")) input.set_phone(*value);
  if (auto value = fields.String("address")) input.set_address(*value);
  if (auto value = fields.String("notes")) input.set_notes(*value);
  if (auto value = fields.String("status")) input.set_status(CustomerStatusFromText(*value));
  if (auto value = fields.String("pppoe_username")) input.set_pppoe_username(*value);
  if (auto value = fields.String("pppoe_password")) input.set_pppoe_password(*value);
  if (auto value = fields.Int("package_id")) input.set_package_id(*value);
  if (auto value = fields.Int("monthly_fee")) input.set_monthly_fee(*value);
  if (auto value = fields.Int32("due_day")) input.set_due_day(*value);
  if (auto value = fields.String("installed_at")) input.set_installed_at(*value);
  if (auto value = fields.Int("gas_price")) input.set_gas_price(*value);
  if (auto value = fields.String("discount_type")) input.set_discount_type(*value);
  if (auto value = fields.Int("discount_value")) input.set_discount_value(*value);
  if (auto value = fields.Int("installation_fee")) input.set_installation_fee(*value);
  if (auto value = fields.String("nik")) input.set_nik(*value);
  fields.Done();
  return input;
}

}  // namespace

void ReadCustomerFilter(RequestContext& ctx, QueryParams& query,
                        customer::v1::ListCustomersRequest& filter) {
  filter.set_q(ctx.Query("q"));
  // An empty filter is no filter; an unknown word is refused by the customer service.
  if (std::string type = ctx.Query("type"); !type.empty()) {
    filter.set_type(CustomerTypeFromText(type));
  }
  if (std::string status = ctx.Query("status"); !status.empty()) {
    filter.set_status(CustomerStatusFromText(status));
  }
  filter.set_package_id(query.Int64("package", 0));
  if (std::string phone = ctx.Query("phone"); !phone.empty()) {
    if (phone != "missing") {
      throw errors::InvalidArgument(i18n::kValidationFailed, {{"phone", i18n::kPhoneFilter}});
    }
    filter.set_missing_phone(true);
  }
}

void AddCustomerRoutes(Router& router, Backends& backends, IdempotencyStore& idempotency) {
  router.Add("GET", "/api/customers", Access::kUser, [&backends](RequestContext& ctx) {
    QueryParams query(ctx);
    customer::v1::ListCustomersRequest request;
    ReadCustomerFilter(ctx, query, request);
    query.PageInto(request.mutable_paging());
    query.Done();
    // A page of customers is hundreds of small objects: parsed into one arena, freed at once.
    google::protobuf::Arena arena(ListArenaOptions());
    auto* reply = google::protobuf::Arena::CreateMessage<customer::v1::ListCustomersReply>(&arena);
    Check(backends.Customers().ListCustomers(ctx.Grpc().get(), request, reply));
    return Response::JsonText(CustomerListJson(*reply));
  });

  router.Add("GET", "/api/customers/:id", Access::kUser, [&backends](RequestContext& ctx) {
    customer::v1::CustomerId request;
    request.set_id(ctx.IdParam("id"));
    customer::v1::Customer reply;
    Check(backends.Customers().GetCustomer(ctx.Grpc().get(), request, &reply));
    return Response::JsonText(CustomerJson(reply));
  });

  // The one place staff see a PPPoE password: on demand, audited by the customer service.
  router.Add("GET", "/api/customers/:id/pppoe-password", Access::kUser,
             [&backends](RequestContext& ctx) {
               customer::v1::CustomerId request;
               request.set_id(ctx.IdParam("id"));
               customer::v1::PppoePassword reply;
               Check(backends.Customers().RevealPppoePassword(ctx.Grpc().get(), request, &reply));
               Response response = Response::Json({{"customer_id", reply.customer_id()},
                                                   {"pppoe_username", reply.pppoe_username()},
                                                   {"pppoe_password", reply.pppoe_password()}});
               response.headers["Cache-Control"] = "no-store";
               return response;
             });

  router.Add("POST", "/api/customers", Access::kUser,
             Idempotent(idempotency, [&backends](RequestContext& ctx) {
               JsonFields fields(ctx.JsonBody());
               customer::v1::CustomerInput request = ReadCustomerInput(fields);
               customer::v1::Customer reply;
               Check(backends.Customers().CreateCustomer(ctx.Grpc().get(), request, &reply));
               return Response::JsonText(CustomerJson(reply), 201);
             }));

  router.Add("PUT", "/api/customers/:id", Access::kUser, [&backends](RequestContext& ctx) {
    int64_t id = ctx.IdParam("id");
    JsonFields fields(ctx.JsonBody());
    customer::v1::UpdateCustomerRequest request;
    request.set_id(id);
    *request.mutable_input() = ReadCustomerInput(fields);
    customer::v1::Customer reply;
    Check(backends.Customers().UpdateCustomer(ctx.Grpc().get(), request, &reply));
    return Response::JsonText(CustomerJson(reply));
  });

  router.Add("DELETE", "/api/customers/:id", Access::kUser, [&backends](RequestContext& ctx) {
    customer::v1::CustomerId request;
    request.set_id(ctx.IdParam("id"));
    common::v1::Empty reply;
    Check(backends.Customers().DeleteCustomer(ctx.Grpc().get(), request, &reply));
    return Response::Json({{"ok", true}});
  });
}

}  // namespace billing::gateway
