// What the three providers share: one JSON call with every failure made an errors::Error, the
// strict reading of amounts and times, and the choice of base URL.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "http/http_transport.h"
#include "providers/payment_provider.h"

namespace billing::payment {

struct JsonAnswer {
  int status = 0;
  nlohmann::json body;  // always an object
};

// Performs the request. Throws errors::Unavailable when no answer arrived, the answer was longer
// than the transport's bound, the provider answered 5xx, or the body is not a JSON object; any
// other status is returned for the provider to read. `provider` names it in messages.
JsonAnswer CallJson(http::HttpTransport& transport, const http::HttpRequest& request,
                    std::string_view provider);

// Throws errors::FailedPrecondition("<provider> refused ...: <detail>") for a refusal the staff
// must fix (keys, signature, invalid request); detail is clipped and holds no credentials.
[[noreturn]] void ThrowRefused(std::string_view provider, int status, const std::string& detail);

// Whole Rupiah from a JSON number or a decimal string ("150000", "150000.00"); nullopt for a
// negative, fractional, oversized or non-numeric value.
std::optional<int64_t> ParseRupiah(const nlohmann::json& value);

// Finishes `state` (references and paid_at already set) with the status and the amount at
// `amount_key` of `object`. nullopt, and `problem` says why, when a reference is missing, the
// status is unknown or the amount is not whole Rupiah; paid_at is kept only for a paid state.
std::optional<PaymentState> CompleteState(PaymentState state, std::optional<PaymentStatus> status,
                                          const nlohmann::json& object, const char* amount_key,
                                          std::string* problem);
// The state a status API answered, or errors::Unavailable("<what> is unusable: <problem>").
PaymentState RequireState(std::optional<PaymentState> state, const std::string& problem,
                          std::string_view what);

// The fee the customer carries on top of the bill: `fee` when they pay it, else 0.
int64_t CustomerFee(FeeMode mode, int64_t fee);

// The string at key, or "" when it is missing or not a string.
std::string StringField(const nlohmann::json& object, const char* key);

// "2026-01-05T10:00:00.000Z" / "...+07:00" (RFC 3339) and "2026-01-05 17:00:00" (taken in
// `offset_minutes` from UTC; Midtrans answers in WIB, +420).
std::optional<TimePoint> ParseTimestamp(const std::string& text, int offset_minutes = 0);
// "2026-01-05 17:00:00 +0700": the time in WIB, as Midtrans takes it.
std::string FormatWib(TimePoint time);
std::optional<TimePoint> FromUnixSeconds(const nlohmann::json& value);
int64_t ToUnixSeconds(TimePoint time);

// `override_url` when set, else the documented URL of the mode; never a trailing slash.
std::string ChooseBaseUrl(const std::string& override_url, ProviderMode mode,
                          std::string_view sandbox_url, std::string_view production_url);

}  // namespace billing::payment
