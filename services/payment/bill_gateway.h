// BillGateway: what the payment service needs from billing. Its gRPC implementation comes with
// the service; tests use testing/fake_bill_gateway.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "payment_records.h"

namespace billing::payment {

enum class MarkResult {
  kMarked,       // the bill is lunas now, by this payment
  kAlreadyPaid,  // it was paid before (at the counter, or by this same reference)
  kNotFound,
};

class BillGateway {
 public:
  virtual ~BillGateway() = default;
  // Throws errors::Error(unavailable) when billing cannot be reached.
  virtual std::optional<BillView> Bill(int64_t bill_id) = 0;
  virtual std::vector<BillView> UnpaidBills(int64_t customer_id) = 0;
  // Marks the bill lunas with method "online", `reference` as its payment reference, by the
  // user "sistem", with the audit row and everything a payment at the counter does.
  virtual MarkResult MarkPaid(int64_t bill_id, int64_t amount, const std::string& reference) = 0;
};

}  // namespace billing::payment
