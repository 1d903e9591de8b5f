// The dashboard figures kept by the triggers of migration 0002 and by the repository's own
// single-row statements (migration 0004) equal the old full scan of
// billing.transactions (kept here as the oracle) after random creates, bill runs, payments,
// unpayments, amount and date edits, deletes, concurrent writers, zone changes and a restore.
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "db/migrations.h"
#include "domain/period.h"
#include "errors/error.h"
#include "events/outbox.h"
#include "report_repository.h"
#include "support/postgres_instance.h"
#include "transaction_repository.h"

namespace billing::db {
std::vector<Migration> BillingMigrations();
}

namespace billing::bills {
namespace {

// The statements LoadStats and Income ran before migration 0002, unchanged.
constexpr const char* kOracleByType =
    "SELECT type,"
    " coalesce(sum(paid_amount) FILTER (WHERE status = 'paid' AND"
    "   (paid_at AT TIME ZONE $1)::date = (now() AT TIME ZONE $1)::date), 0),"
    " coalesce(sum(paid_amount) FILTER (WHERE status = 'paid' AND"
    "   date_trunc('month', paid_at AT TIME ZONE $1) = date_trunc('month', now() AT TIME ZONE "
    "$1)), 0),"
    " coalesce(sum(amount) FILTER (WHERE status = 'unpaid'), 0),"
    " count(*) FILTER (WHERE status = 'unpaid'),"
    " count(DISTINCT customer_id) FILTER (WHERE status = 'unpaid')"
    " FROM transactions GROUP BY type";
constexpr const char* kOracleArrears =
    "SELECT count(DISTINCT customer_id) FROM transactions WHERE status = 'unpaid'";
constexpr const char* kOracleRange =
    "SELECT to_char((now() AT TIME ZONE $1) - interval '11 months', 'YYYY-MM'),"
    " to_char(now() AT TIME ZONE $1, 'YYYY-MM')";
constexpr const char* kOracleIncome =
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

std::vector<MonthIncome> OracleIncome(pqxx::transaction_base& txn, const std::string& from,
                                      const std::string& to, const std::string& zone) {
  std::vector<MonthIncome> months;
  for (const auto& row : txn.exec_params(kOracleIncome, from, to, zone)) {
    months.push_back({row[0].as<std::string>(), row[1].as<int64_t>(), row[2].as<int64_t>()});
  }
  return months;
}

Stats Oracle(db::Pool& pool, const std::string& zone) {
  Stats stats;
  pool.Read([&](pqxx::read_transaction& txn) {
    for (const auto& row : txn.exec_params(kOracleByType, zone)) {
      Figures figures{row[1].as<int64_t>(), row[2].as<int64_t>(), row[3].as<int64_t>(),
                      row[4].as<int64_t>(), row[5].as<int64_t>()};
      (row[0].as<std::string>() == "internet" ? stats.internet : stats.gas) = figures;
    }
    stats.all = {stats.internet.today_income + stats.gas.today_income,
                 stats.internet.month_income + stats.gas.month_income,
                 stats.internet.outstanding_amount + stats.gas.outstanding_amount,
                 stats.internet.outstanding_count + stats.gas.outstanding_count,
                 txn.exec1(kOracleArrears)[0].as<int64_t>()};
    auto range = txn.exec_params1(kOracleRange, zone);
    stats.monthly = OracleIncome(txn, range[0].as<std::string>(), range[1].as<std::string>(), zone);
  });
  return stats;
}

std::string Describe(const Figures& f) {
  return std::to_string(f.today_income) + "/" + std::to_string(f.month_income) + "/" +
         std::to_string(f.outstanding_amount) + "/" + std::to_string(f.outstanding_count) + "/" +
         std::to_string(f.arrears_customers);
}

std::string Describe(const std::vector<MonthIncome>& months) {
  std::string text;
  for (const auto& m : months) {
    text += m.period + "=" + std::to_string(m.internet) + "+" + std::to_string(m.gas) + " ";
  }
  return text;
}

std::string Describe(const Stats& s) {
  return "all " + Describe(s.all) + " internet " + Describe(s.internet) + " gas " +
         Describe(s.gas) + " monthly " + Describe(s.monthly);
}

rpc::Caller Admin() {
  rpc::Caller caller;
  caller.user_id = 1;
  caller.username = "admin";
  caller.role = domain::Role::kAdmin;
  return caller;
}

class FiguresTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { postgres_ = new testing::PostgresInstance(); }
  static void TearDownTestSuite() {
    delete postgres_;
    postgres_ = nullptr;
  }

