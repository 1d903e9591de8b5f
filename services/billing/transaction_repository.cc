// Transaction SQL; every change writes its outbox row in the same transaction.
#include "transaction_repository.h"

#include <algorithm>

#include "bill_lines.h"
#include "db/sql_array.h"
#include "domain/rupiah.h"
#include "errors/error.h"
#include "events/outbox.h"
#include "i18n/messages.h"
#include "shop_stock.h"

namespace billing::bills {
namespace {

constexpr const char* kService = "billing";
constexpr const char* kColumns =
    "id, customer_id, customer_name, customer_phone, type, period, description, items::text, "
    "amount, to_char(due_date, 'YYYY-MM-DD'), status, "
    "coalesce(to_char(paid_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), ''), "
    "coalesce(paid_amount, 0), coalesce(payment_method, ''), coalesce(paid_by, ''), created_by, "
    "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
    "coalesce(payment_reference, ''), invoice_no, lines::text, tax_amount, discount_amount, "
    "coalesce(nik, '')";

TransactionRecord FromRow(const pqxx::row& row) {
  TransactionRecord t;
  t.id = row[0].as<int64_t>();
  t.customer_id = row[1].as<int64_t>();
  t.customer_name = row[2].as<std::string>();
  t.customer_phone = row[3].as<std::string>();
  t.type = row[4].as<std::string>();
  t.period = row[5].as<std::string>();
  t.description = row[6].as<std::string>();
  t.items = nlohmann::json::parse(row[7].as<std::string>());
  t.amount = row[8].as<int64_t>();
  t.due_date = row[9].as<std::string>();
  t.status = row[10].as<std::string>();
  t.paid_at = row[11].as<std::string>();
  t.paid_amount = row[12].as<int64_t>();
  t.payment_method = row[13].as<std::string>();
  t.paid_by = row[14].as<std::string>();
  t.created_by = row[15].as<std::string>();
  t.created_at = row[16].as<std::string>();
  t.payment_reference = row[17].as<std::string>();
  t.invoice_no = row[18].as<std::string>();
  t.lines = nlohmann::json::parse(row[19].as<std::string>());
  if (t.lines.empty()) t.lines = LinesOfOldBill(t.type, t.description, t.items, t.amount);
  t.tax_amount = row[20].as<int64_t>();
  t.discount_amount = row[21].as<int64_t>();
  t.nik = row[22].as<std::string>();
  return t;
}

std::string EscapeLike(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

// The figures fast path (migration 0004). A single-row write is one statement: `flag` marks
// the transaction as accounted by its writer (the figures triggers skip it), the write's CTE
// `written` returns the row image, `d` its one signed contribution (0002's
// billing_figures.change), and FiguresTail adds `d` to the figure rows. The upserts run in
// the order of billing_figures.apply (customer row, income, counts, outstanding slot rows, each
// in key order), so they take row locks in the same order as the triggers of a concurrent
// bill run and cannot deadlock with them: each waits for the previous one through an
// uncorrelated sub-select, a one-time filter evaluated before it reads anything.
constexpr const char* kAccountedFlag =
    "flag AS (SELECT set_config('billing_figures.accounted', 'on', true) AS accounted)";

// Adds `d` to the figures. A create is never paid: `income` false leaves out the income
// upserts (each data-modifying CTE costs its executor start-up even when it writes nothing).
std::string FiguresTail(bool income) {
  std::string tail =
      ", customer AS ("
      "  INSERT INTO billing_figures.customer_unpaid AS f (customer_id, internet, gas)"
      "  SELECT d.customer_id, CASE WHEN d.type = 'internet' THEN d.unpaid ELSE 0 END,"
      "         CASE WHEN d.type = 'gas' THEN d.unpaid ELSE 0 END"
      "  FROM d WHERE d.unpaid <> 0"
      "  ON CONFLICT (customer_id) DO UPDATE"
      "    SET internet = f.internet + EXCLUDED.internet, gas = f.gas + EXCLUDED.gas"
      "  RETURNING f.internet, f.gas)";
  if (income) {
    tail +=
        ", income_d AS ("
        "  INSERT INTO billing_figures.income_day AS f (day, type, slot, amount)"
        "  SELECT (d.paid_at AT TIME ZONE"
        "           (SELECT name FROM billing_figures.zone WHERE id = 1))::date,"
        "         d.type, pg_backend_pid() % 16, d.paid_amount"
        "  FROM d WHERE d.paid_at IS NOT NULL AND d.paid_amount <> 0"
        "    AND (SELECT count(*) FROM customer) >= 0"
        "  ON CONFLICT (day, type, slot) DO UPDATE SET amount = f.amount + EXCLUDED.amount"
        "  RETURNING 1)"
        ", income_m AS ("
        "  INSERT INTO billing_figures.income_month AS f (month, type, slot, amount)"
        "  SELECT date_trunc('month', d.paid_at AT TIME ZONE"
        "           (SELECT name FROM billing_figures.zone WHERE id = 1))::date,"
        "         d.type, pg_backend_pid() % 16, d.paid_amount"
        "  FROM d WHERE d.paid_at IS NOT NULL AND d.paid_amount <> 0"
        "    AND (SELECT count(*) FROM income_d) >= 0"
        "  ON CONFLICT (month, type, slot) DO UPDATE SET amount = f.amount + EXCLUDED.amount"
        "  RETURNING 1)";
  }
  const std::string previous = income ? "income_m" : "customer";
  return tail +
         ", counted AS ("
         "  INSERT INTO billing_figures.counts AS f (period, type, status, slot, n)"
         "  SELECT d.period, d.type, s.status, pg_backend_pid() % 16, s.n"
         "  FROM d, LATERAL (VALUES ('paid', d.paid), ('unpaid', d.unpaid)) AS s(status, n)"
         "  WHERE s.n <> 0 AND (SELECT count(*) FROM " +
         previous +
         ") >= 0 ORDER BY s.status"
         "  ON CONFLICT (period, type, status, slot) DO UPDATE SET n = f.n + EXCLUDED.n"
         "  RETURNING 1)"
         ", outstanding AS ("
         "  INSERT INTO billing_figures.outstanding AS f (kind, slot, amount, bills, customers)"
         "  SELECT v.kind, pg_backend_pid() % 16, v.amount, v.bills, v.customers"
         "  FROM d LEFT JOIN customer c ON true, LATERAL (VALUES"
         "    ('all', 0::bigint, 0::bigint, coalesce((c.internet + c.gas > 0)::int"
         "       - (c.internet + c.gas - d.unpaid > 0)::int, 0)::bigint),"
         "    (d.type, d.amount, d.unpaid, coalesce(CASE WHEN d.type = 'gas'"
         "       THEN (c.gas > 0)::int - (c.gas - d.unpaid > 0)::int"
         "       ELSE (c.internet > 0)::int - (c.internet - d.unpaid > 0)::int END, 0)::bigint))"
         "    AS v(kind, amount, bills, customers)"
         "  WHERE (v.amount <> 0 OR v.bills <> 0 OR v.customers <> 0)"
         "    AND (SELECT count(*) FROM counted) >= 0"
         "  ORDER BY v.kind"
         "  ON CONFLICT (kind, slot) DO UPDATE SET amount = f.amount + EXCLUDED.amount,"
         "    bills = f.bills + EXCLUDED.bills, customers = f.customers + EXCLUDED.customers)";
}

// A row image's contribution with `sign` (1: it appears, -1: it goes), as
// billing_figures.contribution computes it.
std::string Contribution(const std::string& row, const std::string& sign) {
  return "SELECT " + row + ".customer_id, " + row + ".type, " + row + ".period, CASE WHEN " + row +
         ".status = 'paid' THEN " + sign + " ELSE 0 END::bigint AS paid, CASE WHEN " + row +
         ".status = 'unpaid' THEN " + sign + " ELSE 0 END::bigint AS unpaid, CASE WHEN " + row +
         ".status = 'unpaid' THEN " + sign + " * " + row +
         ".amount ELSE 0 END::bigint AS amount, CASE WHEN " + row + ".status = 'paid' THEN " + row +
         ".paid_at END AS paid_at, CASE WHEN " + row + ".status = 'paid' THEN " + sign +
         " * coalesce(" + row + ".paid_amount, 0) ELSE 0 END::bigint AS paid_amount FROM " + row;
}

// One statement that writes transactions and moves the figures with them: `ctes` ends with the
// CTE `written` (which writes only while `flag` is on), `delta` is the change it makes to the
// figures (the CTE `d`, FiguresTail), and the statement returns `select` of the written rows.
std::string FiguredWrite(const std::string& ctes, const std::string& delta, bool income,
                         const std::string& select) {
  return std::string("WITH ") + kAccountedFlag + ctes + ", d AS (" + delta + ")" +
         FiguresTail(income) + " SELECT " + select + " FROM written";
}

nlohmann::json TransactionJson(const NewTransaction& t) {
  return {{"customer_id", t.customer_id},
          {"customer_name", t.customer_name},
          {"type", t.type},
          {"period", t.period},
          {"amount", t.amount},
          {"due_date", t.due_date},
          {"items", t.items},
          {"lines", t.lines}};
}

}  // namespace

TransactionRepository::TransactionRepository(db::Pool& pool) : pool_(pool) {}

TransactionRecord TransactionRepository::Create(const NewTransaction& t, const rpc::Caller& actor,
                                                const std::string& default_zone) {
  TransactionRecord created;
  // The number first, in a statement of its own that holds the month's counter for
  // microseconds (billing migration 0010), not until this create's commit.
  std::string invoice_no;
  pool_.WriteOne([&](pqxx::nontransaction& txn) {
    txn.conn().prepare("transaction_take_invoice_no",
                       "SELECT set_config('synchronous_commit', 'off', true), "
                       "coalesce(billing.take_invoice_no($1, $2, $3), '')");
    invoice_no =
        txn.exec_prepared1("transaction_take_invoice_no", t.customer_id, t.type, t.period)[1]
            .as<std::string>();
  });
  try {
    pool_.Transact([&](pqxx::work& txn) {
      // The zone's sub-select runs only when a date is missing (a lazily evaluated InitPlan).
      static const std::string sql = FiguredWrite(
          ", today AS (SELECT CASE WHEN $5 = '' OR $9 = '' THEN (to_timestamp($11) AT TIME ZONE "
          "coalesce((SELECT document #>> '{billing,timezone}' FROM settings WHERE id = 1), $12))"
          "::date END AS date)"
          ", written AS (INSERT INTO transactions (customer_id, customer_name, customer_phone, "
          "type, period, description, items, amount, due_date, created_by, lines, tax_amount, "
          "discount_amount, invoice_no, nik) SELECT $1, $2, $3, $4, "
          "coalesce(nullif($5, ''), to_char(today.date, 'YYYY-MM')), $6, $7::jsonb, $8, "
          "coalesce(nullif($9, '')::date, today.date), $10, $13::jsonb, $14, $15, "
          "nullif($16, ''), nullif($17, '') FROM flag, today "
          "WHERE flag.accounted = 'on' RETURNING *)",
          Contribution("written", "1"), false, kColumns);
      txn.conn().prepare("transaction_create", sql);
      auto row = txn.exec_prepared1(
          "transaction_create", t.customer_id, t.customer_name, t.customer_phone, t.type, t.period,
          t.description, t.items.dump(), t.amount, t.due_date, actor.username,
          std::chrono::duration<double>(t.defaults_at.time_since_epoch()).count(), default_zone,
          t.lines.dump(), t.tax_amount, t.discount_amount, invoice_no, t.nik);
      created = FromRow(row);
      // The stock in the same transaction: a sale without its cylinders never commits.
      if (!t.stock.empty()) TakeSaleStock(txn, created.id, t.stock, actor);
      NewTransaction audited = t;
      audited.period = created.period;
      audited.due_date = created.due_date;
      events::Record(txn, kService, actor,
                     {"create", "transaction", std::to_string(created.id),
                      i18n::kSummaryTransactionCreated + std::to_string(created.id) + " (" +
                          t.customer_name + ")",
                      TransactionJson(audited)});
    });
  } catch (const pqxx::unique_violation&) {
    throw errors::AlreadyExists(i18n::kBillExists, {{"period", i18n::kBillExists}});
  }
  return created;
}

std::optional<TransactionRecord> TransactionRepository::Find(int64_t id) {
  std::optional<TransactionRecord> found;
  pool_.Read([&](pqxx::read_transaction& txn) {
    auto result =
        txn.exec_params(std::string("SELECT ") + kColumns + " FROM transactions WHERE id = $1", id);
    if (!result.empty()) found = FromRow(result[0]);
  });
  return found;
}

TransactionPage TransactionRepository::List(const TransactionFilter& f) {
  // Empty filters match everything; parameters only, never string-built values.
  const std::string where =
      " WHERE ($1 = '' OR status = $1) AND ($2 = '' OR type = $2) AND ($3 = '' OR period = $3)"
      " AND ($4 = '' OR customer_name ILIKE '%' || $4 || '%' OR description ILIKE '%' || $4 || "
      "'%' OR invoice_no ILIKE '%' || $4 || '%') AND ($5 = 0 OR customer_id = $5)";
  // The page's ids first (an index-only scan of transactions_created for the status, type and
  // period filters), then only those rows are read; `direction` ASC reads from the oldest end.
  auto page_sql = [&](const char* direction) {
    return std::string("SELECT ") + kColumns + " FROM transactions WHERE id IN (SELECT id FROM " +
           "transactions" + where + " ORDER BY created_at " + direction + ", id " + direction +
           " LIMIT $6 OFFSET $7) ORDER BY created_at DESC, id DESC";
  };
  TransactionPage page;
  std::string q = EscapeLike(f.q);
  pool_.Read([&](pqxx::read_transaction& txn) {
    page.items.clear();
    if (f.q.empty() && f.customer_id == 0) {
      // Exact, from the counts the figures triggers keep (migration 0002).
      page.total = txn.exec_params1(
                          "SELECT coalesce(sum(n), 0)::bigint FROM billing_figures.counts"
                          " WHERE ($1 = '' OR status = $1) AND ($2 = '' OR type = $2)"
                          " AND ($3 = '' OR period = $3)",
                          f.status, f.type, f.period)[0]
                       .as<int64_t>();
    } else {
      page.total = txn.exec_params1("SELECT count(*) FROM transactions" + where, f.status, f.type,
                                    f.period, q, f.customer_id)[0]
                       .as<int64_t>();
    }
    if (f.offset >= page.total) return;
    // A page in the older half is read from the oldest end: no page skips more than half.
    int64_t from_oldest = page.total - f.offset - f.limit;
    bool reverse = from_oldest < f.offset;
    int64_t limit = reverse ? f.limit + std::min<int64_t>(from_oldest, 0) : f.limit;
    int64_t offset = reverse ? std::max<int64_t>(from_oldest, 0) : f.offset;
    for (const auto& row : txn.exec_params(page_sql(reverse ? "ASC" : "DESC"), f.status, f.type,
                                           f.period, q, f.customer_id, limit, offset)) {
      page.items.push_back(FromRow(row));
    }
  });
  return page;
}

std::optional<TransactionRecord> TransactionRepository::TryMarkPaid(pqxx::work& txn, int64_t id,
                                                                    const Payment& payment,
                                                                    const rpc::Caller& actor) {
  // The status condition makes concurrent presses race safely: one row update wins (a second
  // waits for the first's row lock, then finds the row paid). With `amount_must_match` the
  // bill's amount must equal the payment's. The old image is the same row unpaid: only status,
  // paid_at, paid_amount and the payment's fields change.
  static const std::string sql = FiguredWrite(
      ", written AS (UPDATE transactions SET status = 'paid', "
      "paid_at = CASE WHEN $3 = '' THEN now() ELSE $3::timestamptz END, "
      "paid_amount = coalesce($4, amount), payment_method = $2, paid_by = $5, "
      "payment_reference = nullif($6, ''), updated_at = now() FROM flag "
      "WHERE id = $1 AND status = 'unpaid' AND (NOT $7::boolean OR amount = $4) "
      "AND flag.accounted = 'on' RETURNING transactions.*)",
      "SELECT written.customer_id, written.type, written.period, 1::bigint AS paid, "
      "-1::bigint AS unpaid, -written.amount AS amount, written.paid_at, "
      "coalesce(written.paid_amount, 0) AS paid_amount FROM written",
      true, kColumns);
  txn.conn().prepare("transaction_mark_paid", sql);
  auto result = txn.exec_prepared("transaction_mark_paid", id, payment.method, payment.paid_at,
                                  payment.amount, actor.username, payment.reference,
                                  payment.amount_must_match);
  if (result.empty()) return std::nullopt;
  TransactionRecord paid = FromRow(result[0]);
  nlohmann::json changes = {{"paid_amount", paid.paid_amount}, {"method", paid.payment_method}};
  if (!paid.payment_reference.empty()) changes["reference"] = paid.payment_reference;
  events::Record(
      txn, kService, actor,
      {"mark_lunas", "transaction", std::to_string(id),
       i18n::kSummaryTransactionPaid + std::to_string(id) + " (" + paid.customer_name + ")",
       changes});
  return paid;
}

TransactionRecord TransactionRepository::MarkPaid(int64_t id, const Payment& payment,
                                                  const rpc::Caller& actor) {
  TransactionRecord paid;
  pool_.Transact([&](pqxx::work& txn) {
    auto marked = TryMarkPaid(txn, id, payment, actor);
    if (!marked) {
      auto exists = txn.exec_params("SELECT 1 FROM transactions WHERE id = $1", id);
      if (exists.empty()) throw errors::NotFound(i18n::kTransactionNotFound);
      throw errors::FailedPrecondition(i18n::kAlreadyPaid);
    }
    paid = *marked;
  });
  return paid;
}

OnlinePaymentResult TransactionRepository::MarkPaidOnline(int64_t id, const Payment& payment,
                                                          const rpc::Caller& actor) {
  OnlinePaymentResult outcome;
  pool_.Transact([&](pqxx::work& txn) {
    Payment exact = payment;
    exact.amount_must_match = true;
    if (auto marked = TryMarkPaid(txn, id, exact, actor)) {
      outcome = {true, *marked};
      return;
    }
    // A new snapshot: a concurrent payment that won the row is seen committed here.
    auto result =
        txn.exec_params(std::string("SELECT ") + kColumns + " FROM transactions WHERE id = $1", id);
    if (result.empty()) throw errors::NotFound(i18n::kTransactionNotFound);
    TransactionRecord current = FromRow(result[0]);
    if (current.status == "paid") {
      outcome = {false, current};
      return;
    }
    throw errors::FailedPrecondition(i18n::kPaymentAmountDiffers);
  });
  return outcome;
}

void TransactionRepository::Delete(int64_t id, const rpc::Caller& actor) {
  pool_.Transact([&](pqxx::work& txn) {
    auto result = txn.exec_params(
        std::string("SELECT ") + kColumns + " FROM transactions WHERE id = $1 FOR UPDATE", id);
    if (result.empty()) throw errors::NotFound(i18n::kTransactionNotFound);
    TransactionRecord t = FromRow(result[0]);
    if (t.status == "paid" && !actor.is_admin()) {
      throw errors::PermissionDenied(i18n::kPaidDeleteAdminOnly);
    }
    static const std::string sql = FiguredWrite(
        ", written AS (DELETE FROM transactions USING flag WHERE id = $1 "
        "AND flag.accounted = 'on' RETURNING transactions.*)",
        Contribution("written", "-1"), true, "1");
    txn.conn().prepare("transaction_delete", sql);
    txn.exec_prepared("transaction_delete", id);
    // A deleted gas sale never happened: its cylinders go back to stock with it (an unpaid one
    // by anyone, a paid one by an admin, as above).
    if (t.type == "gas") ReturnSaleStock(txn, id, actor);
    events::Record(
        txn, kService, actor,
        {"delete",
         "transaction",
         std::to_string(id),
         i18n::kSummaryTransactionDeleted + std::to_string(id) + " (" + t.customer_name + ")",
         {{"status", t.status}, {"amount", t.amount}, {"period", t.period}}});
  });
}

namespace {

// Inserts internet bills in key order, skipping those that exist; returns how many were new.
int64_t InsertBillRows(pqxx::work& txn, const std::vector<NewTransaction>& bills,
                       const rpc::Caller& actor) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& bill : bills) {
    rows.push_back({{"customer_id", bill.customer_id},
                    {"customer_name", bill.customer_name},
                    {"customer_phone", bill.customer_phone},
                    {"period", bill.period},
                    {"description", bill.description},
                    {"amount", bill.amount},
                    {"due_date", bill.due_date},
                    {"lines", bill.lines},
                    {"tax_amount", bill.tax_amount},
                    {"discount_amount", bill.discount_amount}});
  }
  // In key order: concurrent batches with bills in common (two bill runs, a replica's and a
  // manual one) then wait for each other's rows on the unique index in one order, never in a
  // cycle.
  auto result = txn.exec_params(
      "INSERT INTO transactions (customer_id, customer_name, customer_phone, type, period, "
      "description, amount, due_date, created_by, lines, tax_amount, discount_amount) "
      "SELECT customer_id, customer_name, customer_phone, 'internet', period, description, "
      "amount, due_date, $2, lines, tax_amount, discount_amount "
      "FROM jsonb_to_recordset($1::jsonb) AS r(customer_id bigint, customer_name text, "
      "customer_phone text, period text, description text, amount bigint, due_date date, "
      "lines jsonb, tax_amount bigint, discount_amount bigint) "
      // Bills that exist are left out before the insert allocates their invoice numbers (a
      // conflict would burn one); ON CONFLICT covers only a concurrent run's rows.
      "WHERE NOT EXISTS (SELECT 1 FROM transactions t WHERE t.customer_id = r.customer_id "
      "AND t.period = r.period AND t.type = 'internet') ORDER BY customer_id, period "
      "ON CONFLICT (customer_id, period) WHERE type = 'internet' DO NOTHING RETURNING id",
      rows.dump(), actor.username);
  return static_cast<int64_t>(result.size());
}

}  // namespace

