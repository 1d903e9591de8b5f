#include "payment_link_proto.h"

#include "domain/clock.h"

namespace billing::payment {

void ToProto(const PaymentLink& link, v1::PaymentLink* out) {
  out->set_url(link.url);
  out->set_provider(link.provider);
  out->set_reference(link.reference);
  out->set_amount(link.amount);
  out->set_expires_at(domain::FormatRfc3339(link.expires_at));
  out->set_reused(link.reused);
}

}  // namespace billing::payment
