// Transaction input rules with per-field Indonesian messages.
#include "transaction_rules.h"

#include <regex>

#include "domain/period.h"
#include "i18n/messages.h"

namespace billing::bills {

nlohmann::json CheckItems(const google::protobuf::RepeatedPtrField<v1::Item>& items, int64_t* total,
                          errors::FieldErrors& fields) {
  nlohmann::json stored = nlohmann::json::array();
  *total = 0;
  if (items.empty()) fields.emplace("items", i18n::kItemsRequired);
  if (items.size() > 50) fields.emplace("items", i18n::kTooManyItems);
  for (int i = 0; i < items.size(); ++i) {
    const auto& item = items[i];
    std::string prefix = "items." + std::to_string(i) + ".";
    if (item.name().empty()) fields.emplace(prefix + "name", i18n::kFieldRequired);
    if (item.name().size() > 100) fields.emplace(prefix + "name", i18n::kTextTooLong);
    if (item.qty() < 1 || item.qty() > 10000)
      fields.emplace(prefix + "qty", i18n::kQuantityInvalid);
    if (auto problem = CheckAmount(item.unit_price()))
      fields.emplace(prefix + "unit_price", *problem);
    if (fields.empty()) {
      *total += item.qty() * item.unit_price();
      if (*total > kMaxAmount) fields.emplace("items", i18n::kAmountTooLarge);
    }
    nlohmann::json line = {
        {"name", item.name()}, {"qty", item.qty()}, {"unit_price", item.unit_price()}};
    // A shop product's line keeps its product (the buyer log and the stock read it).
    if (item.product_id() > 0) line["product_id"] = item.product_id();
    if (item.new_cylinder()) line["new_cylinder"] = true;
    stored.push_back(std::move(line));
  }
  return stored;
}

std::optional<std::string> CheckAmount(int64_t amount) {
  if (amount < 0) return i18n::kAmountNegative;
  if (amount > kMaxAmount) return i18n::kAmountTooLarge;
  return std::nullopt;
}

bool IsPaymentMethod(const std::string& method) {
  return method == "cash" || method == "transfer" || method == "other";
}

std::optional<std::string> NormalizePaidAt(const std::string& text, const std::string& zone) {
  if (domain::IsValidDate(text)) {
    char offset[8];
    std::snprintf(offset, sizeof(offset), "+%02d:00",
                  static_cast<int>(domain::UtcOffset(zone).count()));
    return text + "T12:00:00" + offset;
  }
  static const std::regex kRfc3339(
      R"(^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?(Z|[+-](0\d|1[0-4]):[0-5]\d)$)");
  if (text.size() <= 40 && std::regex_match(text, kRfc3339) &&
      domain::IsValidDate(text.substr(0, 10))) {
    return text;
  }
  return std::nullopt;
}

std::string OverdueCutoff(std::chrono::system_clock::time_point now, const std::string& zone,
                          int grace_days) {
  // Indonesian zones have no DST, so stepping back whole days of 24 h lands on the calendar
  // day `grace_days` before today.
  return domain::DateAt(now - std::chrono::hours(24) * grace_days, zone);
}

domain::Period RequirePeriod(const std::string& text, const char* field) {
  auto period = domain::Period::Parse(text);
  if (!period) {
    throw errors::InvalidArgument(
        i18n::kValidationFailed,
        {{field, text.empty() ? i18n::kFieldRequired : i18n::kInvalidPeriod}});
  }
  return *period;
}

}  // namespace billing::bills
