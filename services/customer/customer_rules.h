// Pure rules for customers and packages: merging partial input, normalising, validating, who
// may see a PPPoE password, isolir decisions, list paging and the audit rows of every change.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/customer_kind.h"
#include "errors/error.h"
#include "events/outbox.h"
#include "rpc/caller.h"

namespace billing::customer {

using domain::CustomerStatus;
using domain::CustomerType;

inline constexpr int64_t kMaxMoney = 100'000'000;  // Rupiah
inline constexpr int32_t kDefaultDueDay = 10;
inline constexpr size_t kMaxSearchLength = 100;

// An enum field of an input: not given, given as a known value, or given as an unknown one
// (UNSPECIFIED on the wire: a word the gateway did not know).
template <typename Enum>
struct EnumField {
  bool given = false;
  std::optional<Enum> value;  // nullopt when given but unknown

  static EnumField Of(Enum known) { return {true, known}; }
};

// A customer as stored (minus id and timestamps). For gas customers the internet fields are
// empty / zero.
struct CustomerData {
  CustomerType type = CustomerType::kInternet;
  std::string name;
  std::string phone;  // normalised "62..."
  std::string address;
  std::string notes;
  CustomerStatus status = CustomerStatus::kActive;
  std::string pppoe_username;
  std::string pppoe_password;
  int64_t package_id = 0;  // 0 = none
  int64_t monthly_fee = 0;
  int32_t due_day = kDefaultDueDay;
  std::string installed_at;  // YYYY-MM-DD or empty
  int64_t gas_price = 0;
  std::string discount_type = "none";  // "none" | "fixed" (Rupiah) | "percent" (1..100)
  int64_t discount_value = 0;
  int64_t installation_fee = 0;  // internet only: charged once, on the first bill
  std::string nik;               // gas only: 16 digits (domain::NormalizeNik) or empty

  bool operator==(const CustomerData&) const = default;
};

// Input for create (everything it needs) or update (only what changes).
struct CustomerPatch {
  EnumField<CustomerType> type;
  std::optional<std::string> name;
  std::optional<std::string> phone;
  std::optional<std::string> address;
  std::optional<std::string> notes;
  EnumField<CustomerStatus> status;
  std::optional<std::string> pppoe_username;
  std::optional<std::string> pppoe_password;
  std::optional<int64_t> package_id;
  std::optional<int64_t> monthly_fee;
  std::optional<int32_t> due_day;
  std::optional<std::string> installed_at;
  std::optional<int64_t> gas_price;
  std::optional<std::string> discount_type;
  std::optional<int64_t> discount_value;
  std::optional<int64_t> installation_fee;
  std::optional<std::string> nik;
};

struct MergedCustomer {
  CustomerData data;
  // The fee must be set to the package's price (internet customer whose package was chosen or
  // changed without an explicit fee).
  bool fee_from_package = false;
};

// Whether a customer may be created without a phone number. kMayWait is for customers adopted
// from a router (the admin fills the numbers in later): their phone stays '' ("nomor HP belum
// diisi") and messages refuse them. A customer waiting for a phone may keep waiting through
// an update; once it has one, it cannot lose it.
enum class PhoneRule { kRequired, kMayWait };

// Applies `patch` to `before` (a default CustomerData when creating), trims and normalises the
// values, clears internet fields of a gas customer and validates the merged record. Throws
// errors::Error(invalid_argument) with every field problem.
MergedCustomer MergeCustomer(const CustomerData& before, const CustomerPatch& patch, bool creating,
                             PhoneRule phone_rule = PhoneRule::kRequired);

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
// A MikroTik rate limit: "rx[/tx]" with optional k/M/G, then optional burst parts
// ("10M/10M 20M/20M 8M/8M 10/10"); empty is fine.
std::optional<std::string> CheckRateLimit(const std::string& rate_limit);
// The reason of an isolir / reconnect: 1..200 characters, one line. Returns the trimmed text.
std::string CheckedReason(const std::string& reason);

// The status an isolir / reconnect may set: active or isolated (invalid_argument otherwise).
CustomerStatus CheckedIsolirStatus(std::optional<CustomerStatus> wanted);
// Whether a live customer of `current` may move to `wanted` by isolir / reconnect: throws
// failed_precondition for a gas or an inactive customer; false when it already is so.
bool StatusChanges(const CustomerData& current, CustomerStatus wanted);

// The PPPoE password goes, when asked for, to the services that use it: `network` (puts it on
// the routers) and `messaging` (the {password} placeholder of the templates); in bulk (the
// billable feed, GetCustomers) to `network` only. People see one only through
// RevealPppoePassword, which is audited.
bool MayReadPppoePassword(const rpc::Caller& caller);
bool MayReadPppoePasswordsInBulk(const rpc::Caller& caller);
// Throws failed_precondition unless `data` has a password to show (a live internet customer).
void CheckPasswordShowable(const CustomerData& data);

// Throws failed_precondition while live customers use the package.
void CheckPackageUnused(int64_t live_customers);

// A list request as it arrives and as the store runs it.
struct CustomerListInput {
  std::string q;
  EnumField<CustomerType> type;
  EnumField<CustomerStatus> status;
  int64_t package_id = 0;      // 0 = any
  bool missing_phone = false;  // only customers whose phone is still to be filled in
  int limit = 0;               // 0 = the default page
  int offset = 0;
};

struct CustomerQuery {
  std::vector<std::string> patterns;  // ILIKE patterns, any of which matches (SearchPatterns)
  std::optional<CustomerType> type;   // nullopt = any
  std::optional<CustomerStatus> status;
  int64_t package_id = 0;  // 0 = any
  bool missing_phone = false;
  int limit = 50;
  int offset = 0;
};

// Validates the input (invalid_argument with every field problem) and fills the defaults.
CustomerQuery CheckedQuery(const CustomerListInput& input);
// The billable feed's batch size: 0 = the default, 1..5000 (invalid_argument otherwise).
int CheckedBatchSize(int batch_size);
// At most 5,000 ids in one GetCustomers (invalid_argument otherwise).
void CheckIdCount(size_t count);

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

// The audit rows (events/outbox.h) of each change, the same from every store.
events::Change CustomerCreated(int64_t id, const CustomerData& data);
events::Change CustomerUpdated(int64_t id, const CustomerData& before, const CustomerData& after);
events::Change CustomerDeleted(int64_t id, const CustomerData& data);
// "isolate" / "reconnect" with the reason; origin "manual" for a user, "auto" for the network
// service's policy (the network service tells the two apart by it).
events::Change StatusChanged(int64_t id, const CustomerData& before, CustomerStatus to,
                             const std::string& reason, const rpc::Caller& actor);
events::Change PasswordShown(int64_t id, const CustomerData& data);
events::Change PackageCreated(int64_t id, const PackageData& data);
// nullopt when nothing changed.
std::optional<events::Change> PackageUpdated(int64_t id, const PackageData& before,
                                             const PackageData& after);
events::Change PackageDeleted(int64_t id, const std::string& name);

}  // namespace billing::customer
