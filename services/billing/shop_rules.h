// Pure rules of the gas shop: product input, stock movements by hand, report ranges and
// the daily stock report's arithmetic.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "errors/error.h"
#include "shop.pb.h"

namespace billing::bills {

inline constexpr int32_t kMaxStockDelta = 100000;
inline constexpr int32_t kMaxLowStock = 100000;
inline constexpr int kMaxReportDays = 366;

bool IsProductKind(const std::string& kind);
// The product with its name trimmed; its per-field errors go to `fields` ("name", "kind", ...).
shop::v1::ProductInput CheckProductInput(const shop::v1::ProductInput& input,
                                         errors::FieldErrors& fields);

// A movement recorded by hand, as stored: "delivery" | "return" | "correction".
struct MovementInput {
  int64_t product_id = 0;
  std::string kind;
  int32_t full_delta = 0;
  int32_t empty_delta = 0;
  std::optional<int64_t> unit_price;  // a delivery's; default the product's purchase price
  std::string note;
};

// Validates a RecordMovementRequest. Throws permission_denied for a correction by a non-admin
// and invalid_argument with per-field errors for the rest.
MovementInput CheckMovement(const shop::v1::RecordMovementRequest& request, bool is_admin);

bool IsMovementKind(const std::string& kind);  // every stored kind, for the list's filter

// Days from `from` to `to` (both "YYYY-MM-DD", both included), or errors on "from" / "to":
// invalid dates, `to` before `from`, `to` more than kMaxReportDays days after `from`.
std::vector<std::string> ReportDays(const std::string& from, const std::string& to,
                                    errors::FieldErrors& fields);

// One product's current counts and its movements' sums per day (business zone) for every day
// from the report's first day on (days after the report included: the counts are now's).
struct StockFlow {
  int32_t full_in = 0;
  int32_t full_out = 0;  // positive
  int32_t empty_in = 0;
  int32_t empty_out = 0;  // positive
};
struct ProductStock {
  int64_t id = 0;
  std::string name;
  int32_t full = 0;
  int32_t empty = 0;
  std::map<std::string, StockFlow> days;  // "YYYY-MM-DD" -> flow, any days >= the first
};

// The report's rows, by date then product name: each day's opening is the current count minus
// every movement since that day began; closing = opening + in - out.
std::vector<shop::v1::StockDay> BuildStockReport(const std::vector<ProductStock>& products,
                                                 const std::vector<std::string>& days);

// Each NIK's month total of `entries` (given by time): quantity, days with a purchase, the name
// of its latest sale and whether it is over `monthly_limit` (0 = no limit); most first.
std::vector<shop::v1::BuyerTotal> BuyerTotals(const std::vector<shop::v1::BuyerLogEntry>& entries,
                                              int32_t monthly_limit);

}  // namespace billing::bills
