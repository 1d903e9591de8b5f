// FakeTripay: Tripay's closed-payment API on 127.0.0.1, written from https://tripay.co.id/developer
// (see services/payment/providers/tripay_provider.h for the fields): POST /transaction/create
// checks the Bearer API key, the required fields, that the order items add up to the amount and
// the create signature; GET /transaction/detail answers the transaction. Errors are
// {"success": false, "message": ...} with 401 (API key) or 400 (fields, signature); an unknown
// reference is 404. Pay / Expire / Fail / Refund change a transaction and post the signed callback
// (X-Callback-Event, X-Callback-Signature) to the callback_url it was created with.
// The checkout page (checkout_url, GET /checkout/<reference>) is where a browser pays: its
// "Bayar" button (POST /checkout/<reference>/pay) pays as Pay() does, then returns the browser to
// the return_url the payment was created with.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "fakes/payments/fake_support.h"
#include "support/fake_whatsapp.h"

namespace billing::testing::payments {

struct TripayTransaction {
  std::string reference;
  std::string merchant_ref;
  std::string method;
  int64_t amount = 0;  // what the merchant asked
  int64_t fee_customer = 0;
  std::string status = "UNPAID";
  std::string callback_url;
  std::string return_url;
  int64_t expired_time = 0;
  int64_t paid_at = 0;  // 0: not paid
};

class FakeTripay final {
 public:
  FakeTripay(std::string api_key, std::string private_key, std::string merchant_code);

  std::string BaseUrl() const { return server_.BaseUrl(); }
  // The fee Tripay adds to what the customer pays (the merchant's dashboard setting).
  void SetCustomerFee(int64_t fee);
  std::optional<TripayTransaction> FindByMerchantRef(const std::string& merchant_ref) const;
  std::vector<FakeRequest> Requests() const { return server_.Requests(); }
  std::vector<TripayTransaction> Transactions() const;
  // The next payment created is paid (its callback posted and answered) before the create call
  // itself is answered: the callback that overtakes the create.
  void PayBeforeAnsweringNextCreate(const CallbackOptions& options = {});

  // The customer pays / the link expires / ...: the state changes (unless options say not to)
  // and the callback is posted; returns the HTTP status of each copy.
  std::vector<int> Pay(const std::string& reference, const CallbackOptions& options = {});
  std::vector<int> Expire(const std::string& reference, const CallbackOptions& options = {});
  std::vector<int> Fail(const std::string& reference, const CallbackOptions& options = {});
  std::vector<int> Refund(const std::string& reference, const CallbackOptions& options = {});
  // The callback as Tripay would sign it for `status`, without sending it.
  Callback BuildCallback(const std::string& reference, const std::string& status,
                         const CallbackOptions& options = {}) const;

 private:
  FakeReply Handle(const FakeRequest& request);
  FakeReply Create(const FakeRequest& request);
  void PayEarly();  // the payment PayBeforeAnsweringNextCreate asked for, if any
  FakeReply Detail(const FakeRequest& request) const;
  FakeReply Checkout(const FakeRequest& request);
  std::vector<int> Transition(const std::string& reference, const std::string& status,
                              const CallbackOptions& options);

  const std::string api_key_;
  const std::string private_key_;
  const std::string merchant_code_;
  mutable std::mutex mutex_;
  std::optional<CallbackOptions> pay_before_answer_;
  std::optional<std::pair<std::string, CallbackOptions>> early_payment_;  // set by Create
  int64_t fee_customer_ = 0;
  int sequence_ = 0;
  std::vector<TripayTransaction> transactions_;
  FakeWhatsapp server_;  // last: it serves from a thread that reads the members above
};

}  // namespace billing::testing::payments