int64_t TransactionRepository::InsertBills(const std::vector<NewTransaction>& bills,
                                           const rpc::Caller& actor) {
  if (bills.empty()) return 0;
  int64_t created = 0;
  pool_.Transact([&](pqxx::work& txn) { created = InsertBillRows(txn, bills, actor); });
  return created;
}

int64_t TransactionRepository::InsertImportedBills(const std::vector<NewTransaction>& bills,
                                                   const rpc::Caller& actor) {
  if (bills.empty()) return 0;
  int64_t created = 0;
  pool_.Transact([&](pqxx::work& txn) {
    created = InsertBillRows(txn, bills, actor);
    std::string count = domain::FormatThousands(created);
    events::Record(
        txn, kService, actor,
        {"import",
         "transaction",
         "",
         events::FormatSummary(i18n::kSummaryArrearsImported, {{"jumlah", count}}),
         {{"created", created}, {"skipped", static_cast<int64_t>(bills.size()) - created}}});
  });
  return created;
}

void TransactionRepository::RecordBillRun(const std::string& period, int64_t created,
                                          int64_t skipped, const rpc::Caller& actor) {
  pool_.Transact([&](pqxx::work& txn) {
    txn.exec_params0(
        "INSERT INTO bill_runs (period, created, skipped, run_by) VALUES ($1, $2, $3, $4) "
        "ON CONFLICT (period) DO UPDATE SET created = bill_runs.created + EXCLUDED.created, "
        "skipped = EXCLUDED.skipped, run_at = now(), run_by = EXCLUDED.run_by",
        period, created, skipped, actor.username.empty() ? i18n::kSystemActor : actor.username);
    events::Record(txn, kService, actor,
                   {"bill_run",
                    "transaction",
                    period,
                    i18n::kSummaryBillRun + period + ": " + std::to_string(created),
                    {{"period", period}, {"created", created}, {"skipped", skipped}}});
  });
}

bool TransactionRepository::BillRunDone(const std::string& period) {
  bool done = false;
  pool_.Read([&](pqxx::read_transaction& txn) {
    done = !txn.exec_params("SELECT 1 FROM bill_runs WHERE period = $1", period).empty();
  });
  return done;
}

std::set<int64_t> TransactionRepository::WithInternetBills(
    const std::vector<int64_t>& customer_ids) {
  std::set<int64_t> found;
  if (customer_ids.empty()) return found;
  pool_.ReadOne([&](pqxx::nontransaction& txn) {
    found.clear();
    // One probe of the unique (customer_id, period) index per customer.
    for (const auto& row : txn.exec_params(
             "SELECT c.id FROM unnest($1::bigint[]) AS c(id) WHERE EXISTS (SELECT 1 FROM "
             "transactions t WHERE t.customer_id = c.id AND t.type = 'internet')",
             db::IdArray(customer_ids))) {
      found.insert(row[0].as<int64_t>());
    }
  });
  return found;
}

}  // namespace billing::bills
