// The customer portal's gRPC service (PortalService of proto/payment.proto): checks who calls,
// reads the request, runs PortalAccess / PortalPages and maps the result.
#pragma once

#include "metrics/metrics.h"
#include "payment.grpc.pb.h"
#include "portal_access.h"
#include "portal_pages.h"

namespace billing::payment {

class PortalServiceImpl final : public v1::PortalService::Service {
 public:
  PortalServiceImpl(PortalAccess& access, PortalPages& pages, metrics::Metrics& metrics);

  grpc::Status PortalLink(grpc::ServerContext* context, const v1::PortalLinkRequest* request,
                          v1::PortalLinkReply* reply) override;
  grpc::Status RevokePortalLink(grpc::ServerContext* context,
                                const v1::RevokePortalLinkRequest* request,
                                common::v1::Empty* reply) override;
  grpc::Status RequestCode(grpc::ServerContext* context, const v1::CodeRequest* request,
                           v1::CodeReply* reply) override;
  grpc::Status VerifyCode(grpc::ServerContext* context, const v1::VerifyCodeRequest* request,
                          v1::PortalSession* reply) override;
  grpc::Status OpenLink(grpc::ServerContext* context, const v1::OpenLinkRequest* request,
                        v1::PortalSession* reply) override;
  grpc::Status Logout(grpc::ServerContext* context, const v1::PortalRequest* request,
                      common::v1::Empty* reply) override;
  grpc::Status Me(grpc::ServerContext* context, const v1::PortalRequest* request,
                  v1::PortalPage* reply) override;
  grpc::Status Bill(grpc::ServerContext* context, const v1::PortalRequest* request,
                    v1::PortalBillReply* reply) override;
  grpc::Status PayBill(grpc::ServerContext* context, const v1::PortalRequest* request,
                       v1::PaymentLink* reply) override;
  grpc::Status PayAll(grpc::ServerContext* context, const v1::PortalRequest* request,
                      v1::PaymentLink* reply) override;
  grpc::Status PaymentStatus(grpc::ServerContext* context, const v1::PortalRequest* request,
                             v1::PortalPaymentStatus* reply) override;

 private:
  PortalAccess& access_;
  PortalPages& pages_;
  metrics::Metrics& metrics_;
};

}  // namespace billing::payment
