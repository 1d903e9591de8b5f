// Validation and normalisation of customers and packages; messages from the Indonesian catalogue.
#include "customer_rules.h"

#include <regex>

#include "domain/nik.h"
#include "domain/phone.h"
#include "domain/text.h"
#include "events/outbox.h"
#include "i18n/messages.h"
#include "rpc/paging.h"

namespace billing::customer {
namespace {

using domain::Trim;

constexpr int kDefaultBatchSize = 1000;
constexpr int kMaxBatchSize = 5000;
constexpr size_t kMaxIds = 5000;
constexpr const char* kCustomerEntity = "customer";
constexpr const char* kPackageEntity = "package";

constexpr size_t kMaxNameLength = 100;
constexpr size_t kMaxAddressLength = 200;
constexpr size_t kMaxNotesLength = 1000;
constexpr size_t kMaxPackageNameLength = 60;
constexpr size_t kMaxSpeedLength = 30;

// Number of code points, assuming valid UTF-8 (protobuf strings are checked for it).
size_t CodePoints(const std::string& text) {
  size_t count = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++count;
  }
  return count;
}

// Free text: a length limit in characters and no control characters (line breaks and tabs
// are allowed where `multiline`).
std::optional<std::string> CheckText(const std::string& text, size_t max_length,
                                     const char* too_long, bool multiline) {
  if (CodePoints(text) > max_length) return too_long;
  for (unsigned char c : text) {
    bool allowed_break = multiline && (c == '\n' || c == '\r' || c == '\t');
    if ((c < 0x20 && !allowed_break) || c == 0x7F) return i18n::kControlCharacters;
  }
  return std::nullopt;
}

void Collect(errors::FieldErrors& fields, const char* name, std::optional<std::string> message) {
  if (message) fields.emplace(name, std::move(*message));
}

void ThrowIfAny(const errors::FieldErrors& fields) {
  if (!fields.empty()) throw errors::InvalidArgument(i18n::kValidationFailed, fields);
}

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

bool IsPhoneLike(const std::string& text) {
  return text.find_first_not_of("0123456789 +-.()") == std::string::npos;
}

// The internet-only fields a gas customer may not be given (empty / zero values are fine, as
// a form sends them).
void RejectInternetFields(const CustomerPatch& patch, errors::FieldErrors& fields) {
  if (patch.pppoe_username && !Trim(*patch.pppoe_username).empty()) {
    fields.emplace("pppoe_username", i18n::kNotForGas);
  }
  if (patch.pppoe_password && !patch.pppoe_password->empty()) {
    fields.emplace("pppoe_password", i18n::kNotForGas);
  }
  if (patch.package_id && *patch.package_id != 0) fields.emplace("package_id", i18n::kNotForGas);
  if (patch.monthly_fee && *patch.monthly_fee != 0) fields.emplace("monthly_fee", i18n::kNotForGas);
  if (patch.installed_at && !Trim(*patch.installed_at).empty()) {
    fields.emplace("installed_at", i18n::kNotForGas);
  }
  if (patch.installation_fee && *patch.installation_fee != 0) {
    fields.emplace("installation_fee", i18n::kNotForGas);
  }
}

// A gas customer's NIK: empty, or a valid one kept as its 16 digits.
void MergeNik(CustomerData& data, const CustomerPatch& patch, errors::FieldErrors& fields) {
  if (!patch.nik) return;
  std::string text = Trim(*patch.nik);
  if (text.empty()) {
    data.nik.clear();
  } else if (auto nik = domain::NormalizeNik(text)) {
    data.nik = *nik;
  } else {
    fields.emplace("nik", i18n::kNikInvalid);
  }
}

// The standing discount: a type given alone resets the value of "none"; the value is Rupiah
// for "fixed" and 1..100 for "percent".
void MergeDiscount(CustomerData& data, const CustomerPatch& patch, errors::FieldErrors& fields) {
  if (patch.discount_type) {
    std::string type = Trim(*patch.discount_type);
    data.discount_type = type.empty() ? "none" : type;
    if (data.discount_type == "none" && !patch.discount_value) data.discount_value = 0;
  }
  if (patch.discount_value) data.discount_value = *patch.discount_value;
  if (data.discount_type == "none") {
    if (data.discount_value != 0) fields.emplace("discount_value", i18n::kDiscountValueForNone);
  } else if (data.discount_type == "percent") {
    if (data.discount_value < 1 || data.discount_value > 100) {
      fields.emplace("discount_value", i18n::kDiscountPercentRange);
    }
  } else if (data.discount_type == "fixed") {
    Collect(fields, "discount_value", CheckMoney(data.discount_value));
  } else {
    fields.emplace("discount_type", i18n::kInvalidDiscountType);
  }
}

void ValidateInternet(const CustomerData& data, errors::FieldErrors& fields) {
  Collect(fields, "pppoe_username", CheckPppoeUsername(data.pppoe_username));
  Collect(fields, "pppoe_password", CheckPppoePassword(data.pppoe_password));
  if (data.package_id == 0) {
    fields.emplace("package_id", i18n::kFieldRequired);
  } else if (data.package_id < 0) {
    fields.emplace("package_id", i18n::kPackageNotFound);
  }
  Collect(fields, "monthly_fee", CheckMoney(data.monthly_fee));
  if (!data.installed_at.empty()) Collect(fields, "installed_at", CheckDate(data.installed_at));
}

}  // namespace

