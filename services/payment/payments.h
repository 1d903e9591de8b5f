// Payments: pay links for a bill or for all of a customer's unpaid bills (reused while valid),
// verified provider events applied exactly once, and reconciliation of what a lost callback
// left pending. Over a PaymentStore, the providers, billing (BillGateway) and a clock.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "bill_gateway.h"
#include "domain/clock.h"
#include "payment_rules.h"
#include "payment_store.h"
#include "providers/payment_provider.h"

namespace billing::payment {

struct PaymentSettings {
  std::string active_provider;  // which provider new links use
  std::chrono::seconds link_lifetime{std::chrono::hours(24)};
  std::chrono::seconds reuse_margin{std::chrono::minutes(30)};  // a link closer to expiry: new
  std::string callback_url_base;  // "https://.../pay/callback/" (the provider name is appended)
  // Where the customer's browser goes after paying; our reference is appended
  // ("https://.../portal?paid=" -> "...?paid=PAY0123...").
  std::string return_url_base;
  ReconcilePolicy reconcile;
};

struct PaymentLink {
  std::string url;
  std::string provider;
  std::string reference;  // our merchant_ref
  int64_t amount = 0;     // what the customer pays
  TimePoint expires_at;
  bool reused = false;
};

struct ReconcileReport {
  int asked = 0;
  int changed = 0;   // a status the provider reported, applied
  int expired = 0;   // closed as expired here
  int marked = 0;    // paid attempts whose bill(s) became lunas now
  int failures = 0;  // provider or billing unreachable; tried again next round
};

class Payments final {
 public:
  // `providers` by Name(); `new_reference` makes a fresh merchant_ref (random by default).
  Payments(PaymentStore& store, BillGateway& bills, std::vector<PaymentProvider*> providers,
           const domain::Clock& clock, PaymentSettings settings,
           std::function<std::string()> new_reference = {});

  // Throws errors::Error: not_found (no such bill), failed_precondition (already lunas, or the
  // provider refused), unavailable (provider or billing down: nothing is stored as paid).
  PaymentLink LinkForBill(int64_t bill_id);
  PaymentLink LinkForUnpaid(int64_t customer_id);

  // A callback as it arrived at /pay/callback/{provider}: verified over the raw body first,
  // recorded for the audit whatever its verdict, then applied. Throws errors::Error:
  // unauthenticated (bad or missing signature), not_found (unknown reference or provider).
  Attempt HandleCallback(std::string_view provider, const CallbackRequest& callback);

  // A verified event (from a callback or the status API), applied exactly once. Throws
  // errors::Error(not_found) for a reference this service never made for `provider`.
  Attempt ApplyEvent(std::string_view provider, const PaymentState& event);

  // One round: retries the marking of paid attempts, asks the provider about pending ones,
  // closes expired ones. Never throws for one attempt's trouble.
  ReconcileReport Reconcile();

 private:
  PaymentLink Link(int64_t customer_id, Scope scope, const std::vector<BillView>& bills);
  PaymentProvider* FindProvider(std::string_view name) const;  // nullptr when not configured
  // Marks the attempt's bill(s) lunas; records the outcome. Returns whether all were marked.
  bool MarkBills(const Attempt& attempt);

  PaymentStore& store_;
  BillGateway& bills_;
  std::vector<PaymentProvider*> providers_;
  const domain::Clock& clock_;
  PaymentSettings settings_;
  std::function<std::string()> new_reference_;
};

}  // namespace billing::payment