  void SetUp() override {
    static int next = 0;
    database_ = "figures_" + std::to_string(++next);
    pool_ = std::make_unique<db::Pool>(postgres_->CreateDatabase(database_), "billing", 8);
    events::ApplyMigrations(*pool_);
    db::ApplyMigrations(*pool_, "billing", db::BillingMigrations());
    transactions_ = std::make_unique<TransactionRepository>(*pool_);
    reports_ = std::make_unique<ReportRepository>(*pool_);
  }

  void Sql(const std::string& sql) {
    pool_->Transact([&](pqxx::work& txn) { txn.exec0(sql); });
  }

  // One random change through the repository or, for what it has no method for (unpaying,
  // editing an amount or a payment date), through plain SQL as an admin tool would.
  void RandomChange(std::mt19937& random) {
    auto pick = [&](int n) { return static_cast<int>(random() % n); };
    const int customer = 1 + pick(40);
    const int month = 1 + pick(12);
    const std::string period = "2026-" + std::string(month < 10 ? "0" : "") + std::to_string(month);
    switch (pick(11)) {
      case 0:
      case 1: {  // gas sale
        NewTransaction t{customer,
                         "Pelanggan " + std::to_string(customer),
                         "0812",
                         "gas",
                         period,
                         "LPG",
                         nlohmann::json::array(),
                         22000 * (1 + pick(3)),
                         "2026-11-30"};
        transactions_->Create(t, Admin(), "Asia/Jakarta");
        break;
      }
      case 2: {  // internet bill, maybe a duplicate of the period
        NewTransaction t{
            customer, "Pelanggan",   "", "internet", period, "Internet", nlohmann::json::array(),
            150000,   period + "-10"};
        try {
          transactions_->Create(t, Admin(), "Asia/Jakarta");
        } catch (const errors::Error&) {  // already_exists: nothing changed
        }
        break;
      }
      case 3: {  // a bill run batch, some bills skipped as existing
        std::vector<NewTransaction> bills;
        for (int i = 0; i < 1 + pick(30); ++i) {
          bills.push_back({1 + pick(40), "Pelanggan", "", "internet", period, "Internet",
                           nlohmann::json::array(), 100000 + pick(5) * 25000, period + "-10"});
        }
        transactions_->InsertBills(bills, Admin());
        break;
      }
      case 4:
      case 5: {  // a payment, now or at some time in the last 400 days, maybe partial
        Payment payment;
        payment.method = "cash";
        if (pick(2) == 0) payment.amount = 1000 * pick(200);
        if (pick(2) == 0) {
          pool_->Read([&](pqxx::read_transaction& txn) {
            payment.paid_at = txn.exec_params1(
                                     "SELECT to_char((now() - $1 * interval '1 minute')"
                                     " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')",
                                     pick(400 * 24 * 60))[0]
                                  .as<std::string>();
          });
        }
        int64_t id = 0;
        pool_->Read([&](pqxx::read_transaction& txn) {
          auto row = txn.exec(
              "SELECT id FROM transactions WHERE status = 'unpaid' ORDER BY "
              "random() LIMIT 1");
          if (!row.empty()) id = row[0][0].as<int64_t>();
        });
        if (id != 0) transactions_->MarkPaid(id, payment, Admin());
        break;
      }
      case 6: {  // delete, paid or not
        int64_t id = 0;
        pool_->Read([&](pqxx::read_transaction& txn) {
          auto row = txn.exec("SELECT id FROM transactions ORDER BY random() LIMIT 1");
          if (!row.empty()) id = row[0][0].as<int64_t>();
        });
        if (id != 0) transactions_->Delete(id, Admin());
        break;
      }
      case 7:  // unpay
        Sql("UPDATE transactions SET status = 'unpaid', paid_at = NULL, paid_amount = NULL, "
            "payment_method = NULL WHERE id = (SELECT id FROM transactions WHERE status = 'paid' "
            "ORDER BY random() LIMIT 1)");
        break;
      case 8:  // amount edits, several rows in one statement
        Sql("UPDATE transactions SET amount = amount + 1000 * (id % 5), paid_amount = "
            "paid_amount + 500 WHERE id % 7 = " +
            std::to_string(pick(7)));
        break;
      case 9:  // a payment moved to another time (another day or month)
        Sql("UPDATE transactions SET paid_at = paid_at - " + std::to_string(pick(100000)) +
            " * interval '1 minute' WHERE id = (SELECT id FROM transactions WHERE status = "
            "'paid' ORDER BY random() LIMIT 1)");
        break;
      default:  // a bill moved to another customer (the arrears count must follow)
        Sql("UPDATE transactions SET customer_id = " + std::to_string(customer) +
            " WHERE id = (SELECT id FROM transactions ORDER BY random() LIMIT 1) AND type = "
            "'gas'");
        break;
    }
  }