std::optional<std::string> CheckPppoeUsername(const std::string& username) {
  if (username.empty()) return i18n::kFieldRequired;
  if (username.size() < 2 || username.size() > 64) return i18n::kInvalidPppoeUsername;
  for (char c : username) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '@' || c == '-';
    if (!ok) return i18n::kInvalidPppoeUsername;
  }
  return std::nullopt;
}

std::optional<std::string> CheckPppoePassword(const std::string& password) {
  if (password.empty()) return i18n::kFieldRequired;
  if (password.size() > 64) return i18n::kInvalidPppoePassword;
  for (unsigned char c : password) {
    if (c < 0x20 || c > 0x7E) return i18n::kInvalidPppoePassword;
  }
  return std::nullopt;
}

std::optional<std::string> CheckDate(const std::string& date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return i18n::kInvalidInstalledAt;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (date[i] < '0' || date[i] > '9') return i18n::kInvalidInstalledAt;
  }
  int year = std::stoi(date.substr(0, 4));
  int month = std::stoi(date.substr(5, 2));
  int day = std::stoi(date.substr(8, 2));
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (year < 1900 || year > 2100 || month < 1 || month > 12) return i18n::kInvalidInstalledAt;
  int last = kDays[month - 1] + (month == 2 && IsLeapYear(year) ? 1 : 0);
  if (day < 1 || day > last) return i18n::kInvalidInstalledAt;
  return std::nullopt;
}

std::optional<std::string> CheckMoney(int64_t amount) {
  if (amount < 0 || amount > kMaxMoney) return i18n::kMoneyRange;
  return std::nullopt;
}

