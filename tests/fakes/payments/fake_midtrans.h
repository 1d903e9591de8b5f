// FakeMidtrans: Midtrans Snap and the Core status API on 127.0.0.1, written from
// https://docs.midtrans.com (see services/payment/providers/midtrans_provider.h for the fields):
// POST /snap/v1/transactions checks "Basic base64(server key + ':')" (401 {"error_messages"}),
// the order_id, a gross_amount equal to the sum of item_details and an unused order_id (400
// {"error_messages"}), and answers 201 {token, redirect_url}; the notification URL is the
// X-Override-Notification header or the dashboard's. GET /v2/{order_id}/status answers the
// transaction ({"status_code": "404"} for an unknown order). Pay / Expire / Cancel / Deny change
// it and post the notification with signature_key = SHA512(order_id + status_code + gross_amount +
// server key).
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "fakes/payments/fake_support.h"

namespace billing::testing::payments {

struct MidtransTransaction {
  std::string order_id;
  std::string token;
  std::string transaction_id;
  int64_t gross_amount = 0;
  std::string transaction_status = "pending";
  std::string fraud_status = "accept";
  std::string notification_url;
  std::string settlement_time;  // WIB, "" until paid
};

class FakeMidtrans final {
 public:
  explicit FakeMidtrans(std::string server_key);

  // Snap and Core are one server here: both base URLs are this one.
  std::string BaseUrl() const { return server_.BaseUrl(); }
  // The dashboard's Payment Notification URL, used when a request does not override it.
  void SetNotificationUrl(const std::string& url);
  std::optional<MidtransTransaction> Find(const std::string& order_id) const;
  std::vector<FakeRequest> Requests() const { return server_.Requests(); }
  std::vector<MidtransTransaction> Transactions() const;
  // The next payment created is paid (its callback posted and answered) before the create call
  // itself is answered: the callback that overtakes the create.
  void PayBeforeAnsweringNextCreate(const CallbackOptions& options = {});

  // transaction_status settlement (fraud accept) / expire / cancel / deny.
  std::vector<int> Pay(const std::string& order_id, const CallbackOptions& options = {});
  std::vector<int> Expire(const std::string& order_id, const CallbackOptions& options = {});
  std::vector<int> Cancel(const std::string& order_id, const CallbackOptions& options = {});
  std::vector<int> Deny(const std::string& order_id, const CallbackOptions& options = {});
  Callback BuildCallback(const std::string& order_id, const std::string& transaction_status,
                         const CallbackOptions& options = {}) const;

 private:
  FakeReply Handle(const FakeRequest& request);
  FakeReply Create(const FakeRequest& request);
  void PayEarly();  // the payment PayBeforeAnsweringNextCreate asked for, if any
  FakeReply Status(const std::string& order_id) const;
  std::vector<int> Transition(const std::string& order_id, const std::string& status,
                              const CallbackOptions& options);

  const std::string server_key_;
  mutable std::mutex mutex_;
  std::optional<CallbackOptions> pay_before_answer_;
  std::optional<std::pair<std::string, CallbackOptions>> early_payment_;  // set by Create
  std::string notification_url_;
  int sequence_ = 0;
  std::vector<MidtransTransaction> transactions_;
  FakeWhatsapp server_;  // last: it serves from a thread that reads the members above
};

// "200" settlement/capture, "201" pending, "202" expire/cancel/deny, as Midtrans sends them.
std::string MidtransStatusCode(const std::string& transaction_status);

}  // namespace billing::testing::payments
