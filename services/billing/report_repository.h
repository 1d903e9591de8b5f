// Read-only SQL for the figures: dashboard stats, income per month, the arrears list.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "db/pool.h"

namespace billing::bills {

struct Figures {
  int64_t today_income = 0;
  int64_t month_income = 0;
  int64_t outstanding_amount = 0;
  int64_t outstanding_count = 0;
  int64_t arrears_customers = 0;
};

struct MonthIncome {
  std::string period;
  int64_t internet = 0;
  int64_t gas = 0;
  int64_t tax = 0;  // PPN inside internet + gas
  int64_t total() const { return internet + gas; }
};

struct Stats {
  Figures all;
  Figures internet;
  Figures gas;
  std::vector<MonthIncome> monthly;
};

struct ArrearsRow {
  int64_t customer_id = 0;
  std::string customer_name;
  std::string customer_type;
  std::string customer_phone;
  int64_t bills_owed = 0;
  int64_t total_owed = 0;
  std::string oldest_due_date;
  std::vector<std::string> periods;
};

struct OverdueRow {
  int64_t customer_id = 0;
  int64_t bills = 0;  // overdue internet bills
  int64_t total = 0;  // Rupiah of those bills
  std::string oldest_due_date;
};

class ReportRepository final {
 public:
  explicit ReportRepository(db::Pool& pool);

  // The settings' billing.timezone (read by the same statement) decides what "today" and "this
  // month" mean; income is counted when paid. Reads the figures kept by the triggers of
  // migration 0002 (rebuilt first when bucketed in another zone).
  Stats LoadStats();
  // Income per month from `from` to `to` inclusive (YYYY-MM), months without income included.
  std::vector<MonthIncome> Income(const std::string& from, const std::string& to,
                                  const std::string& zone);
  // Customers with unpaid transactions (tunggakan), largest debt first; `type` may be empty.
  std::vector<ArrearsRow> Arrears(const std::string& type);
  // Customers with unpaid internet bills due before `due_before` (YYYY-MM-DD), counting only
  // those bills, in customer id order; `customer_id` 0 = every customer.
  std::vector<OverdueRow> Overdue(const std::string& due_before, int64_t customer_id);
  // Recomputes the figures from every transaction with income bucketed in `zone` (a no-op when
  // they already are); writers wait meanwhile. Called when the zone setting no longer matches.
  void RebuildFigures(const std::string& zone);

 private:
  db::Pool& pool_;
};

}  // namespace billing::bills
