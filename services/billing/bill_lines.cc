// Bill lines: the arithmetic and rounding rule are described in bill_lines.h.
#include "bill_lines.h"

#include "domain/period.h"
#include "i18n/messages.h"

namespace billing::bills {
namespace {

nlohmann::json Line(const char* kind, const std::string& label, int64_t qty, int64_t unit_price,
                    int64_t amount, const std::string& note = "", bool included = false) {
  return {{"kind", kind},     {"label", label},       {"qty", qty},  {"unit_price", unit_price},
          {"amount", amount}, {"included", included}, {"note", note}};
}

// "11", "11,5" or "11,25": a rate in hundredths of a percent, the Indonesian way.
std::string FormatRate(int64_t rate_bp) {
  std::string text = std::to_string(rate_bp / 100);
  int64_t cents = rate_bp % 100;
  if (cents != 0) {
    text += ',';
    text += static_cast<char>('0' + cents / 10);
    if (cents % 10 != 0) text += static_cast<char>('0' + cents % 10);
  }
  return text;
}

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  size_t at = text.find(from);
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// Days of the installation month charged on its bill, as {used, days in the month}; nullopt
// when the bill is not for that month or the customer was installed on the 1st.
std::optional<std::pair<int, int>> ProratedDays(const std::string& period,
                                                const std::string& installed_at) {
  if (installed_at.size() != 10 || installed_at.compare(0, 7, period) != 0) return std::nullopt;
  auto month = domain::Period::Parse(period);
  if (!month || !domain::IsValidDate(installed_at)) return std::nullopt;
  int day = std::stoi(installed_at.substr(8, 2));
  if (day <= 1) return std::nullopt;
  int days = domain::DaysInMonth(month->year, month->month);
  return std::make_pair(days - day + 1, days);
}

}  // namespace

std::optional<Discount::Type> ParseDiscountType(const std::string& text) {
  if (text == "none" || text.empty()) return Discount::Type::kNone;
  if (text == "fixed") return Discount::Type::kFixed;
  if (text == "percent") return Discount::Type::kPercent;
  return std::nullopt;
}

const char* DiscountTypeName(Discount::Type type) {
  switch (type) {
    case Discount::Type::kFixed:
      return "fixed";
    case Discount::Type::kPercent:
      return "percent";
    case Discount::Type::kNone:
      break;
  }
  return "none";
}

const char* CheckDiscount(const Discount& discount) {
  switch (discount.type) {
    case Discount::Type::kNone:
      return discount.value == 0 ? nullptr : i18n::kDiscountValueForNone;
    case Discount::Type::kPercent:
      return discount.value >= 1 && discount.value <= 100 ? nullptr : i18n::kDiscountPercentRange;
    case Discount::Type::kFixed:
      if (discount.value < 0) return i18n::kAmountNegative;
      return discount.value > 1'000'000'000 ? i18n::kAmountTooLarge : nullptr;
  }
  return i18n::kInvalidDiscountType;
}

int64_t DivideRoundingHalfUp(int64_t numerator, int64_t denominator) {
  return (2 * numerator + denominator) / (2 * denominator);
}

ComposedBill ComposeBill(const BillInput& input, const BillTerms& terms) {
  ComposedBill bill;
  int64_t base = 0;
  if (input.internet) {
    int64_t price = input.package_price;
    std::string note;
    if (terms.prorata_first_month) {
      if (auto days = ProratedDays(input.period, input.installed_at)) {
        price = DivideRoundingHalfUp(input.package_price * days->first, days->second);
        note = Replace(Replace(i18n::kLineProrataNote, "{hari}", std::to_string(days->first)),
                       "{bulan}", std::to_string(days->second));
      }
    }
    bill.lines.push_back(
        Line("package", input.package_label.empty() ? i18n::kLinePackage : input.package_label, 1,
             input.package_price, price, note));
    base = price;
  } else {
    for (const auto& item : input.items) {
      int64_t amount = item.qty * item.unit_price;
      bill.lines.push_back(Line("item", item.name, item.qty, item.unit_price, amount));
      base += amount;
    }
  }
  if (input.discount.type == Discount::Type::kPercent) {
    bill.discount_amount = DivideRoundingHalfUp(base * input.discount.value, 100);
  } else if (input.discount.type == Discount::Type::kFixed) {
    bill.discount_amount = std::min(input.discount.value, base);
  }
  if (input.internet && input.installation_fee > 0) {
    bill.lines.push_back(Line("installation", i18n::kLineInstallation, 1, input.installation_fee,
                              input.installation_fee));
  }
  if (bill.discount_amount > 0) {
    std::string label = i18n::kLineDiscount;
    if (input.discount.type == Discount::Type::kPercent) {
      label += " " + std::to_string(input.discount.value) + "%";
    }
    bill.lines.push_back(Line("discount", label, 1, -bill.discount_amount, -bill.discount_amount));
  }
  int64_t taxable = base - bill.discount_amount + (input.internet ? input.installation_fee : 0);
  bill.amount = taxable;
  const TaxTerms& tax = terms.tax;
  if (tax.enabled && tax.rate_bp > 0 && (input.internet || tax.on_gas) && taxable > 0) {
    if (tax.included) {
      bill.tax_amount = DivideRoundingHalfUp(taxable * tax.rate_bp, 10000 + tax.rate_bp);
    } else {
      bill.tax_amount = DivideRoundingHalfUp(taxable * tax.rate_bp, 10000);
      bill.amount += bill.tax_amount;
    }
    bill.lines.push_back(Line("tax", tax.label + " " + FormatRate(tax.rate_bp) + "%", 1,
                              bill.tax_amount, bill.tax_amount, "", tax.included));
  }
  return bill;
}

nlohmann::json LinesOfOldBill(const std::string& type, const std::string& description,
                              const nlohmann::json& items, int64_t amount) {
  nlohmann::json lines = nlohmann::json::array();
  if (type == "gas" && items.is_array() && !items.empty()) {
    for (const auto& item : items) {
      int64_t qty = item.value("qty", int64_t{0});
      int64_t unit_price = item.value("unit_price", int64_t{0});
      lines.push_back(Line("item", item.value("name", ""), qty, unit_price, qty * unit_price));
    }
    return lines;
  }
  lines.push_back(Line(type == "gas" ? "item" : "package", description, 1, amount, amount));
  return lines;
}

}  // namespace billing::bills
