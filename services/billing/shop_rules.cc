// Gas shop rules with per-field Indonesian messages.
#include "shop_rules.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <set>

#include "domain/period.h"
#include "domain/text.h"
#include "i18n/messages.h"
#include "i18n/shop_messages.h"
#include "transaction_rules.h"

namespace billing::bills {
namespace {

constexpr std::array<const char*, 5> kKinds = {"lpg_3kg", "lpg_5_5kg", "lpg_12kg", "bright_gas",
                                               "other"};

void CheckPrice(const char* field, int64_t price, errors::FieldErrors& fields) {
  if (price < 0) {
    fields.emplace(field, i18n::kProductPriceInvalid);
  } else if (auto problem = CheckAmount(price)) {
    fields.emplace(field, *problem);
  }
}

bool DeltaTooLarge(int32_t delta) { return delta > kMaxStockDelta || delta < -kMaxStockDelta; }

std::chrono::sys_days DayOf(const std::string& date) {
  int year = std::stoi(date.substr(0, 4));
  auto month = static_cast<unsigned>(std::stoi(date.substr(5, 2)));
  auto day = static_cast<unsigned>(std::stoi(date.substr(8, 2)));
  return std::chrono::sys_days(std::chrono::year_month_day(
      std::chrono::year(year), std::chrono::month(month), std::chrono::day(day)));
}

std::string DateOf(std::chrono::sys_days day) {
  std::chrono::year_month_day ymd(day);
  char text[16];
  std::snprintf(text, sizeof(text), "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return text;
}

}  // namespace

bool IsProductKind(const std::string& kind) {
  return std::find_if(kKinds.begin(), kKinds.end(), [&](const char* k) { return kind == k; }) !=
         kKinds.end();
}

shop::v1::ProductInput CheckProductInput(const shop::v1::ProductInput& input,
                                         errors::FieldErrors& fields) {
  shop::v1::ProductInput checked = input;
  checked.set_name(domain::Trim(input.name()));
  if (checked.name().empty()) {
    fields.emplace("name", i18n::kFieldRequired);
  } else if (checked.name().size() > 100) {
    fields.emplace("name", i18n::kTextTooLong);
  }
  if (!IsProductKind(input.kind())) {
    fields.emplace("kind", input.kind().empty() ? i18n::kFieldRequired : i18n::kProductKindInvalid);
  }
  CheckPrice("price", input.price(), fields);
  CheckPrice("cylinder_price", input.cylinder_price(), fields);
  CheckPrice("purchase_price", input.purchase_price(), fields);
  if (input.low_stock() < 0 || input.low_stock() > kMaxLowStock) {
    fields.emplace("low_stock", i18n::kProductLowStockInvalid);
  }
  return checked;
}

MovementInput CheckMovement(const shop::v1::RecordMovementRequest& request, bool is_admin) {
  MovementInput movement;
  movement.product_id = request.product_id();
  movement.kind = request.kind();
  movement.full_delta = request.full_delta();
  movement.empty_delta = request.empty_delta();
  movement.note = domain::Trim(request.note());
  if (request.has_unit_price()) movement.unit_price = request.unit_price();
  if (movement.kind == "correction" && !is_admin) {
    throw errors::PermissionDenied(i18n::kCorrectionAdminOnly);
  }
  errors::FieldErrors fields;
  if (movement.product_id <= 0) fields.emplace("product_id", i18n::kFieldRequired);
  if (movement.note.size() > 500) fields.emplace("note", i18n::kTextTooLong);
  if (DeltaTooLarge(movement.full_delta)) fields.emplace("full_delta", i18n::kDeltaTooLarge);
  if (DeltaTooLarge(movement.empty_delta)) fields.emplace("empty_delta", i18n::kDeltaTooLarge);
  if (movement.kind == "delivery") {
    if (movement.full_delta <= 0) fields.emplace("full_delta", i18n::kDeliveryFullRequired);
    if (movement.empty_delta > 0) fields.emplace("empty_delta", i18n::kDeliveryEmptyOut);
    if (movement.unit_price) CheckPrice("unit_price", *movement.unit_price, fields);
  } else if (movement.kind == "return") {
    if (movement.full_delta < 0 || movement.empty_delta < 0 ||
        (movement.full_delta == 0 && movement.empty_delta == 0)) {
      fields.emplace(movement.empty_delta < 0 ? "empty_delta" : "full_delta", i18n::kReturnCounts);
    }
  } else if (movement.kind == "correction") {
    if (movement.full_delta == 0 && movement.empty_delta == 0) {
      fields.emplace("full_delta", i18n::kCorrectionZero);
    }
    if (movement.note.empty()) fields.emplace("note", i18n::kCorrectionNoteRequired);
  } else {
    fields.emplace("kind",
                   movement.kind.empty() ? i18n::kFieldRequired : i18n::kMovementKindInvalid);
  }
  if (movement.kind != "delivery" && movement.unit_price) {
    fields.emplace("unit_price", i18n::kUnitPriceNotAllowed);
  }
  if (!fields.empty()) throw errors::InvalidArgument(i18n::kValidationFailed, fields);
  if (movement.kind == "delivery" && movement.unit_price &&
      *movement.unit_price * movement.full_delta > kMaxAmount) {
    throw errors::InvalidArgument(i18n::kValidationFailed, {{"unit_price", i18n::kAmountTooLarge}});
  }
  return movement;
}

bool IsMovementKind(const std::string& kind) {
  return kind == "sale" || kind == "sale_new_cylinder" || kind == "sale_cancelled" ||
         kind == "delivery" || kind == "return" || kind == "correction";
}

std::vector<std::string> ReportDays(const std::string& from, const std::string& to,
                                    errors::FieldErrors& fields) {
  std::vector<std::string> days;
  if (!domain::IsValidDate(from)) {
    fields.emplace("from", from.empty() ? i18n::kFieldRequired : i18n::kInvalidDate);
  }
  if (!domain::IsValidDate(to)) {
    fields.emplace("to", to.empty() ? i18n::kFieldRequired : i18n::kInvalidDate);
  }
  if (!fields.empty()) return days;
  auto first = DayOf(from);
  auto last = DayOf(to);
  if (last < first) {
    fields.emplace("to", i18n::kReportRangeReversed);
    return days;
  }
  if ((last - first).count() > kMaxReportDays) {
    fields.emplace("to", i18n::kReportRangeTooLong);
    return days;
  }
  for (auto day = first; day <= last; day += std::chrono::days(1)) days.push_back(DateOf(day));
  return days;
}

std::vector<shop::v1::StockDay> BuildStockReport(const std::vector<ProductStock>& products,
                                                 const std::vector<std::string>& days) {
  std::vector<shop::v1::StockDay> rows;
  if (days.empty()) return rows;
  std::vector<const ProductStock*> by_name;
  by_name.reserve(products.size());
  for (const auto& product : products) by_name.push_back(&product);
  std::stable_sort(by_name.begin(), by_name.end(),
                   [](const ProductStock* a, const ProductStock* b) { return a->name < b->name; });
  // Per product: the opening of the first day is now's count minus every flow since.
  std::vector<std::pair<int32_t, int32_t>> opening;
  for (const auto* product : by_name) {
    int32_t full = product->full;
    int32_t empty = product->empty;
    for (const auto& [day, flow] : product->days) {
      if (day < days.front()) continue;
      full -= flow.full_in - flow.full_out;
      empty -= flow.empty_in - flow.empty_out;
    }
    opening.emplace_back(full, empty);
  }
  for (const auto& day : days) {
    for (size_t i = 0; i < by_name.size(); ++i) {
      const ProductStock& product = *by_name[i];
      StockFlow flow;
      if (auto found = product.days.find(day); found != product.days.end()) flow = found->second;
      shop::v1::StockDay row;
      row.set_date(day);
      row.set_product_id(product.id);
      row.set_product_name(product.name);
      row.set_full_opening(opening[i].first);
      row.set_full_in(flow.full_in);
      row.set_full_out(flow.full_out);
      row.set_full_closing(opening[i].first + flow.full_in - flow.full_out);
      row.set_empty_opening(opening[i].second);
      row.set_empty_in(flow.empty_in);
      row.set_empty_out(flow.empty_out);
      row.set_empty_closing(opening[i].second + flow.empty_in - flow.empty_out);
      opening[i] = {row.full_closing(), row.empty_closing()};
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

std::vector<shop::v1::BuyerTotal> BuyerTotals(const std::vector<shop::v1::BuyerLogEntry>& entries,
                                              int32_t monthly_limit) {
  std::map<std::string, shop::v1::BuyerTotal> by_nik;
  std::map<std::string, std::set<std::string>> days;
  for (const auto& entry : entries) {
    shop::v1::BuyerTotal& total = by_nik[entry.nik()];
    total.set_nik(entry.nik());
    total.set_customer_name(entry.customer_name());  // entries come by time: the latest wins
    total.set_qty(total.qty() + entry.qty());
    days[entry.nik()].insert(entry.date());
  }
  std::vector<shop::v1::BuyerTotal> totals;
  for (auto& [nik, total] : by_nik) {
    total.set_days(static_cast<int64_t>(days[nik].size()));
    total.set_over_limit(monthly_limit > 0 && total.qty() > monthly_limit);
    totals.push_back(std::move(total));
  }
  std::stable_sort(totals.begin(), totals.end(),
                   [](const auto& a, const auto& b) { return a.qty() > b.qty(); });
  return totals;
}

}  // namespace billing::bills
