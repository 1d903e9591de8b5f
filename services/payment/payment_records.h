// The payment service's records: one payment attempt (a pay link for one bill or for all of a
// customer's unpaid bills), a received callback, and what it needs to know of a bill.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "providers/payment_provider.h"

namespace billing::payment {

// What an attempt pays: one bill, or every bill the customer had unpaid when it was created.
enum class Scope { kBill, kAllUnpaid };
// "bill", "all_unpaid".
std::string_view ScopeName(Scope scope);

// Why a paid attempt was kept for staff ("perlu dicek") instead of marking its bill(s) lunas.
enum class CheckReason { kNone, kPaidMeanwhile, kAmountMismatch, kBillMissing };
// "", "paid_meanwhile", "amount_mismatch", "bill_missing".
std::string_view CheckReasonName(CheckReason reason);
CheckReason ParseCheckReason(std::string_view name);
// The Indonesian text staff see for `reason` ("" for kNone).
std::string CheckReasonText(CheckReason reason);

PaymentStatus ParseStatus(std::string_view name);

struct Attempt {
  int64_t id = 0;
  std::string merchant_ref;  // ours, unique, sent to the provider
  std::string provider;      // "tripay" | "midtrans" | "xendit"
  std::string provider_reference;
  int64_t customer_id = 0;
  Scope scope = Scope::kBill;
  std::vector<int64_t> bill_ids;  // ascending
  int64_t amount_asked = 0;       // Rupiah of the bill(s)
  int64_t amount_charged = 0;     // what the provider asks the customer (fee included)
  int64_t amount_paid = 0;        // what the provider reported paid
  std::string pay_url;            // empty until the provider's create call returned
  PaymentStatus status = PaymentStatus::kPending;
  TimePoint expires_at;
  TimePoint created_at;
  TimePoint updated_at;
  std::optional<TimePoint> paid_at;
  std::optional<TimePoint> bill_marked_at;  // when the bill(s) became lunas through it
  std::optional<TimePoint> checked_at;      // last asked from the provider's status API
  CheckReason needs_check = CheckReason::kNone;
  // Staff settled a "perlu dicek" attempt (refunded, or kept): who, their note, and when.
  std::string settled_by;
  std::string settled_note;
  std::optional<TimePoint> settled_at;

  bool operator==(const Attempt&) const = default;
};

// Which attempts staff list; 0 / false = any.
struct AttemptFilter {
  int64_t bill_id = 0;
  int64_t customer_id = 0;
  bool needs_check = false;  // only "perlu dicek" attempts not settled yet
};

struct AttemptPage {
  std::vector<Attempt> items;  // newest first
  int64_t total = 0;           // of the whole filter
};

// Staff's settlement of a "perlu dicek" attempt.
struct Settlement {
  int64_t attempt_id = 0;
  std::string note;
  TimePoint at;
};

// Everything of an attempt that is known before the provider is called.
struct NewAttempt {
  std::string merchant_ref;
  std::string provider;
  int64_t customer_id = 0;
  Scope scope = Scope::kBill;
  std::vector<int64_t> bill_ids;
  int64_t amount_asked = 0;
  TimePoint expires_at;
  TimePoint created_at;
};

// The audit of a callback that arrived, accepted or not.
struct ReceivedCallback {
  std::string provider;
  std::string body_sha256;   // hex of the raw body
  std::string merchant_ref;  // empty when refused before it could be read
  std::string verdict;       // "accepted", or why it was refused
  TimePoint received_at;
};

// What the payment service needs of a bill (from billing).
struct BillView {
  int64_t id = 0;
  int64_t customer_id = 0;
  std::string customer_name;
  std::string customer_phone;
  std::string description;  // e.g. "Internet 2026-01"
  int64_t amount = 0;
  bool paid = false;
  std::string payment_reference;  // the provider reference it was paid with, if online
};

}  // namespace billing::payment