  // Sets the settings' billing.timezone as UpdateSettings would store it.
  void SetZone(const std::string& zone) {
    pool_->Transact([&](pqxx::work& txn) {
      txn.exec_params0(
          "INSERT INTO settings (id, document) VALUES (1, jsonb_build_object('billing', "
          "jsonb_build_object('timezone', $1::text))) ON CONFLICT (id) DO UPDATE SET document = "
          "jsonb_set(settings.document, '{billing,timezone}', to_jsonb($1::text))",
          zone);
    });
  }

  // `zone` is the time zone setting's value; empty: never set (the default, Asia/Jakarta).
  void ExpectStatsMatch(const std::string& setting) {
    if (!setting.empty()) SetZone(setting);
    const std::string zone = setting.empty() ? "Asia/Jakarta" : setting;
    Stats expected = Oracle(*pool_, zone);
    Stats actual = reports_->LoadStats();
    EXPECT_EQ(Describe(actual), Describe(expected)) << "zone " << zone;
    std::vector<MonthIncome> oracle_income;
    pool_->Read([&](pqxx::read_transaction& txn) {
      oracle_income = OracleIncome(txn, "2024-11", "2027-02", zone);
    });
    EXPECT_EQ(Describe(reports_->Income("2024-11", "2027-02", zone)), Describe(oracle_income))
        << "zone " << zone;
  }

  // Every page of the list (totals and ids, both ends and the middle) equals a plain count
  // and an OFFSET query over the table.
  void ExpectListMatches() {
    for (const std::string status : {"", "unpaid", "paid"}) {
      for (const std::string type : {"", "internet", "gas"}) {
        for (const std::string period : {"", "2026-05"}) {
          ExpectListMatches({status, type, period, "", 0});
        }
      }
    }
    ExpectListMatches({"", "", "", "pelanggan 1", 0});
    ExpectListMatches({"unpaid", "", "", "LPG", 0});
    ExpectListMatches({"", "", "", "", 3});
  }

