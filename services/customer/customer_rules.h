// Pure rules for customers and packages: merging partial input, normalising, validating.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "errors/error.h"

namespace billing::customer {

inline constexpr int64_t kMaxMoney = 100'000'000;  // Rupiah
inline constexpr int32_t kDefaultDueDay = 10;
inline constexpr size_t kMaxSearchLength = 100;

inline constexpr const char* kInternet = "internet";
inline constexpr const char* kGas = "gas";

// A customer as stored (minus id and timestamps). For gas customers the internet fields are
// empty / zero.
struct CustomerData {
  std::string type;
  std::string name;
  std::string phone;  // normalised "62..."
  std::string address;
  std::string notes;
  std::string status = "active";
  std::string pppoe_username;
  std::string pppoe_password;
  int64_t package_id = 0;  // 0 = none
  int64_t monthly_fee = 0;
  int32_t due_day = kDefaultDueDay;
  std::string installed_at;  // YYYY-MM-DD or empty
  int64_t gas_price = 0;

  bool operator==(const CustomerData&) const = default;
};

// Input for create (everything it needs) or update (only what changes).
struct CustomerPatch {
  std::optional<std::string> type;
  std::optional<std::string> name;
  std::optional<std::string> phone;
  std::optional<std::string> address;
  std::optional<std::string> notes;
  std::optional<std::string> status;
  std::optional<std::string> pppoe_username;
  std::optional<std::string> pppoe_password;
  std::optional<int64_t> package_id;
  std::optional<int64_t> monthly_fee;
  std::optional<int32_t> due_day;
  std::optional<std::string> installed_at;
  std::optional<int64_t> gas_price;
};

struct MergedCustomer {
  CustomerData data;
  // The fee must be set to the package's price (internet customer whose package was chosen or
  // changed without an explicit fee).
  bool fee_from_package = false;
};

// Applies `patch` to `before` (a default CustomerData when creating), trims and normalises the
// values, clears internet fields of a gas customer and validates the merged record. Throws
// errors::Error(invalid_argument) with every field problem.
MergedCustomer MergeCustomer(const CustomerData& before, const CustomerPatch& patch, bool creating);

struct PackageData {
  std::string name;
  std::string speed;
  int64_t price = 0;
  std::string profile;     // RouterOS PPP profile; empty = the package name
  std::string rate_limit;  // RADIUS Mikrotik-Rate-Limit; empty = none

  bool operator==(const PackageData&) const = default;
};

struct PackagePatch {
  std::optional<std::string> name;
  std::optional<std::string> speed;
  std::optional<int64_t> price;
  std::optional<std::string> profile;
  std::optional<std::string> rate_limit;
};

// Same for packages.
PackageData MergePackage(const PackageData& before, const PackagePatch& patch, bool creating);

// Single-field checks; each returns the message, or nullopt when the value is fine.
std::optional<std::string> CheckPppoeUsername(const std::string& username);
std::optional<std::string> CheckPppoePassword(const std::string& password);
std::optional<std::string> CheckDate(const std::string& date);  // YYYY-MM-DD, a real date
std::optional<std::string> CheckMoney(int64_t amount);
bool IsValidType(const std::string& type);
bool IsValidStatus(const std::string& status);
// A MikroTik rate limit: "rx[/tx]" with optional k/M/G, then optional burst parts
// ("10M/10M 20M/20M 8M/8M 10/10"); empty is fine.
std::optional<std::string> CheckRateLimit(const std::string& rate_limit);
// The reason of an isolir / reconnect: 1..200 characters, one line. Returns the trimmed text.
std::string CheckedReason(const std::string& reason);

// ILIKE patterns for a search text: the text itself (LIKE wildcards escaped) and, when it looks
// like a phone number, its digits in the stored "62..." form. Empty for an empty search.
std::vector<std::string> SearchPatterns(const std::string& q);
// Escapes %, _ and the escape character itself for LIKE.
std::string EscapeLike(const std::string& text);

// The audit view of a customer (no password) and of the difference between two versions.
nlohmann::json AuditFields(const CustomerData& data);
nlohmann::json AuditDiff(const CustomerData& before, const CustomerData& after);
nlohmann::json AuditFields(const PackageData& data);
nlohmann::json AuditDiff(const PackageData& before, const PackageData& after);

}  // namespace billing::customer
