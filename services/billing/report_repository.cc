// Aggregations in SQL with time-zone aware day and month boundaries.
#include "report_repository.h"

#include "settings_document.h"

namespace billing::bills {
namespace {

// Income per local month from the figures the triggers of migration 0002 keep (income_month),
// months without income included, with the PPN inside it: the tax of the bills paid that month
// (in the zone the figures are bucketed in), in proportion when a bill was paid another amount,
// rounded half up (bill_lines.h). Only taxed paid bills are read (a partial index, migration
// 0008): none while PPN is off.
constexpr const char* kIncomeByMonth =
    "SELECT to_char(m.month, 'YYYY-MM'),"
    "  coalesce(sum(i.amount) FILTER (WHERE i.type = 'internet'), 0)::bigint,"
    "  coalesce(sum(i.amount) FILTER (WHERE i.type = 'gas'), 0)::bigint,"
    "  coalesce((SELECT sum((2 * t.tax_amount * t.paid_amount + t.amount) / (2 * t.amount))"
    "    FROM transactions t, billing_figures.zone z WHERE z.id = 1 AND t.status = 'paid'"
    "    AND t.tax_amount > 0 AND t.amount > 0 AND t.paid_at >= (m.month AT TIME ZONE z.name)"
    "    AND t.paid_at < ((m.month + interval '1 month') AT TIME ZONE z.name)), 0)::bigint"
    " FROM generate_series(to_date($1, 'YYYY-MM'), to_date($2, 'YYYY-MM'), interval '1 month')"
    "   AS m(month)"
    " LEFT JOIN billing_figures.income_month i ON i.month = m.month::date"
    " GROUP BY m.month ORDER BY m.month";

// Every dashboard figure in one statement, a few dozen rows read whatever the number of
// transactions, in the zone of the settings' billing.timezone ($1 when unset): (section, key,
// a, b, c), ordered by section then key. Sections: 'zone' (key: the settings' zone, a: 1 when
// the figures are bucketed in it), 'internet' / 'gas' / 'all' (a: outstanding Rupiah,
// b: unpaid transactions, c: customers in arrears), 'today' (key: type, a: income),
// 'month' (key: YYYY-MM, the last 12 local months; a: internet, b: gas).
constexpr const char* kStats =
    "WITH setting AS (SELECT coalesce((SELECT document #>> '{billing,timezone}'"
    "   FROM billing.settings WHERE id = 1), $1) AS zone),"
    " local AS (SELECT now() AT TIME ZONE zone AS now FROM setting),"
    " months AS (SELECT generate_series(date_trunc('month', now - interval '11 months'),"
    "   date_trunc('month', now), interval '1 month')::date AS month FROM local)"
    " SELECT 'zone' AS section, s.zone AS key, (f.name IS NOT DISTINCT FROM s.zone)::int::bigint,"
    "  0::bigint, 0::bigint FROM setting s LEFT JOIN billing_figures.zone f ON true"
    " UNION ALL SELECT kind, '', sum(amount)::bigint, sum(bills)::bigint, sum(customers)::bigint"
    "  FROM billing_figures.outstanding GROUP BY kind"
    " UNION ALL SELECT 'today', type, sum(amount)::bigint, 0, 0"
    "  FROM billing_figures.income_day, local WHERE day = now::date GROUP BY type"
    " UNION ALL SELECT 'month', to_char(m.month, 'YYYY-MM'),"
    "  coalesce(sum(i.amount) FILTER (WHERE i.type = 'internet'), 0)::bigint,"
    "  coalesce(sum(i.amount) FILTER (WHERE i.type = 'gas'), 0)::bigint, 0"
    "  FROM months m LEFT JOIN billing_figures.income_month i ON i.month = m.month"
    "  GROUP BY m.month"
    " ORDER BY 1, 2";

std::vector<MonthIncome> ReadIncome(pqxx::read_transaction& txn, const std::string& from,
                                    const std::string& to) {
  std::vector<MonthIncome> months;
  for (const auto& row : txn.exec_params(kIncomeByMonth, from, to)) {
    months.push_back({row[0].as<std::string>(), row[1].as<int64_t>(), row[2].as<int64_t>(),
                      row[3].as<int64_t>()});
  }
  return months;
}

bool FiguresInZone(pqxx::read_transaction& txn, const std::string& zone) {
  return !txn.exec_params("SELECT 1 FROM billing_figures.zone WHERE name = $1", zone).empty();
}

// Fills `stats` from kStats' rows; false when the figures are bucketed in another zone than
// the settings' `zone`.
bool ReadStats(const pqxx::result& rows, std::string& zone, Stats& stats) {
  stats = Stats{};
  bool zone_matches = false;
  for (const auto& row : rows) {
    std::string section = row[0].as<std::string>();
    std::string key = row[1].as<std::string>();
    int64_t a = row[2].as<int64_t>(), b = row[3].as<int64_t>(), c = row[4].as<int64_t>();
    if (section == "zone") {
      zone = key;
      zone_matches = a == 1;
    } else if (section == "internet" || section == "gas") {
      Figures& figures = section == "internet" ? stats.internet : stats.gas;
      figures.outstanding_amount = a;
      figures.outstanding_count = b;
      figures.arrears_customers = c;
    } else if (section == "all") {
      stats.all.arrears_customers = c;
    } else if (section == "today") {
      (key == "internet" ? stats.internet : stats.gas).today_income = a;
    } else if (section == "month") {
      stats.monthly.push_back({key, a, b});
    }
  }
  if (!stats.monthly.empty()) {
    stats.internet.month_income = stats.monthly.back().internet;
    stats.gas.month_income = stats.monthly.back().gas;
  }
  stats.all.today_income = stats.internet.today_income + stats.gas.today_income;
  stats.all.month_income = stats.internet.month_income + stats.gas.month_income;
  stats.all.outstanding_amount = stats.internet.outstanding_amount + stats.gas.outstanding_amount;
  stats.all.outstanding_count = stats.internet.outstanding_count + stats.gas.outstanding_count;
  return zone_matches;
}

}  // namespace

ReportRepository::ReportRepository(db::Pool& pool) : pool_(pool) {}

void ReportRepository::RebuildFigures(const std::string& zone) {
  pool_.Transact(
      [&](pqxx::work& txn) { txn.exec_params("SELECT billing_figures.rebuild($1)", zone); });
}

Stats ReportRepository::LoadStats() {
  Stats stats;
  std::string zone;
  bool zone_matches = false;
  pool_.Read([&](pqxx::read_transaction& txn) {
    zone_matches = ReadStats(txn.exec_params(kStats, DefaultTimeZone()), zone, stats);
  });
  if (!zone_matches) {  // the time zone setting changed, or a restore brought another one
    RebuildFigures(zone);
    pool_.Read([&](pqxx::read_transaction& txn) {
      ReadStats(txn.exec_params(kStats, DefaultTimeZone()), zone, stats);
    });
  }
  return stats;
}

std::vector<MonthIncome> ReportRepository::Income(const std::string& from, const std::string& to,
                                                  const std::string& zone) {
  std::vector<MonthIncome> months;
  bool zone_matches = false;
  pool_.Read([&](pqxx::read_transaction& txn) {
    zone_matches = FiguresInZone(txn, zone);
    if (zone_matches) months = ReadIncome(txn, from, to);
  });
  if (!zone_matches) {
    RebuildFigures(zone);
    pool_.Read([&](pqxx::read_transaction& txn) { months = ReadIncome(txn, from, to); });
  }
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
