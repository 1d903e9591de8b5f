// /api/portal: the customers' Cek Tagihan (docs/portal-api.md). Public routes: the portal
// session (its own bearer token, issued and checked by the payment service) stands in for a
// staff login, and reaches only its own customer's data. The browser's address goes with every
// call, for the per-address limits.
#include <utility>

#include "http/json_fields.h"
#include "i18n/portal_messages.h"
#include "middleware/authenticator.h"
#include "routes/payment_views.h"
#include "routes/routes.h"

namespace billing::gateway {
namespace {

// The portal session of the request (Authorization: Bearer); 401 without one. A staff token
// here is just an unknown portal session.
std::string PortalSession(const RequestContext& ctx) {
  static const std::string kPrefix = "Bearer ";
  std::string header = HeaderValue(ctx.request, "Authorization");
  if (header.size() <= kPrefix.size() || header.compare(0, kPrefix.size(), kPrefix) != 0) {
    throw errors::Unauthenticated(i18n::kPortalSessionInvalid);
  }
  return header.substr(kPrefix.size());
}

payment::v1::PortalRequest SessionRequest(const RequestContext& ctx) {
  payment::v1::PortalRequest request;
  request.set_session(PortalSession(ctx));
  request.set_client_address(ctx.caller.client_ip);
  return request;
}

// A customer's own page, session or pay link: no browser or proxy keeps a copy.
Response NoStore(Response response) {
  response.headers["Cache-Control"] = "no-store";
  return response;
}

}  // namespace

void AddPortalRoutes(Router& router, Backends& backends) {
  router.Add("POST", "/api/portal/login/code", Access::kPublic, [&backends](RequestContext& ctx) {
    JsonFields fields(ctx.JsonBody());
    payment::v1::CodeRequest request;
    request.set_customer_number(fields.String("customer_number").value_or(""));
    request.set_phone(fields.String("phone").value_or(""));
    fields.Done();
    request.set_client_address(ctx.caller.client_ip);
    payment::v1::CodeReply reply;
    Check(backends.Portal().RequestCode(ctx.Grpc().get(), request, &reply));
    return NoStore(Response::Json(
        {{"resend_after", reply.resend_after()}, {"expires_in", reply.expires_in()}}, 202));
  });

  router.Add("POST", "/api/portal/login/verify", Access::kPublic, [&backends](RequestContext& ctx) {
    JsonFields fields(ctx.JsonBody());
    payment::v1::VerifyCodeRequest request;
    request.set_customer_number(fields.String("customer_number").value_or(""));
    request.set_phone(fields.String("phone").value_or(""));
    request.set_code(fields.String("code").value_or(""));
    fields.Done();
    request.set_client_address(ctx.caller.client_ip);
    payment::v1::PortalSession reply;
    Check(backends.Portal().VerifyCode(ctx.Grpc().get(), request, &reply));
    return NoStore(Response::Json(PortalSessionJson(reply)));
  });

  router.Add("POST", "/api/portal/login/link", Access::kPublic, [&backends](RequestContext& ctx) {
    JsonFields fields(ctx.JsonBody());
    payment::v1::OpenLinkRequest request;
    request.set_token(fields.String("token").value_or(""));
    fields.Done();
    request.set_client_address(ctx.caller.client_ip);
    payment::v1::PortalSession reply;
    Check(backends.Portal().OpenLink(ctx.Grpc().get(), request, &reply));
    return NoStore(Response::Json(PortalSessionJson(reply)));
  });

  router.Add("POST", "/api/portal/logout", Access::kPublic, [&backends](RequestContext& ctx) {
    ctx.NoFields();
    payment::v1::PortalRequest request = SessionRequest(ctx);
    common::v1::Empty reply;
    Check(backends.Portal().Logout(ctx.Grpc().get(), request, &reply));
    return NoStore(Response::NoContent());
  });

  router.Add("GET", "/api/portal/me", Access::kPublic, [&backends](RequestContext& ctx) {
    payment::v1::PortalRequest request = SessionRequest(ctx);
    payment::v1::PortalPage reply;
    Check(backends.Portal().Me(ctx.Grpc().get(), request, &reply));
    return NoStore(Response::Json(PortalPageJson(reply)));
  });

  router.Add("GET", "/api/portal/bills/:id", Access::kPublic, [&backends](RequestContext& ctx) {
    payment::v1::PortalRequest request = SessionRequest(ctx);
    request.set_bill_id(ctx.IdParam("id"));
    payment::v1::PortalBillReply reply;
    Check(backends.Portal().Bill(ctx.Grpc().get(), request, &reply));
    return NoStore(Response::Json(PortalBillJson(reply)));
  });

  router.Add(
      "POST", "/api/portal/bills/pay-all", Access::kPublic, [&backends](RequestContext& ctx) {
        ctx.NoFields();
        payment::v1::PortalRequest request = SessionRequest(ctx);
        payment::v1::PaymentLink reply;
        Check(backends.Portal().PayAll(ctx.Grpc(std::chrono::seconds(30)).get(), request, &reply));
        return NoStore(Response::Json(PaymentLinkJson(reply)));
      });

  router.Add(
      "POST", "/api/portal/bills/:id/pay", Access::kPublic, [&backends](RequestContext& ctx) {
        ctx.NoFields();
        payment::v1::PortalRequest request = SessionRequest(ctx);
        request.set_bill_id(ctx.IdParam("id"));
        payment::v1::PaymentLink reply;
        Check(backends.Portal().PayBill(ctx.Grpc(std::chrono::seconds(30)).get(), request, &reply));
        return NoStore(Response::Json(PaymentLinkJson(reply)));
      });

  router.Add("GET", "/api/portal/payments/:reference", Access::kPublic,
             [&backends](RequestContext& ctx) {
               payment::v1::PortalRequest request = SessionRequest(ctx);
               request.set_reference(ctx.params.at("reference"));
               payment::v1::PortalPaymentStatus reply;
               Check(backends.Portal().PaymentStatus(ctx.Grpc().get(), request, &reply));
               return NoStore(Response::Json(PortalPaymentStatusJson(reply)));
             });
}

}  // namespace billing::gateway
