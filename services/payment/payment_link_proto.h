// A pay link as the gRPC contract carries it: one mapping for PaymentService (staff) and
// PortalService (the customer's Pay buttons).
#pragma once

#include "payment.pb.h"
#include "payments.h"

namespace billing::payment {

void ToProto(const PaymentLink& link, v1::PaymentLink* out);

}  // namespace billing::payment
