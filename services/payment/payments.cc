// Payments (payments.h).
#include "payments.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <random>
#include <utility>

#include <openssl/sha.h>

#include "domain/rupiah.h"
#include "errors/error.h"
#include "events/outbox.h"
#include "i18n/messages.h"
#include "log/log.h"

namespace billing::payment {
namespace {

constexpr int kReferenceAttempts = 3;

std::string RandomReference() {
  static thread_local std::mt19937_64 random{std::random_device{}()};
  std::array<char, 20> text{};
  std::snprintf(text.data(), text.size(), "PAY%016llx",
                static_cast<unsigned long long>(random()));  // NOLINT(google-runtime-int)
  return text.data();
}

std::string Sha256Hex(const std::string& body) {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  SHA256(reinterpret_cast<const unsigned char*>(body.data()), body.size(), digest.data());
  std::string hex;
  constexpr const char* kDigits = "0123456789abcdef";
  for (unsigned char byte : digest) {
    hex.push_back(kDigits[byte >> 4]);
    hex.push_back(kDigits[byte & 0xf]);
  }
  return hex;
}

AttemptEvent StatusEvent(const Attempt& attempt) {
  if (attempt.needs_check != CheckReason::kNone) {
    return {"payment_needs_check",
            events::FormatSummary(
                i18n::kSummaryPaymentNeedsCheck,
                {{"ref", attempt.merchant_ref}, {"alasan", CheckReasonText(attempt.needs_check)}})};
  }
  return {"payment_" + std::string(StatusName(attempt.status)),
          events::FormatSummary(i18n::kSummaryPaymentStatus,
                                {{"ref", attempt.merchant_ref},
                                 {"status", std::string(StatusName(attempt.status))}})};
}

PaymentLink LinkOf(const Attempt& attempt, bool reused) {
  return {attempt.pay_url,
          attempt.provider,
          attempt.merchant_ref,
          attempt.amount_charged > 0 ? attempt.amount_charged : attempt.amount_asked,
          attempt.expires_at,
          reused};
}

}  // namespace

Payments::Payments(PaymentStore& store, BillGateway& bills, std::vector<PaymentProvider*> providers,
                   const domain::Clock& clock, PaymentSettings settings,
                   std::function<std::string()> new_reference)
    : store_(store),
      bills_(bills),
      providers_(std::move(providers)),
      clock_(clock),
      settings_(std::move(settings)),
      new_reference_(new_reference ? std::move(new_reference) : RandomReference) {}

PaymentProvider* Payments::FindProvider(std::string_view name) const {
  for (auto* provider : providers_) {
    if (provider->Name() == name) return provider;
  }
  return nullptr;
}

PaymentLink Payments::LinkForBill(int64_t bill_id) {
  auto bill = bills_.Bill(bill_id);
  if (!bill) throw errors::NotFound(i18n::kPaymentBillNotFound);
  if (bill->paid) throw errors::FailedPrecondition(i18n::kPaymentBillAlreadyPaid);
  return Link(bill->customer_id, Scope::kBill, {*bill});
}

PaymentLink Payments::LinkForUnpaid(int64_t customer_id) {
  auto bills = bills_.UnpaidBills(customer_id);
  std::erase_if(bills, [](const BillView& bill) { return bill.paid; });
  if (bills.empty()) throw errors::FailedPrecondition(i18n::kPaymentNothingUnpaid);
  return Link(customer_id, Scope::kAllUnpaid, bills);
}

PaymentLink Payments::Link(int64_t customer_id, Scope scope, const std::vector<BillView>& bills) {
  std::vector<int64_t> ids;
  int64_t amount = 0;
  for (const auto& bill : bills) {
    ids.push_back(bill.id);
    amount += bill.amount;
  }
  std::sort(ids.begin(), ids.end());
  const auto now = clock_.Now();
  for (const auto& attempt : store_.Pending(customer_id)) {
    if (attempt.provider == settings_.active_provider && attempt.scope == scope &&
        CanReuse(attempt, ids, amount, now, settings_.reuse_margin)) {
      return LinkOf(attempt, true);
    }
  }
  if (amount <= 0) throw errors::FailedPrecondition(i18n::kPaymentNothingUnpaid);
  auto* provider = FindProvider(settings_.active_provider);
  if (provider == nullptr) throw errors::FailedPrecondition(i18n::kPaymentNotConfigured);

  // Stored before the provider is called: a callback that outruns Create finds its attempt.
  NewAttempt fresh;
  fresh.provider = settings_.active_provider;
  fresh.customer_id = customer_id;
  fresh.scope = scope;
  fresh.bill_ids = ids;
  fresh.amount_asked = amount;
  fresh.expires_at = now + settings_.link_lifetime;
  fresh.created_at = now;
  std::optional<Attempt> stored;
  for (int i = 0; !stored; ++i) {
    fresh.merchant_ref = new_reference_();
    try {
      stored = store_.Insert(fresh);
    } catch (const errors::Error& e) {
      if (e.code() != errors::Code::kAlreadyExists || i + 1 >= kReferenceAttempts) throw;
    }
  }

  CreatePaymentRequest request;
  request.merchant_ref = stored->merchant_ref;
  request.amount = amount;
  request.customer_name = bills.front().customer_name;
  request.customer_phone = bills.front().customer_phone;
  for (const auto& bill : bills) request.items.push_back({bill.description, bill.amount, 1});
  request.expires_at = fresh.expires_at;
  request.return_url = settings_.return_url_base + stored->merchant_ref;
  request.callback_url = settings_.callback_url_base + settings_.active_provider;

  CreatedPayment created;
  try {
    created = provider->Create(request);
  } catch (const errors::Error& e) {
    store_.Update(stored->merchant_ref, [&](Attempt& a) -> std::optional<AttemptEvent> {
      auto next = NextStatus(a.status, PaymentStatus::kFailed);
      if (!next) return std::nullopt;  // a callback came first; keep what it said
      a.status = *next;
      a.updated_at = clock_.Now();
      return StatusEvent(a);
    });
    log::Warn("payment link not created", {{"merchant_ref", stored->merchant_ref},
                                           {"provider", provider->Name()},
                                           {"error", e.message()}});
    if (e.code() == errors::Code::kUnavailable)
      throw errors::Unavailable(i18n::kPaymentProviderDown);
    throw errors::FailedPrecondition(std::string(i18n::kPaymentProviderRefused) + e.message());
  }

  auto linked = store_.Update(stored->merchant_ref, [&](Attempt& a) -> std::optional<AttemptEvent> {
    if (a.provider_reference.empty()) a.provider_reference = created.provider_reference;
    a.pay_url = created.pay_url;
    a.amount_charged = created.amount_charged;
    a.expires_at = created.expires_at;
    a.updated_at = clock_.Now();
    return AttemptEvent{
        "payment_link",
        events::FormatSummary(i18n::kSummaryPaymentLinkCreated,
                              {{"ref", a.merchant_ref}, {"jumlah", domain::FormatRupiah(amount)}})};
  });
  return LinkOf(*linked, false);
}

Attempt Payments::HandleCallback(std::string_view provider_name, const CallbackRequest& callback) {
  ReceivedCallback received{std::string(provider_name), Sha256Hex(callback.body), "", "",
                            clock_.Now()};
  auto* provider = FindProvider(provider_name);
  if (provider == nullptr) {
    received.verdict = "unknown provider";
    store_.RecordCallback(received);
    throw errors::NotFound(i18n::kPaymentUnknownProvider);
  }
  auto verdict = provider->VerifyCallback(callback);
  if (!verdict.accepted()) {
    received.verdict = "refused: " + verdict.refusal;
    store_.RecordCallback(received);
    log::Warn("payment callback refused", {{"provider", provider_name},
                                           {"reason", verdict.refusal},
                                           {"body_sha256", received.body_sha256}});
    throw errors::Unauthenticated(verdict.refusal);
  }
  received.merchant_ref = verdict.event->merchant_ref;
  try {
    auto attempt = ApplyEvent(provider_name, *verdict.event);
    received.verdict = "accepted: " + std::string(StatusName(verdict.event->status));
    store_.RecordCallback(received);
    return attempt;
  } catch (const errors::Error& e) {
    received.verdict = e.code() == errors::Code::kNotFound
                           ? "unknown reference"
                           : "error: " + std::string(errors::CodeName(e.code()));
    store_.RecordCallback(received);
    throw;
  }
}

Attempt Payments::ApplyEvent(std::string_view provider, const PaymentState& event) {
  auto current = store_.Find(event.merchant_ref);
  if (!current || current->provider != provider) {
    throw errors::NotFound(i18n::kPaymentUnknownReference);
  }
  auto written = store_.Update(event.merchant_ref, [&](Attempt& a) -> std::optional<AttemptEvent> {
    auto next = NextStatus(a.status, event.status);
    if (!next) return std::nullopt;
    a.status = *next;
    a.updated_at = clock_.Now();
    if (a.provider_reference.empty()) a.provider_reference = event.provider_reference;
    if (*next == PaymentStatus::kPaid) {
      a.paid_at = event.paid_at.value_or(clock_.Now());
      a.amount_paid = event.amount;
      // The bill(s) are checked by MarkBills, after the lock: no call to billing holds it, and
      // the payment is recorded even when billing cannot be reached now.
      a.needs_check =
          AmountMatches(a, event.amount) ? CheckReason::kNone : CheckReason::kAmountMismatch;
    }
    return StatusEvent(a);
  });
  if (!written) return *store_.Find(event.merchant_ref);  // a duplicate or a late event
  // Only the caller whose transition was written marks the bill(s): exactly once. When billing
  // is down, reconciliation retries (AwaitsMarking).
  if (AwaitsMarking(*written)) {
    try {
      MarkBills(*written);
    } catch (const errors::Error& e) {
      if (e.code() != errors::Code::kUnavailable) throw;
      log::Warn("bill not marked lunas yet", {{"merchant_ref", written->merchant_ref}});
    }
    return *store_.Find(event.merchant_ref);
  }
  return *written;
}

bool Payments::MarkBills(const Attempt& attempt) {
  const std::string reference =
      attempt.provider_reference.empty() ? attempt.merchant_ref : attempt.provider_reference;
  std::vector<BillView> bills;
  for (int64_t id : attempt.bill_ids) {
    if (auto bill = bills_.Bill(id)) bills.push_back(*bill);
  }
  CheckReason problem = DecidePaid(attempt, attempt.amount_paid, bills).needs_check;
  for (const auto& bill : bills) {
    if (problem != CheckReason::kNone) break;
    if (PaidByThisAttempt(bill, attempt)) continue;  // a retry after a crash
    switch (bills_.MarkPaid(bill.id, bill.amount, reference)) {
      case MarkResult::kMarked:
        break;
      case MarkResult::kAlreadyPaid: {  // paid meanwhile: by us (a retry) or someone else?
        auto now_paid = bills_.Bill(bill.id);
        if (!now_paid || !PaidByThisAttempt(*now_paid, attempt)) {
          problem = CheckReason::kPaidMeanwhile;
        }
        break;
      }
      case MarkResult::kNotFound:
        problem = CheckReason::kBillMissing;
        break;
    }
  }
  store_.Update(attempt.merchant_ref, [&](Attempt& a) -> std::optional<AttemptEvent> {
    if (!AwaitsMarking(a)) return std::nullopt;
    a.updated_at = clock_.Now();
    if (problem != CheckReason::kNone) {
      a.needs_check = problem;
      return StatusEvent(a);
    }
    a.bill_marked_at = clock_.Now();
    return AttemptEvent{
        "payment_bill_marked",
        events::FormatSummary(i18n::kSummaryPaymentBillMarked, {{"ref", a.merchant_ref}})};
  });
  return problem == CheckReason::kNone;
}

ReconcileReport Payments::Reconcile() {
  ReconcileReport report;
  for (auto attempt : store_.Open()) {
    const auto now = clock_.Now();
    try {
      if (ShouldRetryMarking(attempt, now, settings_.reconcile)) {
        if (MarkBills(attempt)) ++report.marked;
        continue;
      }
      if (!ShouldAsk(attempt, now, settings_.reconcile)) continue;
      auto* provider = FindProvider(attempt.provider);
      if (provider == nullptr) throw errors::NotFound(i18n::kPaymentUnknownProvider);
      ++report.asked;
      std::optional<PaymentState> state;
      try {
        state = provider->Status(attempt.merchant_ref, attempt.provider_reference);
      } catch (const errors::Error& e) {
        if (e.code() != errors::Code::kNotFound) throw;  // not_found: the link never came to be
      }
      store_.MarkChecked(attempt.merchant_ref, now);
      attempt.checked_at = now;
      if (state && state->status != PaymentStatus::kPending) {
        auto before = attempt.status;
        if (ApplyEvent(attempt.provider, *state).status != before) ++report.changed;
      } else if (ShouldExpire(attempt, now, settings_.reconcile)) {
        PaymentState expired{attempt.merchant_ref, attempt.provider_reference,
                             PaymentStatus::kExpired, attempt.amount_asked, std::nullopt};
        if (ApplyEvent(attempt.provider, expired).status == PaymentStatus::kExpired) {
          ++report.expired;
        }
      }
    } catch (const errors::Error& e) {
      ++report.failures;
      log::Warn("payment reconciliation failed",
                {{"merchant_ref", attempt.merchant_ref}, {"error", e.message()}});
    }
  }
  return report;
}

}  // namespace billing::payment
