// FakeXendit: Xendit's Invoice API on 127.0.0.1, written from
// https://developers.xendit.co/api-reference/#create-invoice (see
// services/payment/providers/xendit_provider.h for the fields): POST /v2/invoices checks
// "Basic base64(secret key + ':')" (401 {"error_code": "INVALID_API_KEY"}), external_id and a
// positive amount (400 {"error_code": "API_VALIDATION_ERROR"}) and answers the invoice (amount
// includes the fees); GET /v2/invoices/{id} answers it (404 INVOICE_NOT_FOUND_ERROR). Pay /
// Settle / Expire change it and post the callback, with the x-callback-token header, to the
// dashboard's invoice callback URL (SetCallbackUrl): Xendit has no per-invoice one.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "fakes/payments/fake_support.h"

namespace billing::testing::payments {

struct XenditInvoice {
  std::string id;
  std::string external_id;
  int64_t amount = 0;
  std::string status = "PENDING";
  std::string description;
  std::string expiry_date;
  std::string paid_at;  // "" until paid
};

class FakeXendit final {
 public:
  FakeXendit(std::string secret_key, std::string callback_token);

  std::string BaseUrl() const { return server_.BaseUrl(); }
  void SetCallbackUrl(const std::string& url);
  std::optional<XenditInvoice> FindByExternalId(const std::string& external_id) const;
  std::vector<FakeRequest> Requests() const { return server_.Requests(); }
  std::vector<XenditInvoice> Invoices() const;
  // The next payment created is paid (its callback posted and answered) before the create call
  // itself is answered: the callback that overtakes the create.
  void PayBeforeAnsweringNextCreate(const CallbackOptions& options = {});

  std::vector<int> Pay(const std::string& id, const CallbackOptions& options = {});
  std::vector<int> Settle(const std::string& id, const CallbackOptions& options = {});
  std::vector<int> Expire(const std::string& id, const CallbackOptions& options = {});
  Callback BuildCallback(const std::string& id, const std::string& status,
                         const CallbackOptions& options = {}) const;

 private:
  FakeReply Handle(const FakeRequest& request);
  FakeReply Create(const FakeRequest& request);
  void PayEarly();  // the payment PayBeforeAnsweringNextCreate asked for, if any
  FakeReply Get(const std::string& id) const;
  std::vector<int> Transition(const std::string& id, const std::string& status,
                              const CallbackOptions& options);

  const std::string secret_key_;
  const std::string callback_token_;
  mutable std::mutex mutex_;
  std::optional<CallbackOptions> pay_before_answer_;
  std::optional<std::pair<std::string, CallbackOptions>> early_payment_;  // set by Create
  std::string callback_url_;
  int sequence_ = 0;
  std::vector<XenditInvoice> invoices_;
  FakeWhatsapp server_;  // last: it serves from a thread that reads the members above
};

}  // namespace billing::testing::payments