  void ExpectListMatches(TransactionFilter filter) {
    const std::string where =
        " WHERE ($1 = '' OR status = $1) AND ($2 = '' OR type = $2) AND ($3 = '' OR period = $3)"
        " AND ($4 = '' OR customer_name ILIKE '%' || $4 || '%' OR description ILIKE '%' || $4 || "
        "'%') AND ($5 = 0 OR customer_id = $5)";
    int64_t total = 0;
    pool_->Read([&](pqxx::read_transaction& txn) {
      total = txn.exec_params1("SELECT count(*) FROM transactions" + where, filter.status,
                               filter.type, filter.period, filter.q, filter.customer_id)[0]
                  .as<int64_t>();
    });
    for (int limit : {7, 50}) {
      for (int64_t offset : {int64_t{0}, int64_t{7}, total / 2, total - 50, total - 7, total - 1,
                             total, total + 3}) {
        if (offset < 0) continue;
        filter.limit = limit;
        filter.offset = static_cast<int>(offset);
        std::string expected;
        pool_->Read([&](pqxx::read_transaction& txn) {
          for (const auto& row :
               txn.exec_params("SELECT id FROM transactions" + where +
                                   " ORDER BY created_at DESC, id DESC LIMIT $6 OFFSET $7",
                               filter.status, filter.type, filter.period, filter.q,
                               filter.customer_id, filter.limit, filter.offset)) {
            expected += row[0].as<std::string>() + " ";
          }
        });
        TransactionPage page = transactions_->List(filter);
        std::string actual;
        for (const auto& t : page.items) actual += std::to_string(t.id) + " ";
        std::string context =
            "status=" + filter.status + " type=" + filter.type + " period=" + filter.period +
            " q=" + filter.q + " customer=" + std::to_string(filter.customer_id) +
            " limit=" + std::to_string(limit) + " offset=" + std::to_string(offset);
        EXPECT_EQ(page.total, total) << context;
        EXPECT_EQ(actual, expected) << context;
        if (HasFailure()) return;
      }
    }
  }

  static testing::PostgresInstance* postgres_;
  std::string database_;
  std::unique_ptr<db::Pool> pool_;
  std::unique_ptr<TransactionRepository> transactions_;
  std::unique_ptr<ReportRepository> reports_;
};

testing::PostgresInstance* FiguresTest::postgres_ = nullptr;

TEST_F(FiguresTest, EmptyDatabaseHasZeroFigures) { ExpectStatsMatch(""); }

TEST_F(FiguresTest, StatsEqualTheFullScanAfterRandomChanges) {
  std::mt19937 random(13);
  for (int round = 0; round < 12; ++round) {
    for (int i = 0; i < 60; ++i) RandomChange(random);
    ExpectStatsMatch("");
    if (HasFailure()) return;
  }
}

TEST_F(FiguresTest, TransactionsListPagesEqualTheFullScan) {
  std::mt19937 random(5);
  ExpectListMatches();
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 150; ++i) RandomChange(random);
    ExpectListMatches();
    if (HasFailure()) return;
  }
}

TEST_F(FiguresTest, StatsEqualTheFullScanUnderConcurrentWriters) {
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([this, w] {
      std::mt19937 random(100 + w);
      for (int i = 0; i < 150; ++i) {
        try {
          RandomChange(random);
        } catch (const errors::Error&) {  // a row deleted by another writer meanwhile
        }
      }
    });
  }
  for (auto& writer : writers) writer.join();
  ExpectStatsMatch("Asia/Jakarta");
  ExpectListMatches();
}

// The repository's single-row writes (migration 0004's fast path: creates, payments, deletes)
// and the bill run's batches (the triggers) take the figure rows' locks in the same order:
// under concurrent writers no write fails for any other reason than the row it wanted being
// gone or already paid (a deadlock would surface as internal).
TEST_F(FiguresTest, SingleRowWritesAndBatchesNeverDeadlock) {
  std::vector<std::thread> writers;
  std::vector<std::string> unexpected(6);
  for (int w = 0; w < 6; ++w) {
    writers.emplace_back([this, w, &unexpected] {
      std::mt19937 random(300 + w);
      for (int i = 0; i < 120; ++i) {
        try {
          RandomChange(random);
        } catch (const errors::Error& e) {
          if (e.code() != errors::Code::kNotFound &&
              e.code() != errors::Code::kFailedPrecondition &&
              e.code() != errors::Code::kAlreadyExists) {
            unexpected[w] = e.what();
          }
        } catch (const pqxx::unique_violation&) {  // two batches wrote one bill at once
        }
      }
    });
  }
  for (auto& writer : writers) writer.join();
  for (const auto& error : unexpected) EXPECT_EQ(error, "");
  ExpectStatsMatch("Asia/Jakarta");
}

