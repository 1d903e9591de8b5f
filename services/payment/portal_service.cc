// Portal RPCs. Every handler runs inside rpc::HandleRpc, so no exception escapes. The public
// portal calls come only from the gateway (no staff user: the portal session is in the
// request); PortalLink from messaging or a signed-in staff member.
#include "portal_service.h"

#include "domain/clock.h"
#include "payment_link_proto.h"
#include "rpc/caller.h"
#include "rpc/server.h"

namespace billing::payment {
namespace {

// The public portal calls come through the gateway only; who the customer is comes from the
// portal session in the request, never from a staff identity.
void RequireGateway(const grpc::ServerContext& context) {
  rpc::RequireService(rpc::ReadCaller(context), "gateway");
}

void ToProto(const IssuedSession& session, v1::PortalSession* out) {
  out->set_token(session.token);
  out->set_expires_at(domain::FormatRfc3339(session.expires_at));
}

}  // namespace

PortalServiceImpl::PortalServiceImpl(PortalAccess& access, PortalPages& pages,
                                     metrics::Metrics& metrics)
    : access_(access), pages_(pages), metrics_(metrics) {}

grpc::Status PortalServiceImpl::PortalLink(grpc::ServerContext* context,
                                           const v1::PortalLinkRequest* request,
                                           v1::PortalLinkReply* reply) {
  return rpc::HandleRpc(metrics_, "PortalLink", *context, [&] {
    rpc::Caller caller = rpc::ReadCaller(*context);
    const bool messaging = caller.service == "messaging" && caller.user_id == 0;
    if (!messaging) rpc::RequireUser(caller);
    reply->set_url(access_.LinkUrl(request->customer_id(), request->bill_id()));
  });
}

grpc::Status PortalServiceImpl::RevokePortalLink(grpc::ServerContext* context,
                                                 const v1::RevokePortalLinkRequest* request,
                                                 common::v1::Empty*) {
  return rpc::HandleRpc(metrics_, "RevokePortalLink", *context, [&] {
    access_.RevokeLink(request->customer_id(), rpc::ReadUser(*context));
  });
}

grpc::Status PortalServiceImpl::RequestCode(grpc::ServerContext* context,
                                            const v1::CodeRequest* request, v1::CodeReply* reply) {
  return rpc::HandleRpc(metrics_, "RequestCode", *context, [&] {
    RequireGateway(*context);
    auto answer = access_.RequestCode(request->customer_number(), request->phone(),
                                      request->client_address());
    reply->set_resend_after(answer.resend_after);
    reply->set_expires_in(answer.expires_in);
  });
}

grpc::Status PortalServiceImpl::VerifyCode(grpc::ServerContext* context,
                                           const v1::VerifyCodeRequest* request,
                                           v1::PortalSession* reply) {
  return rpc::HandleRpc(metrics_, "VerifyCode", *context, [&] {
    RequireGateway(*context);
    ToProto(access_.VerifyCode(request->customer_number(), request->phone(), request->code(),
                               request->client_address()),
            reply);
  });
}

grpc::Status PortalServiceImpl::OpenLink(grpc::ServerContext* context,
                                         const v1::OpenLinkRequest* request,
                                         v1::PortalSession* reply) {
  return rpc::HandleRpc(metrics_, "OpenLink", *context, [&] {
    RequireGateway(*context);
    ToProto(access_.OpenLink(request->token(), request->client_address()), reply);
  });
}

grpc::Status PortalServiceImpl::Logout(grpc::ServerContext* context,
                                       const v1::PortalRequest* request, common::v1::Empty*) {
  return rpc::HandleRpc(metrics_, "Logout", *context, [&] {
    RequireGateway(*context);
    access_.Logout(request->session());
  });
}

grpc::Status PortalServiceImpl::Me(grpc::ServerContext* context, const v1::PortalRequest* request,
                                   v1::PortalPage* reply) {
  return rpc::HandleRpc(metrics_, "Me", *context, [&] {
    RequireGateway(*context);
    *reply = pages_.Me(request->session());
  });
}

grpc::Status PortalServiceImpl::Bill(grpc::ServerContext* context, const v1::PortalRequest* request,
                                     v1::PortalBillReply* reply) {
  return rpc::HandleRpc(metrics_, "Bill", *context, [&] {
    RequireGateway(*context);
    *reply = pages_.Bill(request->session(), request->bill_id());
  });
}

grpc::Status PortalServiceImpl::PayBill(grpc::ServerContext* context,
                                        const v1::PortalRequest* request, v1::PaymentLink* reply) {
  return rpc::HandleRpc(metrics_, "PayBill", *context, [&] {
    RequireGateway(*context);
    ToProto(pages_.PayBill(request->session(), request->bill_id()), reply);
  });
}

grpc::Status PortalServiceImpl::PayAll(grpc::ServerContext* context,
                                       const v1::PortalRequest* request, v1::PaymentLink* reply) {
  return rpc::HandleRpc(metrics_, "PayAll", *context, [&] {
    RequireGateway(*context);
    ToProto(pages_.PayAll(request->session()), reply);
  });
}

grpc::Status PortalServiceImpl::PaymentStatus(grpc::ServerContext* context,
                                              const v1::PortalRequest* request,
                                              v1::PortalPaymentStatus* reply) {
  return rpc::HandleRpc(metrics_, "PaymentStatus", *context, [&] {
    RequireGateway(*context);
    *reply = pages_.PaymentStatus(request->session(), request->reference());
  });
}

}  // namespace billing::payment
