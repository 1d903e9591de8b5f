// Online payments: staff ask for a bill's payment link, see its attempts and settle the ones
// "perlu dicek"; the providers' signed callbacks (the only public write, checked by the payment
// service over the raw body); the customer's personal portal link.
#include <array>

#include "http/json_fields.h"
#include "http/query_params.h"
#include "i18n/messages.h"
#include "middleware/authenticator.h"
#include "routes/payment_views.h"
#include "routes/routes.h"

namespace billing::gateway {
namespace {

// The headers a provider signs its callback with (Tripay: event and signature; Xendit: the
// verification token), passed on lower-cased; nothing else of the request goes to the service.
constexpr std::array<const char*, 3> kCallbackHeaders = {"x-callback-event", "x-callback-signature",
                                                         "x-callback-token"};

bool KnownProvider(const std::string& name) {
  return name == "tripay" || name == "midtrans" || name == "xendit";
}

}  // namespace

void AddPaymentRoutes(Router& router, Backends& backends) {
  router.Add("POST", "/api/transactions/:id/payment-link", Access::kUser,
             [&backends](RequestContext& ctx) {
               payment::v1::LinkForBillRequest request;
               request.set_bill_id(ctx.IdParam("id"));
               ctx.NoFields();
               payment::v1::PaymentLink reply;
               // The provider is asked within this call: give it the provider's own timeout.
               Check(backends.Payments().LinkForBill(ctx.Grpc(std::chrono::seconds(30)).get(),
                                                     request, &reply));
               return Response::Json(PaymentLinkJson(reply));
             });

  router.Add("GET", "/api/transactions/:id/payments", Access::kUser,
             [&backends](RequestContext& ctx) {
               payment::v1::ListAttemptsRequest request;
               request.set_bill_id(ctx.IdParam("id"));
               QueryParams query(ctx);
               query.PageInto(request.mutable_paging());
               query.Done();
               payment::v1::ListAttemptsReply reply;
               Check(backends.Payments().ListAttempts(ctx.Grpc().get(), request, &reply));
               return Response::Json(AttemptListJson(reply));
             });

  router.Add("GET", "/api/payments", Access::kUser, [&backends](RequestContext& ctx) {
    payment::v1::ListAttemptsRequest request;
    QueryParams query(ctx);
    request.set_needs_check(query.Bool("needs_check", false));
    request.set_customer_id(query.Int64("customer_id", 0));
    query.PageInto(request.mutable_paging());
    query.Done();
    payment::v1::ListAttemptsReply reply;
    Check(backends.Payments().ListAttempts(ctx.Grpc().get(), request, &reply));
    return Response::Json(AttemptListJson(reply));
  });

  router.Add("POST", "/api/payments/:id/settle", Access::kUser, [&backends](RequestContext& ctx) {
    payment::v1::SettleCheckRequest request;
    request.set_attempt_id(ctx.IdParam("id"));
    JsonFields fields(ctx.JsonBody());
    request.set_note(fields.String("note").value_or(""));
    fields.Done();
    payment::v1::Attempt reply;
    Check(backends.Payments().SettleCheck(ctx.Grpc().get(), request, &reply));
    return Response::Json(AttemptJson(reply));
  });

  router.Add("GET", "/api/transactions/:id/portal-link", Access::kUser,
             [&backends](RequestContext& ctx) {
               bills::v1::TransactionId bill_id;
               bill_id.set_id(ctx.IdParam("id"));
               bills::v1::Transaction bill;
               Check(backends.Billing().GetTransaction(ctx.Grpc().get(), bill_id, &bill));
               payment::v1::PortalLinkRequest request;
               request.set_customer_id(bill.customer_id());
               request.set_bill_id(bill.id());
               payment::v1::PortalLinkReply reply;
               Check(backends.Portal().PortalLink(ctx.Grpc().get(), request, &reply));
               return Response::Json({{"url", reply.url()}});
             });

  router.Add("POST", "/api/customers/:id/portal-link/revoke", Access::kUser,
             [&backends](RequestContext& ctx) {
               payment::v1::RevokePortalLinkRequest request;
               request.set_customer_id(ctx.IdParam("id"));
               ctx.NoFields();
               common::v1::Empty reply;
               Check(backends.Portal().RevokePortalLink(ctx.Grpc().get(), request, &reply));
               return Response::NoContent();
             });

  // Public: the provider is who signs it. The payment service checks the signature over the
  // raw body before it reads anything (bad or missing: 401, nothing changes).
  router.Add("POST", "/pay/callback/:provider", Access::kPublic, [&backends](RequestContext& ctx) {
    const std::string& provider = ctx.params.at("provider");
    if (!KnownProvider(provider)) throw errors::NotFound(i18n::kPaymentUnknownProvider);
    payment::v1::CallbackRequest request;
    request.set_provider(provider);
    for (const char* name : kCallbackHeaders) {
      std::string value = HeaderValue(ctx.request, name);
      if (!value.empty()) (*request.mutable_headers())[name] = std::move(value);
    }
    request.set_body(ctx.request.body());
    request.set_client_address(ctx.caller.client_ip);
    payment::v1::CallbackReply reply;
    Check(backends.Payments().HandleCallback(ctx.Grpc().get(), request, &reply));
    // Tripay reads {"success": true}; Midtrans and Xendit only the 200.
    return Response::Json({{"success", true}});
  });
}

}  // namespace billing::gateway