MergedCustomer MergeCustomer(const CustomerData& before, const CustomerPatch& patch, bool creating,
                             PhoneRule phone_rule) {
  errors::FieldErrors fields;
  MergedCustomer merged{before, false};
  CustomerData& data = merged.data;

  bool type_known = !creating;
  if (patch.type.given) {
    type_known = patch.type.value.has_value();
    if (type_known) data.type = *patch.type.value;
  }
  if (!type_known) {
    fields.emplace("type", patch.type.given ? i18n::kInvalidCustomerType : i18n::kFieldRequired);
  }
  if (patch.name) data.name = Trim(*patch.name);
  if (data.name.empty()) {
    fields.emplace("name", i18n::kFieldRequired);
  } else {
    Collect(fields, "name", CheckText(data.name, kMaxNameLength, i18n::kMaxChars100, false));
  }
  const bool phone_may_wait = creating ? phone_rule == PhoneRule::kMayWait : before.phone.empty();
  if (patch.phone) {
    std::string phone = Trim(*patch.phone);
    auto normalised = domain::NormalizePhone(phone);
    if (phone.empty()) {
      if (!phone_may_wait) fields.emplace("phone", i18n::kFieldRequired);
      data.phone.clear();
    } else if (!normalised) {
      fields.emplace("phone", i18n::kInvalidPhone);
    } else {
      data.phone = *normalised;
    }
  } else if (creating && !phone_may_wait) {
    fields.emplace("phone", i18n::kFieldRequired);
  }
  if (patch.address) data.address = Trim(*patch.address);
  Collect(fields, "address", CheckText(data.address, kMaxAddressLength, i18n::kMaxChars200, true));
  if (patch.notes) data.notes = Trim(*patch.notes);
  Collect(fields, "notes", CheckText(data.notes, kMaxNotesLength, i18n::kMaxChars1000, true));
  if (patch.status.given) {
    if (patch.status.value) {
      data.status = *patch.status.value;
    } else {
      fields.emplace("status", i18n::kInvalidCustomerStatus);
    }
  }
  if (patch.due_day) data.due_day = *patch.due_day;
  if (data.due_day < 1 || data.due_day > 28) fields.emplace("due_day", i18n::kDueDayRange);
  MergeDiscount(data, patch, fields);

  if (!type_known) {
    // Which fields belong is unknown until the type is: they are checked once it is valid.
  } else if (data.type == CustomerType::kGas) {
    RejectInternetFields(patch, fields);
    data.pppoe_username.clear();
    data.pppoe_password.clear();
    data.package_id = 0;
    data.monthly_fee = 0;
    data.installed_at.clear();
    data.installation_fee = 0;
    MergeNik(data, patch, fields);
    if (patch.gas_price) data.gas_price = *patch.gas_price;
    Collect(fields, "gas_price", CheckMoney(data.gas_price));
  } else {
    if (patch.gas_price && *patch.gas_price != 0) {
      fields.emplace("gas_price", i18n::kNotForInternet);
    }
    data.gas_price = 0;
    if (patch.nik && !Trim(*patch.nik).empty()) fields.emplace("nik", i18n::kNotForInternet);
    data.nik.clear();
    if (patch.pppoe_username) data.pppoe_username = Trim(*patch.pppoe_username);
    if (patch.pppoe_password) data.pppoe_password = *patch.pppoe_password;
    if (patch.package_id) data.package_id = *patch.package_id;
    if (patch.monthly_fee) data.monthly_fee = *patch.monthly_fee;
    if (patch.installed_at) data.installed_at = Trim(*patch.installed_at);
    if (patch.installation_fee) data.installation_fee = *patch.installation_fee;
    Collect(fields, "installation_fee", CheckMoney(data.installation_fee));
    ValidateInternet(data, fields);
    bool package_chosen =
        creating || before.type != CustomerType::kInternet || data.package_id != before.package_id;
    merged.fee_from_package = !patch.monthly_fee && package_chosen;
  }
  ThrowIfAny(fields);
  return merged;
}

PackageData MergePackage(const PackageData& before, const PackagePatch& patch, bool creating) {
  errors::FieldErrors fields;
  PackageData data = before;
  if (patch.name) data.name = Trim(*patch.name);
  if (data.name.empty()) {
    fields.emplace("name", i18n::kFieldRequired);
  } else {
    Collect(fields, "name", CheckText(data.name, kMaxPackageNameLength, i18n::kMaxChars60, false));
  }
  if (patch.speed) data.speed = Trim(*patch.speed);
  Collect(fields, "speed", CheckText(data.speed, kMaxSpeedLength, i18n::kMaxChars30, false));
  if (patch.price) {
    data.price = *patch.price;
    Collect(fields, "price", CheckMoney(data.price));
  } else if (creating) {
    fields.emplace("price", i18n::kFieldRequired);
  }
  if (patch.profile) data.profile = Trim(*patch.profile);
  Collect(fields, "profile",
          CheckText(data.profile, kMaxPackageNameLength, i18n::kInvalidProfileName, false));
  if (patch.rate_limit) data.rate_limit = Trim(*patch.rate_limit);
  Collect(fields, "rate_limit", CheckRateLimit(data.rate_limit));
  ThrowIfAny(fields);
  return data;
}

