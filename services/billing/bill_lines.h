// A bill's lines and totals: the package (or the items bought), the first month pro rata, the
// installation fee, a discount and PPN, in whole Rupiah. Pure: billing's create path, bill run
// and arrears import all compose their bills here.
//
// The arithmetic, in this order:
//  1. Base lines: an internet bill's package at its price, or the items (qty x unit price).
//     Pro rata: when the bill's period is the month of installed_at and it is on, the package
//     costs price x days_used / days_in_month, days_used = days_in_month - install_day + 1
//     (installed on the 1st: the whole month, no pro rata).
//  2. Discount, on the base lines only (never on the installation fee): "percent" takes
//     base x percent / 100; "fixed" takes the value, at most the base.
//  3. Installation fee: added as its own line (the caller says whether this is the first bill).
//  4. PPN on taxable = base - discount + installation fee. "added": tax = taxable x rate / 100
//     and the bill's amount is taxable + tax. "included": the prices hold the tax already,
//     tax = taxable x rate / (100 + rate), shown as a line that is not added; amount = taxable.
// Rounding rule: every division above rounds once, half up, to a whole Rupiah (all operands are
// non-negative): round(a / b) = (2a + b) / 2b in integers. The rate is taken in hundredths of a
// percent (11% = 1100, 11.5% = 1150), so no floating point touches money.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace billing::bills {

struct Discount {
  enum class Type { kNone, kFixed, kPercent };
  Type type = Type::kNone;
  int64_t value = 0;  // Rupiah (fixed) or 1..100 (percent)
};

// "none" | "fixed" | "percent"; nullopt for anything else.
std::optional<Discount::Type> ParseDiscountType(const std::string& text);
const char* DiscountTypeName(Discount::Type type);
// nullptr when `discount` is acceptable, else the Indonesian message for its value.
const char* CheckDiscount(const Discount& discount);

struct TaxTerms {
  bool enabled = false;
  int64_t rate_bp = 0;    // hundredths of a percent
  bool included = false;  // "included" mode
  bool on_gas = false;
  std::string label = "PPN";
};

// What billing reads from the settings to compose bills.
struct BillTerms {
  bool prorata_first_month = false;
  TaxTerms tax;
};

struct LineItem {
  std::string name;
  int64_t qty = 0;
  int64_t unit_price = 0;
};

struct BillInput {
  bool internet = true;
  // Internet: the package line.
  std::string package_label;  // "Paket 10 Mbps 2026-11"
  int64_t package_price = 0;
  std::string period;            // YYYY-MM of the bill
  std::string installed_at;      // YYYY-MM-DD or empty
  int64_t installation_fee = 0;  // charged on this bill (0: not the first bill, or none)
  // Gas: the items.
  std::vector<LineItem> items;
  Discount discount;
};

struct ComposedBill {
  nlohmann::json lines = nlohmann::json::array();  // [{kind, label, qty, unit_price, amount,
                                                   //   included, note}]
  int64_t amount = 0;                              // what the customer pays
  int64_t tax_amount = 0;                          // PPN, added or included
  int64_t discount_amount = 0;                     // positive
};

// round(numerator / denominator), half up; both non-negative, denominator > 0.
int64_t DivideRoundingHalfUp(int64_t numerator, int64_t denominator);

ComposedBill ComposeBill(const BillInput& input, const BillTerms& terms);

// The lines of a bill stored before bills had lines: its items, or one package line holding
// the description and amount.
nlohmann::json LinesOfOldBill(const std::string& type, const std::string& description,
                              const nlohmann::json& items, int64_t amount);

}  // namespace billing::bills
