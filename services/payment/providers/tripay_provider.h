// Tripay closed payment (https://tripay.co.id/developer), as documented there:
// - Base URL: sandbox https://tripay.co.id/api-sandbox, production https://tripay.co.id/api;
//   every call carries "Authorization: Bearer <API key>".
// - POST /transaction/create (form fields): method (channel code, e.g. QRIS, BRIVA), merchant_ref,
//   amount, customer_name, customer_email, customer_phone, order_items[i][sku|name|price|quantity],
//   return_url, callback_url, expired_time (Unix seconds), signature =
//   hex HMAC-SHA256(merchant_code + merchant_ref + amount, private key). Answer
//   {success, message, data: {reference, merchant_ref, checkout_url, amount (what the customer
//   pays: the fee is added when the merchant's Tripay fee setting charges it to the customer),
//   fee_customer, fee_merchant, status: "UNPAID", expired_time}}; success false (HTTP 400/401)
//   with a message on a bad key, signature or field.
// - GET /transaction/detail?reference=...: the same data with status UNPAID, PAID, EXPIRED,
//   FAILED or REFUND and paid_at (Unix seconds or null).
// - Callback: POST of JSON {reference, merchant_ref, total_amount, status, paid_at, ...} with
//   headers X-Callback-Event: payment_status and X-Callback-Signature = hex HMAC-SHA256(raw body,
//   private key).
// Who carries the fee is chosen per channel in the Tripay dashboard, so the amount charged is the
// one Tripay answers.
#pragma once

#include <string>

#include "http/http_transport.h"
#include "providers/payment_provider.h"

namespace billing::payment {

inline constexpr char kTripaySandboxUrl[] = "https://tripay.co.id/api-sandbox";
inline constexpr char kTripayProductionUrl[] = "https://tripay.co.id/api";

struct TripayConfig {
  ProviderMode mode = ProviderMode::kSandbox;
  std::string base_url;  // empty: the documented URL of the mode
  std::string api_key;
  std::string private_key;
  std::string merchant_code;
  std::string method = "QRIS";  // the closed-payment channel
  std::string customer_email;   // Tripay requires one; the merchant's address stands in
};

class TripayProvider final : public PaymentProvider {
 public:
  TripayProvider(TripayConfig config, http::HttpTransport& transport);

  std::string_view Name() const override { return "tripay"; }
  CreatedPayment Create(const CreatePaymentRequest& request) override;
  PaymentState Status(const std::string& merchant_ref,
                      const std::string& provider_reference) override;
  CallbackVerdict VerifyCallback(const CallbackRequest& callback) const override;

 private:
  TripayConfig config_;
  std::string base_url_;
  http::HttpTransport& transport_;
};

}  // namespace billing::payment
