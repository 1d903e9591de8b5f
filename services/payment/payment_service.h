// The PaymentService gRPC handlers: read the request, authorise, call Payments or the store, map
// the result. Staff make pay links, list attempts and settle the "perlu dicek" ones; the gateway
// hands over the providers' callbacks.
#pragma once

#include "domain/clock.h"
#include "metrics/metrics.h"
#include "payment.grpc.pb.h"
#include "payment_config.h"
#include "payment_link_proto.h"
#include "payment_store.h"

namespace billing::payment {

inline constexpr size_t kMaxSettleNoteChars = 500;

class PaymentService final : public v1::PaymentService::Service {
 public:
  PaymentService(LivePayments& payments, PaymentStore& store, const domain::Clock& clock,
                 metrics::Metrics& metrics);

  // Signed-in staff.
  grpc::Status LinkForBill(grpc::ServerContext* context, const v1::LinkForBillRequest* request,
                           v1::PaymentLink* reply) override;
  grpc::Status ListAttempts(grpc::ServerContext* context, const v1::ListAttemptsRequest* request,
                            v1::ListAttemptsReply* reply) override;
  grpc::Status SettleCheck(grpc::ServerContext* context, const v1::SettleCheckRequest* request,
                           v1::Attempt* reply) override;
  // The gateway only (no user): unauthenticated (bad signature) and not_found (unknown provider
  // or reference) come back as such, for the gateway's 401 / 404.
  grpc::Status HandleCallback(grpc::ServerContext* context, const v1::CallbackRequest* request,
                              v1::CallbackReply* reply) override;

 private:
  LivePayments& payments_;
  PaymentStore& store_;
  const domain::Clock& clock_;
  metrics::Metrics& metrics_;
};

// An attempt as staff see it (a pay link's mapping is in payment_link_proto.h).
void ToProto(const Attempt& attempt, v1::Attempt* out);

}  // namespace billing::payment
