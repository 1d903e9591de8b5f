// Midtrans Snap (https://docs.midtrans.com), as documented there:
// - Snap API: sandbox https://app.sandbox.midtrans.com, production https://app.midtrans.com;
//   POST /snap/v1/transactions with "Authorization: Basic base64(server key + ':')" and JSON
//   {transaction_details: {order_id, gross_amount}, item_details: [{id, price, quantity, name}],
//   customer_details: {first_name, phone}, callbacks: {finish}, expiry: {start_time
//   "yyyy-MM-dd HH:mm:ss Z", unit: "minute", duration}}; header X-Override-Notification sets the
//   notification URL of this transaction. Answer 201 {token, redirect_url}; 401 / 400
//   {error_messages: [...]} on a bad key or field.
// - Core API (status): sandbox https://api.sandbox.midtrans.com, production
//   https://api.midtrans.com; GET /v2/{order_id}/status answers {status_code, order_id,
//   transaction_id, gross_amount "150000.00", transaction_status, fraud_status, settlement_time,
//   transaction_time}; status_code "404" for an unknown order, and also for a Snap order whose
//   customer has not chosen a payment method yet (the caller reads not_found as still pending).
// - Notification: POST of the same JSON; signature_key = hex SHA512(order_id + status_code +
//   gross_amount + server key). transaction_status settlement, or capture with fraud_status
//   accept = paid; pending (and capture with challenge) = pending; expire = expired; cancel, deny,
//   failure = failed; refund, partial_refund = refunded. Times are WIB (UTC+7).
// Snap has no fee field; when the customer carries the fee it is added as its own item.
#pragma once

#include <string>

#include "domain/clock.h"
#include "http/http_transport.h"
#include "providers/payment_provider.h"

namespace billing::payment {

inline constexpr char kMidtransSnapSandboxUrl[] = "https://app.sandbox.midtrans.com";
inline constexpr char kMidtransSnapProductionUrl[] = "https://app.midtrans.com";
inline constexpr char kMidtransCoreSandboxUrl[] = "https://api.sandbox.midtrans.com";
inline constexpr char kMidtransCoreProductionUrl[] = "https://api.midtrans.com";

struct MidtransConfig {
  ProviderMode mode = ProviderMode::kSandbox;
  std::string snap_base_url;  // empty: the documented URLs of the mode
  std::string core_base_url;
  std::string server_key;
  FeeMode fee_mode = FeeMode::kAbsorbed;
  int64_t customer_fee = 0;  // Rupiah added when fee_mode is kPaidByCustomer
};

class MidtransProvider final : public PaymentProvider {
 public:
  MidtransProvider(MidtransConfig config, http::HttpTransport& transport,
                   const domain::Clock& clock);

  std::string_view Name() const override { return "midtrans"; }
  CreatedPayment Create(const CreatePaymentRequest& request) override;
  PaymentState Status(const std::string& merchant_ref,
                      const std::string& provider_reference) override;
  CallbackVerdict VerifyCallback(const CallbackRequest& callback) const override;

 private:
  MidtransConfig config_;
  std::string snap_url_;
  std::string core_url_;
  http::HttpTransport& transport_;
  const domain::Clock& clock_;
};

}  // namespace billing::payment
