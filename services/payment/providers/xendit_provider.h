// Xendit Invoice (https://developers.xendit.co/api-reference/#create-invoice), as documented:
// - Base URL https://api.xendit.co for both modes (the secret key decides test or live);
//   "Authorization: Basic base64(secret key + ':')".
// - POST /v2/invoices with JSON {external_id, amount, description, invoice_duration (seconds),
//   customer: {given_names, mobile_number}, success_redirect_url, failure_redirect_url,
//   currency: "IDR", items: [{name, quantity, price}], fees: [{type, value}]} (amount includes the
//   fees). Answer {id, external_id, status: "PENDING", amount, invoice_url, expiry_date}; 400
//   {error_code: "API_VALIDATION_ERROR", message}, 401 {error_code: "INVALID_API_KEY", message}.
// - GET /v2/invoices/{invoice_id}: the invoice with status PENDING, PAID, SETTLED or EXPIRED,
//   paid_amount and paid_at; 404 {error_code: "INVOICE_NOT_FOUND_ERROR"}.
// - Callback: POST of JSON {id, external_id, status, amount, paid_amount, paid_at, ...} to the
//   invoice callback URL set in the Xendit dashboard (there is no per-invoice one), with header
//   x-callback-token = the verification token shown in the dashboard.
#pragma once

#include <string>

#include "domain/clock.h"
#include "http/http_transport.h"
#include "providers/payment_provider.h"

namespace billing::payment {

inline constexpr char kXenditUrl[] = "https://api.xendit.co";

struct XenditConfig {
  ProviderMode mode = ProviderMode::kSandbox;  // informational: the key decides
  std::string base_url;                        // empty: kXenditUrl
  std::string secret_key;
  std::string callback_token;
  FeeMode fee_mode = FeeMode::kAbsorbed;
  int64_t customer_fee = 0;  // Rupiah added when fee_mode is kPaidByCustomer
};

class XenditProvider final : public PaymentProvider {
 public:
  XenditProvider(XenditConfig config, http::HttpTransport& transport, const domain::Clock& clock);

  std::string_view Name() const override { return "xendit"; }
  CreatedPayment Create(const CreatePaymentRequest& request) override;
  PaymentState Status(const std::string& merchant_ref,
                      const std::string& provider_reference) override;
  CallbackVerdict VerifyCallback(const CallbackRequest& callback) const override;

 private:
  XenditConfig config_;
  std::string base_url_;
  http::HttpTransport& transport_;
  const domain::Clock& clock_;
};

}  // namespace billing::payment
