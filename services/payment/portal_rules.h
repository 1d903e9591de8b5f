// The portal's decisions as plain functions: tokens and codes (format, hashing, the 6-digit
// draw), a code's verdict, rate-limit answers, and what the customer's page shows (isolation
// reason, bill order, the 12-month cut, invoice numbers).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "billing.pb.h"
#include "portal_store.h"
#include "providers/payment_provider.h"

namespace billing::payment {

// base64url without padding.
std::string Base64UrlEncode(std::string_view bytes);
// Whether `token` can be one of ours: `length` characters of the base64url alphabet.
bool IsTokenShaped(std::string_view token, size_t length);
// Lower-case hex of SHA-256(`text`): how tokens and codes are stored.
std::string Sha256Hex(std::string_view text);
// HMAC-SHA256(key, message), raw bytes.
std::string HmacSha256(std::string_view key, std::string_view message);

// A uniform 6-digit code from a source of random 32-bit words (rejection sampling: no value
// is more likely than another).
template <typename NextWord>
std::string DrawCode(NextWord&& next_word) {
  constexpr uint64_t kCodes = 1000000;
  constexpr uint64_t kLimit = (uint64_t{1} << 32) / kCodes * kCodes;
  uint64_t word = 0;
  do {
    word = static_cast<uint32_t>(next_word());
  } while (word >= kLimit);
  std::string code = std::to_string(word % kCodes);
  return std::string(6 - code.size(), '0') + code;
}

// Six ASCII digits.
bool IsCodeShaped(std::string_view code);

enum class CodeVerdict {
  kAccepted,  // right, deliverable, in time, unused: now used
  kWrong,     // a wrong code (tries counted)
  kVoided,    // too many wrong tries: void (this try may be the one that voided it)
  kExpired,   // the right code, but expired or used
};

// Judges `code_hash` against the stored `code` at `now`, changing it as the answer implies
// (tries, voided, used_at). Only the right code learns that a code expired or was used; a code
// that was never deliverable is never right.
CodeVerdict JudgeCode(PortalCode& code, const std::string& code_hash, PortalTime now,
                      int max_tries);

// Seconds until the window frees up when `hit` went over `limit`; nullopt while within it.
std::optional<int> RetryAfter(const RateHit& hit, int limit, std::chrono::seconds window,
                              PortalTime now);

// "unpaid" when an isolated customer has an unpaid bill whose due date ("YYYY-MM-DD") is before
// `today`; "other" when isolated for another reason; "" when not isolated.
std::string IsolationReason(const std::string& status,
                            const std::vector<bills::v1::Transaction>& unpaid,
                            const std::string& today);

// Unpaid bills, oldest due date first (then by id).
std::vector<bills::v1::Transaction> OldestDueFirst(std::vector<bills::v1::Transaction> unpaid);
// Paid bills paid within the 12 months before `now`, newest payment first.
std::vector<bills::v1::Transaction> PaidInLastYear(std::vector<bills::v1::Transaction> paid,
                                                   PortalTime now);

// What the portal tells the customer about an attempt: pending | paid | expired | failed.
std::string PortalPaymentStatusName(PaymentStatus status);

// The personal link: <public_url>/portal/t/<token>, with ?bill=<id> when `bill_id` > 0; empty
// when `public_url` is empty. A trailing slash of `public_url` is dropped.
std::string PortalUrl(std::string_view public_url, std::string_view token, int64_t bill_id);

}  // namespace billing::payment
