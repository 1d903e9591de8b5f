// PaymentProvider: one online payment gateway (Tripay, Midtrans Snap, Xendit Invoice) seen through
// the three things the payment service needs: create a pay link, ask a payment's status, and
// verify a callback. Every amount is whole Rupiah; every failure is an errors::Error.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace billing::payment {

using TimePoint = std::chrono::system_clock::time_point;

enum class PaymentStatus { kPending, kPaid, kExpired, kFailed, kRefunded };
// "pending", "paid", "expired", "failed", "refunded".
std::string_view StatusName(PaymentStatus status);

enum class ProviderMode { kSandbox, kProduction };

// Who carries the gateway's fee: added to what the customer pays, or taken from the merchant.
enum class FeeMode { kAbsorbed, kPaidByCustomer };

struct PaymentItem {
  std::string name;
  int64_t price = 0;  // Rupiah, per unit
  int quantity = 1;
};

struct CreatePaymentRequest {
  std::string merchant_ref;  // our reference, unique per attempt
  int64_t amount = 0;        // Rupiah the bill asks, without any fee
  std::string customer_name;
  std::string customer_phone;      // 62...
  std::vector<PaymentItem> items;  // their total equals amount
  TimePoint expires_at;
  std::string return_url;    // where the customer's browser goes after paying
  std::string callback_url;  // where the provider posts the status (if it takes one per payment)
};

struct CreatedPayment {
  std::string provider_reference;
  std::string pay_url;
  int64_t amount_charged = 0;  // what the customer pays, including a fee they carry
  TimePoint expires_at;
};

// A payment's state as the provider reports it, from the status API or a callback.
struct PaymentState {
  std::string merchant_ref;
  std::string provider_reference;
  PaymentStatus status = PaymentStatus::kPending;
  int64_t amount = 0;  // Rupiah the customer paid / is asked
  std::optional<TimePoint> paid_at;
};

struct CallbackRequest {
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;                            // raw, exactly as received
};

// Either the verified event or why the callback was refused (for the log; never shown to the
// sender beyond a 401).
struct CallbackVerdict {
  std::optional<PaymentState> event;
  std::string refusal;

  bool accepted() const { return event.has_value(); }
};

class PaymentProvider {
 public:
  virtual ~PaymentProvider() = default;
  virtual std::string_view Name() const = 0;  // "tripay" | "midtrans" | "xendit"
  // Throws errors::Error: unavailable (down, 5xx, garbage, too large) or failed_precondition
  // (the provider refused: bad keys, bad signature, invalid request).
  virtual CreatedPayment Create(const CreatePaymentRequest& request) = 0;
  // For reconciliation; same errors as Create, not_found for a payment the provider does not know.
  virtual PaymentState Status(const std::string& merchant_ref,
                              const std::string& provider_reference) = 0;
  // Checks the signature or token over the raw body before reading anything else.
  virtual CallbackVerdict VerifyCallback(const CallbackRequest& callback) const = 0;
};

}  // namespace billing::payment
