// Aggregations in SQL with time-zone aware day and month boundaries.
#include "report_repository.h"

namespace billing::bills {
namespace {

constexpr const char* kIncomeByMonth =
    "WITH months AS ("
    "  SELECT to_char(m, 'YYYY-MM') AS period FROM generate_series("
    "    to_date($1, 'YYYY-MM'), to_date($2, 'YYYY-MM'), interval '1 month') AS m),"
    " paid AS ("
    "  SELECT to_char(paid_at AT TIME ZONE $3, 'YYYY-MM') AS period, type, paid_amount"
    "  FROM transactions WHERE status = 'paid'"
    "    AND paid_at >= (to_date($1, 'YYYY-MM')::timestamp AT TIME ZONE $3)"
    "    AND paid_at < ((to_date($2, 'YYYY-MM') + interval '1 month')::timestamp AT TIME ZONE $3))"
    " SELECT months.period,"
    "  coalesce(sum(paid.paid_amount) FILTER (WHERE paid.type = 'internet'), 0),"
    "  coalesce(sum(paid.paid_amount) FILTER (WHERE paid.type = 'gas'), 0)"
    " FROM months LEFT JOIN paid ON paid.period = months.period"
    " GROUP BY months.period ORDER BY months.period";

std::vector<MonthIncome> ReadIncome(pqxx::read_transaction& txn, const std::string& from,
                                    const std::string& to, const std::string& zone) {
  std::vector<MonthIncome> months;
  for (const auto& row : txn.exec_params(kIncomeByMonth, from, to, zone)) {
    months.push_back({row[0].as<std::string>(), row[1].as<int64_t>(), row[2].as<int64_t>()});
  }
  return months;
}

}  // namespace

ReportRepository::ReportRepository(db::Pool& pool) : pool_(pool) {}

Stats ReportRepository::LoadStats(const std::string& zone) {
  Stats stats;
  pool_.Read([&](pqxx::read_transaction& txn) {
    auto rows = txn.exec_params(
        "SELECT type,"
        " coalesce(sum(paid_amount) FILTER (WHERE status = 'paid' AND"
        "   (paid_at AT TIME ZONE $1)::date = (now() AT TIME ZONE $1)::date), 0),"
        " coalesce(sum(paid_amount) FILTER (WHERE status = 'paid' AND"
        "   date_trunc('month', paid_at AT TIME ZONE $1) = date_trunc('month', now() AT TIME ZONE "
        "$1)), 0),"
        " coalesce(sum(amount) FILTER (WHERE status = 'unpaid'), 0),"
        " count(*) FILTER (WHERE status = 'unpaid'),"
        " count(DISTINCT customer_id) FILTER (WHERE status = 'unpaid')"
        " FROM transactions GROUP BY type",
        zone);
    for (const auto& row : rows) {
      Figures figures{row[1].as<int64_t>(), row[2].as<int64_t>(), row[3].as<int64_t>(),
                      row[4].as<int64_t>(), row[5].as<int64_t>()};
      (row[0].as<std::string>() == "internet" ? stats.internet : stats.gas) = figures;
    }
    stats.all = {stats.internet.today_income + stats.gas.today_income,
                 stats.internet.month_income + stats.gas.month_income,
                 stats.internet.outstanding_amount + stats.gas.outstanding_amount,
                 stats.internet.outstanding_count + stats.gas.outstanding_count,
                 txn.exec1("SELECT count(DISTINCT customer_id) FROM transactions"
                           " WHERE status = 'unpaid'")[0]
                     .as<int64_t>()};
    auto range = txn.exec_params1(
        "SELECT to_char((now() AT TIME ZONE $1) - interval '11 months', 'YYYY-MM'),"
        " to_char(now() AT TIME ZONE $1, 'YYYY-MM')",
        zone);
    stats.monthly = ReadIncome(txn, range[0].as<std::string>(), range[1].as<std::string>(), zone);
  });
  return stats;
}

std::vector<MonthIncome> ReportRepository::Income(const std::string& from, const std::string& to,
                                                  const std::string& zone) {
  std::vector<MonthIncome> months;
  pool_.Read([&](pqxx::read_transaction& txn) { months = ReadIncome(txn, from, to, zone); });
  return months;
}

std::vector<ArrearsRow> ReportRepository::Arrears(const std::string& type) {
  std::vector<ArrearsRow> rows;
  pool_.Read([&](pqxx::read_transaction& txn) {
    auto result = txn.exec_params(
        "SELECT customer_id, (array_agg(customer_name ORDER BY id DESC))[1], min(type),"
        " (array_agg(customer_phone ORDER BY id DESC))[1], count(*), sum(amount),"
        " to_char(min(due_date), 'YYYY-MM-DD'), string_agg(period, ',' ORDER BY period)"
        " FROM transactions WHERE status = 'unpaid' AND ($1 = '' OR type = $1)"
        " GROUP BY customer_id ORDER BY sum(amount) DESC, customer_id",
        type);
    for (const auto& row : result) {
      ArrearsRow arrears;
      arrears.customer_id = row[0].as<int64_t>();
      arrears.customer_name = row[1].as<std::string>();
      arrears.customer_type = row[2].as<std::string>();
      arrears.customer_phone = row[3].as<std::string>();
      arrears.bills_owed = row[4].as<int64_t>();
      arrears.total_owed = row[5].as<int64_t>();
      arrears.oldest_due_date = row[6].as<std::string>();
      std::string periods = row[7].as<std::string>();
      for (size_t start = 0; start < periods.size();) {
        size_t end = periods.find(',', start);
        if (end == std::string::npos) end = periods.size();
        arrears.periods.push_back(periods.substr(start, end - start));
        start = end + 1;
      }
      rows.push_back(std::move(arrears));
    }
  });
  return rows;
}

std::vector<OverdueRow> ReportRepository::Overdue(const std::string& due_before,
                                                  int64_t customer_id) {
  std::vector<OverdueRow> rows;
  pool_.Read([&](pqxx::read_transaction& txn) {
    rows.clear();
    // Served by the partial index transactions_unpaid (customer_id, due_date).
    auto result = txn.exec_params(
        "SELECT customer_id, count(*), sum(amount), to_char(min(due_date), 'YYYY-MM-DD')"
        " FROM transactions WHERE status = 'unpaid' AND type = 'internet'"
        " AND due_date < $1::date AND ($2::bigint = 0 OR customer_id = $2::bigint)"
        " GROUP BY customer_id ORDER BY customer_id",
        due_before, customer_id);
    for (const auto& row : result) {
      rows.push_back({row[0].as<int64_t>(), row[1].as<int64_t>(), row[2].as<int64_t>(),
                      row[3].as<std::string>()});
    }
  });
  return rows;
}

}  // namespace billing::bills