std::optional<std::string> CheckRateLimit(const std::string& rate_limit) {
  if (rate_limit.empty()) return std::nullopt;
  // Up to four space-separated "rate[/rate]" parts: limit, burst limit, burst threshold,
  // burst time (the last in seconds, no unit, but digits fit the same shape).
  static const std::regex kShape(
      "[0-9]{1,10}[kKmMgG]?(/[0-9]{1,10}[kKmMgG]?)?"
      "( [0-9]{1,10}[kKmMgG]?(/[0-9]{1,10}[kKmMgG]?)?){0,3}");
  if (rate_limit.size() > 100 || !std::regex_match(rate_limit, kShape)) {
    return i18n::kInvalidRateLimit;
  }
  return std::nullopt;
}

std::string CheckedReason(const std::string& reason) {
  std::string text = Trim(reason);
  if (text.empty() || CheckText(text, 200, i18n::kReasonRequired, false)) {
    throw errors::InvalidArgument(i18n::kValidationFailed, {{"reason", i18n::kReasonRequired}});
  }
  return text;
}

std::string EscapeLike(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

std::vector<std::string> SearchPatterns(const std::string& q) {
  std::string text = Trim(q);
  if (text.empty()) return {};
  std::vector<std::string> patterns{"%" + EscapeLike(text) + "%"};
  if (IsPhoneLike(text)) {
    std::string digits;
    for (char c : text) {
      if (c >= '0' && c <= '9') digits.push_back(c);
    }
    if (digits.size() >= 3 && digits[0] == '0') digits = "62" + digits.substr(1);
    if (digits.size() >= 3 && digits != text) patterns.push_back("%" + digits + "%");
  }
  return patterns;
}

nlohmann::json AuditFields(const CustomerData& data) {
  nlohmann::json out = {{"type", domain::Name(data.type)},
                        {"name", data.name},
                        {"phone", data.phone},
                        {"address", data.address},
                        {"notes", data.notes},
                        {"status", domain::Name(data.status)},
                        {"due_day", data.due_day},
                        {"discount_type", data.discount_type},
                        {"discount_value", data.discount_value}};
  if (data.type == CustomerType::kInternet) {
    out["pppoe_username"] = data.pppoe_username;
    out["package_id"] = data.package_id;
    out["monthly_fee"] = data.monthly_fee;
    out["installed_at"] = data.installed_at;
    out["installation_fee"] = data.installation_fee;
  } else {
    out["gas_price"] = data.gas_price;
    // A NIK is personal data: the audit trail shows that it changed, not what it is.
    out["nik"] = data.nik.empty() ? "" : "************" + data.nik.substr(12);
  }
  return out;
}

nlohmann::json AuditDiff(const CustomerData& before, const CustomerData& after) {
  return events::Diff(AuditFields(before), AuditFields(after));
}

nlohmann::json AuditFields(const PackageData& data) {
  return {{"name", data.name},
          {"speed", data.speed},
          {"price", data.price},
          {"profile", data.profile},
          {"rate_limit", data.rate_limit}};
}

nlohmann::json AuditDiff(const PackageData& before, const PackageData& after) {
  return events::Diff(AuditFields(before), AuditFields(after));
}

CustomerStatus CheckedIsolirStatus(std::optional<CustomerStatus> wanted) {
  if (wanted != CustomerStatus::kActive && wanted != CustomerStatus::kIsolated) {
    throw errors::InvalidArgument(i18n::kValidationFailed,
                                  {{"status", i18n::kInvalidIsolirStatus}});
  }
  return *wanted;
}

bool StatusChanges(const CustomerData& current, CustomerStatus wanted) {
  if (current.type != CustomerType::kInternet) {
    throw errors::FailedPrecondition(i18n::kIsolirInternetOnly);
  }
  if (current.status == CustomerStatus::kInactive) {
    throw errors::FailedPrecondition(i18n::kIsolirInactiveCustomer);
  }
  return current.status != wanted;
}

bool MayReadPppoePassword(const rpc::Caller& caller) {
  return caller.service == "network" || caller.service == "messaging";
}

bool MayReadPppoePasswordsInBulk(const rpc::Caller& caller) { return caller.service == "network"; }

void CheckPasswordShowable(const CustomerData& data) {
  if (data.type != CustomerType::kInternet || data.pppoe_password.empty()) {
    throw errors::FailedPrecondition(i18n::kNoPppoePassword);
  }
}

void CheckPackageUnused(int64_t live_customers) {
  if (live_customers > 0) throw errors::FailedPrecondition(i18n::kPackageInUse);
}

CustomerQuery CheckedQuery(const CustomerListInput& input) {
  errors::FieldErrors fields;
  CustomerQuery query;
  if (input.q.size() > kMaxSearchLength) fields.emplace("q", i18n::kSearchTooLong);
  query.patterns = SearchPatterns(input.q);
  query.type = input.type.value;
  if (input.type.given && !input.type.value) fields.emplace("type", i18n::kInvalidCustomerType);
  query.status = input.status.value;
  if (input.status.given && !input.status.value) {
    fields.emplace("status", i18n::kInvalidCustomerStatus);
  }
  query.package_id = input.package_id;
  query.missing_phone = input.missing_phone;
  if (query.package_id < 0) fields.emplace("package", i18n::kInvalidPackageFilter);
  rpc::Page page = rpc::ReadPage(input.limit, input.offset, fields);
  query.limit = page.limit;
  query.offset = page.offset;
  ThrowIfAny(fields);
  return query;
}

int CheckedBatchSize(int batch_size) {
  int size = batch_size == 0 ? kDefaultBatchSize : batch_size;
  if (size < 1 || size > kMaxBatchSize) {
    throw errors::InvalidArgument(i18n::kInvalidPaging, {{"batch_size", i18n::kInvalidPaging}});
  }
  return size;
}

void CheckIdCount(size_t count) {
  if (count > kMaxIds) {
    throw errors::InvalidArgument(i18n::kInvalidPaging, {{"ids", i18n::kInvalidPaging}});
  }
}

events::Change CustomerCreated(int64_t id, const CustomerData& data) {
  return {"create", kCustomerEntity, std::to_string(id), i18n::kSummaryCustomerCreated + data.name,
          AuditFields(data)};
}

events::Change CustomerUpdated(int64_t id, const CustomerData& before, const CustomerData& after) {
  return {"update", kCustomerEntity, std::to_string(id), i18n::kSummaryCustomerUpdated + after.name,
          AuditDiff(before, after)};
}

events::Change CustomerDeleted(int64_t id, const CustomerData& data) {
  return {"delete",
          kCustomerEntity,
          std::to_string(id),
          i18n::kSummaryCustomerDeleted + data.name,
          {{"name", data.name}, {"type", domain::Name(data.type)}}};
}

events::Change StatusChanged(int64_t id, const CustomerData& before, CustomerStatus to,
                             const std::string& reason, const rpc::Caller& actor) {
  bool isolating = to == CustomerStatus::kIsolated;
  return {isolating ? "isolate" : "reconnect",
          kCustomerEntity,
          std::to_string(id),
          events::FormatSummary(
              isolating ? i18n::kSummaryCustomerIsolated : i18n::kSummaryCustomerReconnected,
              {{"nama", before.name}, {"alasan", reason}}),
          {{"status", {{"from", domain::Name(before.status)}, {"to", domain::Name(to)}}},
           {"reason", reason},
           {"origin", actor.authenticated() ? "manual" : "auto"}}};
}

events::Change PasswordShown(int64_t id, const CustomerData& data) {
  return {"show_password",
          kCustomerEntity,
          std::to_string(id),
          events::FormatSummary(i18n::kSummaryPppoePasswordShown, {{"nama", data.name}}),
          {{"pppoe_username", data.pppoe_username}}};
}

events::Change PackageCreated(int64_t id, const PackageData& data) {
  return {"create", kPackageEntity, std::to_string(id), i18n::kSummaryPackageCreated + data.name,
          AuditFields(data)};
}

std::optional<events::Change> PackageUpdated(int64_t id, const PackageData& before,
                                             const PackageData& after) {
  nlohmann::json diff = AuditDiff(before, after);
  if (diff.empty()) return std::nullopt;
  return events::Change{"update", kPackageEntity, std::to_string(id),
                        i18n::kSummaryPackageUpdated + after.name, diff};
}

events::Change PackageDeleted(int64_t id, const std::string& name) {
  return {"delete",
          kPackageEntity,
          std::to_string(id),
          i18n::kSummaryPackageDeleted + name,
          {{"name", name}}};
}

}  // namespace billing::customer
