// /api/network/* and /api/customers/:id/{network,isolate,reconnect}: routers, the isolir policy
// and each customer's state on the routers (docs/network.md).
#include "errors/error.h"
#include "http/json_fields.h"
#include "http/query_params.h"
#include "i18n/messages.h"
#include "routes/json_views.h"
#include "routes/routes.h"

namespace billing::gateway {
namespace {

namespace net = network::v1;

// A full sync or isolir check walks every customer: thousands take longer than a click's
// usual deadline.
constexpr std::chrono::minutes kLongRun{5};

nlohmann::json PolicyJson(const net::Policy& p) {
  return {{"auto_isolir", p.auto_isolir()},     {"grace_days", p.grace_days()},
          {"check_minutes", p.check_minutes()}, {"notify_whatsapp", p.notify_whatsapp()},
          {"isolir_pool", p.isolir_pool()},     {"isolir_address_list", p.isolir_address_list()}};
}

nlohmann::json RouterJson(const net::Router& r) {
  return {{"id", r.id()},
          {"name", r.name()},
          {"kind", r.kind()},
          {"host", r.host()},
          {"port", r.port()},
          {"tls", r.tls()},
          {"username", r.username()},
          {"password", r.password()},
          {"secret", r.secret()},
          {"isolir_mode", r.isolir_mode()},
          {"isolir_profile", r.isolir_profile()},
          {"enabled", r.enabled()},
          {"reachable", r.reachable()},
          {"last_contact_at", TimeOrNull(r.last_contact_at())},
          {"last_sync_at", TimeOrNull(r.last_sync_at())},
          {"last_error", r.last_error()},
          {"pending", r.pending()},
          {"failed", r.failed()}};
}

nlohmann::json CustomerNetworkJson(const net::CustomerNetwork& c) {
  nlohmann::json links = nlohmann::json::array();
  for (const auto& l : c.links()) {
    links.push_back({{"router_id", l.router_id()},
                     {"router_name", l.router_name()},
                     {"kind", l.kind()},
                     {"state", l.state()},
                     {"applied_status", l.applied_status()},
                     {"attempts", l.attempts()},
                     {"last_error", l.last_error()},
                     {"next_attempt_at", TimeOrNull(l.next_attempt_at())},
                     {"updated_at", TimeOrNull(l.updated_at())}});
  }
  return {{"customer_id", c.customer_id()},
          {"customer_name", c.customer_name()},
          {"username", c.username()},
          {"status", c.status()},
          {"isolated_by", c.isolated_by()},
          {"reason", c.reason()},
          {"changed_at", TimeOrNull(c.changed_at())},
          {"exempt_until", TimeOrNull(c.exempt_until())},
          {"links", links}};
}

net::PolicyInput ReadPolicyInput(JsonFields& fields) {
  net::PolicyInput input;
  if (auto value = fields.Bool("auto_isolir")) input.set_auto_isolir(*value);
  if (auto value = fields.Int32("grace_days")) input.set_grace_days(*value);
  if (auto value = fields.Int32("check_minutes")) input.set_check_minutes(*value);
  if (auto value = fields.Bool("notify_whatsapp")) input.set_notify_whatsapp(*value);
  if (auto value = fields.String("isolir_pool")) input.set_isolir_pool(*value);
  if (auto value = fields.String("isolir_address_list")) input.set_isolir_address_list(*value);
  fields.Done();
  return input;
}

net::RouterInput ReadRouterInput(JsonFields& fields) {
  net::RouterInput input;
  if (auto value = fields.String("name")) input.set_name(*value);
  if (auto value = fields.String("kind")) input.set_kind(*value);
  if (auto value = fields.String("host")) input.set_host(*value);
  if (auto value = fields.Int32("port")) input.set_port(*value);
  if (auto value = fields.Bool("tls")) input.set_tls(*value);
  if (auto value = fields.String("username")) input.set_username(*value);
  if (auto value = fields.String("password")) input.set_password(*value);
  if (auto value = fields.String("secret")) input.set_secret(*value);
  if (auto value = fields.String("isolir_mode")) input.set_isolir_mode(*value);
  if (auto value = fields.String("isolir_profile")) input.set_isolir_profile(*value);
  if (auto value = fields.Bool("enabled")) input.set_enabled(*value);
  fields.Done();
  return input;
}

net::ActionRequest ReadAction(RequestContext& ctx) {
  JsonFields fields(ctx.JsonBody());
  net::ActionRequest request;
  request.set_customer_id(ctx.IdParam("id"));
  request.set_reason(fields.RequiredString("reason"));
  fields.Done();
  return request;
}

}  // namespace

void AddNetworkRoutes(Router& router, Backends& backends) {
  router.Add("GET", "/api/network/status", Access::kUser, [&backends](RequestContext& ctx) {
    net::StatusReply reply;
    Check(backends.Network().Status(ctx.Grpc().get(), common::v1::Empty(), &reply));
    nlohmann::json routers = nlohmann::json::array();
    for (const auto& r : reply.routers()) {
      nlohmann::json item = RouterJson(r);
      item.erase("username");  // staff see the state, not the credentials' names
      item.erase("password");
      item.erase("secret");
      routers.push_back(std::move(item));
    }
    nlohmann::json body = PolicyJson(reply.policy());
    body["last_check_at"] = TimeOrNull(reply.last_check_at());
    body["last_check"] = {{"checked", reply.last_check().checked()},
                          {"isolated", reply.last_check().isolated()}};
    body["pending"] = reply.pending();
    body["failed"] = reply.failed();
    body["routers"] = routers;
    return Response::Json(body);
  });

  router.Add("GET", "/api/network/settings", Access::kAdmin, [&backends](RequestContext& ctx) {
    net::Settings reply;
    Check(backends.Network().GetSettings(ctx.Grpc().get(), common::v1::Empty(), &reply));
    nlohmann::json routers = nlohmann::json::array();
    for (const auto& r : reply.routers()) routers.push_back(RouterJson(r));
    return Response::Json({{"policy", PolicyJson(reply.policy())}, {"routers", routers}});
  });

  router.Add("PUT", "/api/network/policy", Access::kAdmin, [&backends](RequestContext& ctx) {
    JsonFields fields(ctx.JsonBody());
    net::PolicyInput input = ReadPolicyInput(fields);
    net::Policy reply;
    Check(backends.Network().UpdatePolicy(ctx.Grpc().get(), input, &reply));
    return Response::Json(PolicyJson(reply));
  });

  router.Add("POST", "/api/network/routers", Access::kAdmin, [&backends](RequestContext& ctx) {
    JsonFields fields(ctx.JsonBody());
    net::RouterInput input = ReadRouterInput(fields);
    net::Router reply;
    Check(backends.Network().CreateRouter(ctx.Grpc().get(), input, &reply));
    return Response::Json(RouterJson(reply), 201);
  });

  router.Add("PUT", "/api/network/routers/:id", Access::kAdmin, [&backends](RequestContext& ctx) {
    JsonFields fields(ctx.JsonBody());
    net::UpdateRouterRequest request;
    request.set_id(ctx.IdParam("id"));
    *request.mutable_input() = ReadRouterInput(fields);
    net::Router reply;
    Check(backends.Network().UpdateRouter(ctx.Grpc().get(), request, &reply));
    return Response::Json(RouterJson(reply));
  });

  router.Add("DELETE", "/api/network/routers/:id", Access::kAdmin,
             [&backends](RequestContext& ctx) {
               net::RouterId request;
               request.set_id(ctx.IdParam("id"));
               common::v1::Empty reply;
               Check(backends.Network().DeleteRouter(ctx.Grpc().get(), request, &reply));
               return Response::Json({{"ok", true}});
             });

  router.Add("POST", "/api/network/sync", Access::kAdmin, [&backends](RequestContext& ctx) {
    net::SyncReply reply;
    Check(backends.Network().Sync(ctx.Grpc(kLongRun).get(), common::v1::Empty(), &reply));
    return Response::Json({{"subscribers", reply.subscribers()}, {"pending", reply.pending()}});
  });

  router.Add("POST", "/api/network/isolir/run", Access::kAdmin, [&backends](RequestContext& ctx) {
    net::CheckResult reply;
    Check(backends.Network().RunCheck(ctx.Grpc(kLongRun).get(), common::v1::Empty(), &reply));
    return Response::Json({{"checked", reply.checked()}, {"isolated", reply.isolated()}});
  });

  router.Add("GET", "/api/network/customers", Access::kUser, [&backends](RequestContext& ctx) {
    // Only the customers with a change waiting or failed are listed (state=problem, the default).
    std::string state = ctx.Query("state");
    if (!state.empty() && state != "problem") {
      throw errors::InvalidArgument(i18n::kInvalidNetworkState,
                                    {{"state", i18n::kInvalidNetworkState}});
    }
    net::ListProblemsRequest request;
    QueryParams query(ctx);
    query.PageInto(request.mutable_paging());
    query.Done();
    net::ListProblemsReply reply;
    Check(backends.Network().ListProblems(ctx.Grpc().get(), request, &reply));
    nlohmann::json items = nlohmann::json::array();
    for (const auto& item : reply.items()) items.push_back(CustomerNetworkJson(item));
    return Response::Json({{"items", items}, {"total", reply.total()}});
  });

  router.Add("GET", "/api/customers/:id/network", Access::kUser, [&backends](RequestContext& ctx) {
    net::CustomerRequest request;
    request.set_customer_id(ctx.IdParam("id"));
    net::CustomerNetwork reply;
    Check(backends.Network().GetCustomer(ctx.Grpc().get(), request, &reply));
    return Response::Json(CustomerNetworkJson(reply));
  });

  router.Add("POST", "/api/customers/:id/isolate", Access::kUser, [&backends](RequestContext& ctx) {
    net::ActionRequest request = ReadAction(ctx);
    net::CustomerNetwork reply;
    Check(backends.Network().Isolate(ctx.Grpc().get(), request, &reply));
    return Response::Json(CustomerNetworkJson(reply));
  });

  router.Add("POST", "/api/customers/:id/reconnect", Access::kUser,
             [&backends](RequestContext& ctx) {
               net::ActionRequest request = ReadAction(ctx);
               net::CustomerNetwork reply;
               Check(backends.Network().Reconnect(ctx.Grpc().get(), request, &reply));
               return Response::Json(CustomerNetworkJson(reply));
             });
}

}  // namespace billing::gateway