// A gas sale without a period or due date gets today's, in the settings' zone when one is set
// (else the default zone), computed in the insert statement; the audit row carries them too.
TEST_F(FiguresTest, MissingDatesAreTodayInTheBusinessZone) {
  // 2026-03-31 16:30 UTC: 23:30 in Jakarta (UTC+7), already 1 April in Makassar (UTC+8).
  const auto moment = std::chrono::system_clock::time_point(std::chrono::seconds(1774974600));
  NewTransaction sale{7, "Warung", "", "gas", "", "LPG", nlohmann::json::array(), 22000, ""};
  sale.defaults_at = moment;
  for (const std::string zone : {"", "Asia/Makassar", "Asia/Jakarta", "Asia/Jayapura"}) {
    if (!zone.empty()) SetZone(zone);
    const std::string expected = domain::DateAt(moment, zone.empty() ? "Asia/Jakarta" : zone);
    TransactionRecord created = transactions_->Create(sale, Admin(), "Asia/Jakarta");
    EXPECT_EQ(created.due_date, expected) << zone;
    EXPECT_EQ(created.period, expected.substr(0, 7)) << zone;
    pool_->Read([&](pqxx::read_transaction& txn) {
      auto audit = txn.exec_params1(
          "SELECT changes ->> 'period', changes ->> 'due_date' FROM events.outbox "
          "WHERE entity = 'transaction' AND entity_id = $1",
          std::to_string(created.id));
      EXPECT_EQ(audit[0].as<std::string>(), expected.substr(0, 7)) << zone;
      EXPECT_EQ(audit[1].as<std::string>(), expected) << zone;
    });
  }
  EXPECT_EQ(domain::DateAt(moment, "Asia/Jakarta"), "2026-03-31");
  EXPECT_EQ(domain::DateAt(moment, "Asia/Makassar"), "2026-04-01");
  // Given ones are kept as they are.
  sale.period = "2025-12";
  sale.due_date = "2025-12-24";
  TransactionRecord given = transactions_->Create(sale, Admin(), "Asia/Jakarta");
  EXPECT_EQ(given.period, "2025-12");
  EXPECT_EQ(given.due_date, "2025-12-24");
  ExpectStatsMatch("Asia/Jakarta");
}

TEST_F(FiguresTest, ZoneChangeRebucketsIncome) {
  std::mt19937 random(7);
  for (int i = 0; i < 300; ++i) RandomChange(random);
  // Whole-hour, half-hour, 45-minute and daylight-saving zones; then back, with more changes.
  for (const char* zone : {"Asia/Jakarta", "Asia/Makassar", "Asia/Kolkata", "Asia/Kathmandu",
                           "America/New_York", "Australia/Lord_Howe"}) {
    ExpectStatsMatch(zone);
    for (int i = 0; i < 20; ++i) RandomChange(random);
    ExpectStatsMatch(zone);
  }
}

TEST_F(FiguresTest, RestoreThroughTruncateAndInsertRebuildsFigures) {
  std::mt19937 random(21);
  for (int i = 0; i < 200; ++i) RandomChange(random);
  ExpectStatsMatch("Asia/Jakarta");
  // What the backup service's restore does: TRUNCATE, then INSERT ... json_populate_recordset
  // in batches; here with a different set of rows (every other one of what was there).
  Sql("CREATE TABLE saved AS SELECT * FROM transactions WHERE id % 2 = 0");
  pool_->Transact([&](pqxx::work& txn) {
    std::string rows = txn.exec1("SELECT json_agg(s)::text FROM saved s")[0].as<std::string>();
    txn.exec0("TRUNCATE transactions");
    txn.exec_params0(
        "INSERT INTO transactions SELECT * FROM json_populate_recordset(NULL::transactions, "
        "$1::json)",
        rows);
  });
  ExpectStatsMatch("Asia/Jakarta");
  ExpectListMatches();
  Sql("TRUNCATE transactions");
  ExpectStatsMatch("Asia/Jakarta");
  ExpectListMatches();
}

}  // namespace
}  // namespace billing::bills
