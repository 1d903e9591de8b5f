// Pure validation of transaction input: items, amounts, payment methods, times.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "billing.pb.h"
#include "domain/period.h"
#include "errors/error.h"

namespace billing::bills {

inline constexpr int64_t kMaxAmount = 1'000'000'000;  // one billion Rupiah per transaction

// Validates gas sale items; returns them as stored JSON and their total, collecting field
// errors as "items.<n>.<field>".
nlohmann::json CheckItems(const google::protobuf::RepeatedPtrField<v1::Item>& items, int64_t* total,
                          errors::FieldErrors& fields);

std::optional<std::string> CheckAmount(int64_t amount);
bool IsPaymentMethod(const std::string& method);

// "YYYY-MM-DD" becomes noon of that day in `zone`; RFC 3339 passes through. nullopt = invalid.
std::optional<std::string> NormalizePaidAt(const std::string& text, const std::string& zone);

inline constexpr int kMaxGraceDays = 60;

// The isolir question's boundary: a bill is overdue when its due date + `grace_days` is before
// today in `zone`, i.e. when its due date is before the returned "YYYY-MM-DD".
std::string OverdueCutoff(std::chrono::system_clock::time_point now, const std::string& zone,
                          int grace_days);

// A report's or bill's "YYYY-MM"; throws invalid_argument on `field` (required or invalid).
domain::Period RequirePeriod(const std::string& text, const char* field);

}  // namespace billing::bills
