// A PaymentProvider in memory: Create hands out a link (or fails as told), Status answers what
// the test set, and a callback is accepted when its "x-fake-signature" header is "valid" and its
// body reads "<merchant_ref> <status> <amount>".
#pragma once

#include <atomic>
#include <map>
#include <mutex>
#include <sstream>
#include <string>

#include "errors/error.h"
#include "payment_rules.h"
#include "providers/payment_provider.h"

namespace billing::payment::testing {

class FakeProvider final : public PaymentProvider {
 public:
  explicit FakeProvider(std::string name = "tripay", int64_t fee = 0)
      : name_(std::move(name)), fee_(fee) {}

  // What Create does next: succeed, or throw this error.
  void FailCreate(std::optional<errors::Error> error) {
    std::lock_guard lock(mutex_);
    create_error_ = std::move(error);
  }
  void SetStatus(const std::string& merchant_ref, PaymentState state) {
    std::lock_guard lock(mutex_);
    states_[merchant_ref] = std::move(state);
  }
  // Runs inside Create, before it returns (a callback that outruns the create call).
  void OnCreate(std::function<void(const CreatePaymentRequest&)> hook) {
    std::lock_guard lock(mutex_);
    on_create_ = std::move(hook);
  }
  int CreateCalls() const { return create_calls_; }
  int StatusCalls() const { return status_calls_; }

  static CallbackRequest Callback(const std::string& merchant_ref, PaymentStatus status,
                                  int64_t amount, bool valid = true) {
    return {{{"x-fake-signature", valid ? "valid" : "forged"}},
            merchant_ref + " " + std::string(StatusName(status)) + " " + std::to_string(amount)};
  }

  std::string_view Name() const override { return name_; }

  CreatedPayment Create(const CreatePaymentRequest& request) override {
    ++create_calls_;
    std::function<void(const CreatePaymentRequest&)> hook;
    {
      std::lock_guard lock(mutex_);
      if (create_error_) throw *create_error_;
      hook = on_create_;
    }
    if (hook) hook(request);
    return {"T-" + request.merchant_ref, "https://pay.example/" + request.merchant_ref,
            request.amount + fee_, request.expires_at};
  }

  PaymentState Status(const std::string& merchant_ref, const std::string&) override {
    ++status_calls_;
    std::lock_guard lock(mutex_);
    auto it = states_.find(merchant_ref);
    if (it == states_.end()) throw errors::NotFound("unknown payment");
    return it->second;
  }

  CallbackVerdict VerifyCallback(const CallbackRequest& callback) const override {
    auto signature = callback.headers.find("x-fake-signature");
    if (signature == callback.headers.end() || signature->second != "valid") {
      return {std::nullopt, "bad signature"};
    }
    std::istringstream body(callback.body);
    PaymentState state;
    std::string status;
    body >> state.merchant_ref >> status >> state.amount;
    state.status = ParseStatus(status);
    state.provider_reference = "T-" + state.merchant_ref;
    return {state, ""};
  }

 private:
  std::string name_;
  int64_t fee_;
  mutable std::mutex mutex_;
  std::optional<errors::Error> create_error_;
  std::map<std::string, PaymentState> states_;
  std::function<void(const CreatePaymentRequest&)> on_create_;
  std::atomic<int> create_calls_{0};
  std::atomic<int> status_calls_{0};
};

}  // namespace billing::payment::testing
