// A transaction to create: a sale, or an internet bill from the bill run.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace billing::bills {

// A gas sale's stock taken from a product that tracks stock: `qty` full cylinders out, and as
// many empty ones in unless sold with a new cylinder (shop_stock.h).
struct SaleStock {
  int64_t product_id = 0;
  std::string product_name;
  int64_t qty = 0;
  bool new_cylinder = false;
};

struct NewTransaction {
  int64_t customer_id = 0;
  std::string customer_name;
  std::string customer_phone;
  std::string type;
  std::string period;
  std::string description;
  nlohmann::json items = nlohmann::json::array();
  int64_t amount = 0;
  std::string due_date;
  // An empty period or due date is filled by Create with the local date of this moment in the
  // settings' billing time zone (a gas sale's default: today), read in the same statement.
  std::chrono::system_clock::time_point defaults_at{};
  // bill_lines.h's ComposeBill: the lines, and the tax and discount inside `amount`. Empty
  // lines are stored as they are (shown as lines made from the items or amount).
  nlohmann::json lines = nlohmann::json::array();
  int64_t tax_amount = 0;
  int64_t discount_amount = 0;
  // A gas sale's stock, taken in the transaction of its insert (shop_stock.h), and the buyer's
  // NIK on a sale of subsidised LPG (empty otherwise).
  std::vector<SaleStock> stock{};
  std::string nik{};
};

}  // namespace billing::bills
