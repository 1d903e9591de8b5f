// Transaction SQL; every change writes its outbox row in the same transaction.
#include "transaction_repository.h"

#include <algorithm>

#include "errors/error.h"
#include "events/outbox.h"
#include "i18n/messages.h"

namespace billing::bills {
namespace {

constexpr const char* kService = "billing";
constexpr const char* kColumns =
    "id, customer_id, customer_name, customer_phone, type, period, description, items::text, "
    "amount, to_char(due_date, 'YYYY-MM-DD'), status, "
    "coalesce(to_char(paid_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), ''), "
    "coalesce(paid_amount, 0), coalesce(payment_method, ''), coalesce(paid_by, ''), created_by, "
    "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')";

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

nlohmann::json TransactionJson(const NewTransaction& t) {
  return {{"customer_id", t.customer_id},
          {"customer_name", t.customer_name},
          {"type", t.type},
          {"period", t.period},
          {"amount", t.amount},
          {"due_date", t.due_date},
          {"items", t.items}};
}

}  // namespace

TransactionRepository::TransactionRepository(db::Pool& pool) : pool_(pool) {}

TransactionRecord TransactionRepository::Create(const NewTransaction& t, const rpc::Caller& actor) {
  TransactionRecord created;
  try {
    pool_.Transact([&](pqxx::work& txn) {
      auto row = txn.exec_params1(
          std::string("INSERT INTO transactions (customer_id, customer_name, customer_phone, type, "
                      "period, description, items, amount, due_date, created_by) VALUES ($1, $2, "
                      "$3, $4, $5, $6, $7::jsonb, $8, $9::date, $10) RETURNING ") +
              kColumns,
          t.customer_id, t.customer_name, t.customer_phone, t.type, t.period, t.description,
          t.items.dump(), t.amount, t.due_date, actor.username);
      created = FromRow(row);
      events::Record(txn, kService, actor,
                     {"create", "transaction", std::to_string(created.id),
                      i18n::kSummaryTransactionCreated + std::to_string(created.id) + " (" +
                          t.customer_name + ")",
                      TransactionJson(t)});
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
      "'%') AND ($5 = 0 OR customer_id = $5)";
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

TransactionRecord TransactionRepository::MarkPaid(int64_t id, const Payment& payment,
                                                  const rpc::Caller& actor) {
  TransactionRecord paid;
  pool_.Transact([&](pqxx::work& txn) {
    // The status condition makes concurrent presses race safely: one row update wins.
    auto result = txn.exec_params(
        std::string("UPDATE transactions SET status = 'paid', "
                    "paid_at = CASE WHEN $3 = '' THEN now() ELSE $3::timestamptz END, "
                    "paid_amount = coalesce($4, amount), payment_method = $2, paid_by = $5, "
                    "updated_at = now() WHERE id = $1 AND status = 'unpaid' RETURNING ") +
            kColumns,
        id, payment.method, payment.paid_at, payment.amount, actor.username);
    if (result.empty()) {
      auto exists = txn.exec_params("SELECT 1 FROM transactions WHERE id = $1", id);
      if (exists.empty()) throw errors::NotFound(i18n::kTransactionNotFound);
      throw errors::FailedPrecondition(i18n::kAlreadyPaid);
    }
    paid = FromRow(result[0]);
    events::Record(
        txn, kService, actor,
        {"mark_lunas",
         "transaction",
         std::to_string(id),
         i18n::kSummaryTransactionPaid + std::to_string(id) + " (" + paid.customer_name + ")",
         {{"paid_amount", paid.paid_amount}, {"method", paid.payment_method}}});
  });
  return paid;
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
    txn.exec_params0("DELETE FROM transactions WHERE id = $1", id);
    events::Record(
        txn, kService, actor,
        {"delete",
         "transaction",
         std::to_string(id),
         i18n::kSummaryTransactionDeleted + std::to_string(id) + " (" + t.customer_name + ")",
         {{"status", t.status}, {"amount", t.amount}, {"period", t.period}}});
  });
}

int64_t TransactionRepository::InsertBills(const std::vector<NewTransaction>& bills,
                                           const rpc::Caller& actor) {
  if (bills.empty()) return 0;
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& bill : bills) {
    rows.push_back({{"customer_id", bill.customer_id},
                    {"customer_name", bill.customer_name},
                    {"customer_phone", bill.customer_phone},
                    {"period", bill.period},
                    {"description", bill.description},
                    {"amount", bill.amount},
                    {"due_date", bill.due_date}});
  }
  int64_t created = 0;
  pool_.Transact([&](pqxx::work& txn) {
    auto result = txn.exec_params(
        "INSERT INTO transactions (customer_id, customer_name, customer_phone, type, period, "
        "description, amount, due_date, created_by) "
        "SELECT customer_id, customer_name, customer_phone, 'internet', period, description, "
        "amount, due_date, $2 FROM jsonb_to_recordset($1::jsonb) AS r(customer_id bigint, "
        "customer_name text, customer_phone text, period text, description text, amount bigint, "
        "due_date date) "
        "ON CONFLICT (customer_id, period) WHERE type = 'internet' DO NOTHING RETURNING id",
        rows.dump(), actor.username);
    created = static_cast<int64_t>(result.size());
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

}  // namespace billing::bills
