// Payment SQL; every change of an attempt writes its outbox row in the same transaction.
#include "payment_repository.h"

#include <sstream>

#include "db/sql_array.h"
#include "errors/error.h"
#include "events/outbox.h"
#include "i18n/messages.h"
#include "payment_rules.h"

namespace billing::payment {
namespace {

constexpr const char* kService = "payment";

// A time as microseconds since the epoch in SQL, and back; -1 stands for NULL on the way in.
#define PAYMENT_SQL_TIME(param) \
  "('epoch'::timestamptz + nullif(" param "::bigint, -1) * interval '1 microsecond')"
#define PAYMENT_SQL_MICROS(column) \
  "coalesce((extract(epoch FROM " column ") * 1000000)::bigint, -1)"

constexpr const char* kColumns =
    "id, merchant_ref, provider, provider_reference, customer_id, scope, "
    "array_to_string(bill_ids, ','), amount_asked, amount_charged, amount_paid, pay_url, status, "
    PAYMENT_SQL_MICROS("expires_at") ", " PAYMENT_SQL_MICROS("created_at") ", "
    PAYMENT_SQL_MICROS("updated_at") ", " PAYMENT_SQL_MICROS("paid_at") ", "
    PAYMENT_SQL_MICROS("bill_marked_at") ", " PAYMENT_SQL_MICROS("checked_at") ", needs_check, settled_by, settled_note, "
    PAYMENT_SQL_MICROS("settled_at");

int64_t Micros(TimePoint time) {
  return std::chrono::duration_cast<std::chrono::microseconds>(time.time_since_epoch()).count();
}
int64_t Micros(const std::optional<TimePoint>& time) { return time ? Micros(*time) : -1; }

TimePoint Time(int64_t micros) { return TimePoint(std::chrono::microseconds(micros)); }
std::optional<TimePoint> OptionalTime(int64_t micros) {
  if (micros < 0) return std::nullopt;
  return Time(micros);
}

std::vector<int64_t> ParseIds(const std::string& text) {
  std::vector<int64_t> ids;
  std::stringstream stream(text);
  std::string part;
  while (std::getline(stream, part, ',')) ids.push_back(std::stoll(part));
  return ids;
}

Attempt FromRow(const pqxx::row& row) {
  Attempt a;
  a.id = row[0].as<int64_t>();
  a.merchant_ref = row[1].as<std::string>();
  a.provider = row[2].as<std::string>();
  a.provider_reference = row[3].as<std::string>();
  a.customer_id = row[4].as<int64_t>();
  a.scope = row[5].as<std::string>() == "bill" ? Scope::kBill : Scope::kAllUnpaid;
  a.bill_ids = ParseIds(row[6].as<std::string>());
  a.amount_asked = row[7].as<int64_t>();
  a.amount_charged = row[8].as<int64_t>();
  a.amount_paid = row[9].as<int64_t>();
  a.pay_url = row[10].as<std::string>();
  a.status = ParseStatus(row[11].as<std::string>());
  a.expires_at = Time(row[12].as<int64_t>());
  a.created_at = Time(row[13].as<int64_t>());
  a.updated_at = Time(row[14].as<int64_t>());
  a.paid_at = OptionalTime(row[15].as<int64_t>());
  a.bill_marked_at = OptionalTime(row[16].as<int64_t>());
  a.checked_at = OptionalTime(row[17].as<int64_t>());
  a.needs_check = ParseCheckReason(row[18].as<std::string>());
  a.settled_by = row[19].as<std::string>();
  a.settled_note = row[20].as<std::string>();
  a.settled_at = OptionalTime(row[21].as<int64_t>());
  return a;
}

std::vector<Attempt> Rows(const pqxx::result& result) {
  std::vector<Attempt> attempts;
  attempts.reserve(result.size());
  for (const auto& row : result) attempts.push_back(FromRow(row));
  return attempts;
}

// The acting user of every change here: the system, not a person.
rpc::Caller System() {
  rpc::Caller caller;
  caller.service = kService;
  caller.username = i18n::kSystemActor;
  return caller;
}

nlohmann::json Audit(const Attempt& a) {
  return {{"merchant_ref", a.merchant_ref},
          {"provider", a.provider},
          {"provider_reference", a.provider_reference},
          {"customer_id", a.customer_id},
          {"bill_ids", a.bill_ids},
          {"amount_asked", a.amount_asked},
          {"amount_paid", a.amount_paid},
          {"status", StatusName(a.status)},
          {"needs_check", CheckReasonName(a.needs_check)},
          {"settled_by", a.settled_by},
          {"settled_note", a.settled_note}};
}

// The filter of List as SQL over $1 bill_id, $2 customer_id, $3 needs_check (0 / false = any).
constexpr const char* kListWhere =
    " FROM attempts WHERE ($1::bigint = 0 OR bill_ids @> ARRAY[$1::bigint])"
    " AND ($2::bigint = 0 OR customer_id = $2)"
    " AND (NOT $3::boolean OR (needs_check <> '' AND settled_at IS NULL))";

}  // namespace

Attempt PaymentRepository::Insert(const NewAttempt& n) {
  Attempt stored;
  try {
    pool_.Transact([&](pqxx::work& txn) {
      auto row = txn.exec_params1(
          std::string(
              "INSERT INTO attempts (merchant_ref, provider, customer_id, scope, bill_ids,"
              " amount_asked, expires_at, created_at, updated_at)"
              " VALUES ($1, $2, $3, $4, $5::bigint[], $6, " PAYMENT_SQL_TIME(
                  "$7") ", " PAYMENT_SQL_TIME("$8") ", " PAYMENT_SQL_TIME("$8") ") RETURNING ") +
              kColumns,
          n.merchant_ref, n.provider, n.customer_id, std::string(ScopeName(n.scope)),
          db::IdArray(n.bill_ids), n.amount_asked, Micros(n.expires_at), Micros(n.created_at));
      stored = FromRow(row);
    });
  } catch (const pqxx::unique_violation&) {
    throw errors::AlreadyExists(i18n::kPaymentUnknownReference);
  }
  return stored;
}

std::optional<Attempt> PaymentRepository::Find(const std::string& merchant_ref) {
  std::optional<Attempt> found;
  pool_.ReadOne([&](pqxx::nontransaction& txn) {
    auto result = txn.exec_params(
        std::string("SELECT ") + kColumns + " FROM attempts WHERE merchant_ref = $1", merchant_ref);
    if (!result.empty()) found = FromRow(result[0]);
  });
  return found;
}

std::vector<Attempt> PaymentRepository::Pending(int64_t customer_id) {
  std::vector<Attempt> attempts;
  pool_.ReadOne([&](pqxx::nontransaction& txn) {
    attempts =
        Rows(txn.exec_params(std::string("SELECT ") + kColumns +
                                 " FROM attempts WHERE customer_id = $1 AND status = 'pending'"
                                 " ORDER BY created_at DESC, id DESC LIMIT 50",
                             customer_id));
  });
  return attempts;
}

std::vector<Attempt> PaymentRepository::ForBill(int64_t bill_id) {
  std::vector<Attempt> attempts;
  pool_.ReadOne([&](pqxx::nontransaction& txn) {
    attempts = Rows(txn.exec_params(std::string("SELECT ") + kColumns +
                                        " FROM attempts WHERE bill_ids @> ARRAY[$1::bigint]"
                                        " ORDER BY created_at DESC, id DESC LIMIT 100",
                                    bill_id));
  });
  return attempts;
}

std::vector<Attempt> PaymentRepository::NeedingCheck() {
  std::vector<Attempt> attempts;
  pool_.ReadOne([&](pqxx::nontransaction& txn) {
    attempts = Rows(txn.exec(std::string("SELECT ") + kColumns +
                             " FROM attempts WHERE needs_check <> ''"
                             " ORDER BY updated_at DESC, id DESC LIMIT 500"));
  });
  return attempts;
}

AttemptPage PaymentRepository::List(const AttemptFilter& filter, int limit, int offset) {
  AttemptPage page;
  pool_.ReadOne([&](pqxx::nontransaction& txn) {
    page.items = Rows(txn.exec_params(std::string("SELECT ") + kColumns + kListWhere +
                                          " ORDER BY created_at DESC, id DESC LIMIT $4 OFFSET $5",
                                      filter.bill_id, filter.customer_id, filter.needs_check, limit,
                                      offset));
    page.total = txn.exec_params1(std::string("SELECT count(*)") + kListWhere, filter.bill_id,
                                  filter.customer_id, filter.needs_check)[0]
                     .as<int64_t>();
  });
  return page;
}

Attempt PaymentRepository::Settle(const Settlement& settlement, const rpc::Caller& by) {
  Attempt settled;
  pool_.Transact([&](pqxx::work& txn) {
    auto locked = txn.exec_params(
        std::string("SELECT ") + kColumns + " FROM attempts WHERE id = $1 FOR UPDATE",
        settlement.attempt_id);
    if (locked.empty()) throw errors::NotFound(i18n::kPaymentAttemptNotFound);
    const Attempt before = FromRow(locked[0]);
    if (!CanSettle(before)) throw errors::FailedPrecondition(i18n::kPaymentNotWaitingForCheck);
    settled = FromRow(txn.exec_params1(
        std::string("UPDATE attempts SET settled_by = $2, settled_note = $3,"
                    " settled_at = " PAYMENT_SQL_TIME("$4") " WHERE id = $1 RETURNING ") +
            kColumns,
        before.id, by.username, settlement.note, Micros(settlement.at)));
    events::Record(
        txn, kService, by,
        {"payment_settled", "payment", std::to_string(settled.id),
         events::FormatSummary(i18n::kSummaryPaymentSettled,
                               {{"ref", settled.merchant_ref}, {"catatan", settlement.note}}),
         events::Diff(Audit(before), Audit(settled))});
  });
  return settled;
}

std::vector<Attempt> PaymentRepository::Open() {
  std::vector<Attempt> attempts;
  pool_.ReadOne([&](pqxx::nontransaction& txn) {
    attempts =
        Rows(txn.exec(std::string("SELECT ") + kColumns +
                      " FROM attempts WHERE status = 'pending'"
                      "  OR (status = 'paid' AND bill_marked_at IS NULL AND needs_check = '')"
                      " ORDER BY created_at LIMIT 500"));
  });
  return attempts;
}

std::optional<Attempt> PaymentRepository::Update(
    const std::string& merchant_ref,
    const std::function<std::optional<AttemptEvent>(Attempt&)>& edit) {
  std::optional<Attempt> written;
  pool_.Transact([&](pqxx::work& txn) {
    written.reset();
    auto locked = txn.exec_params(
        std::string("SELECT ") + kColumns + " FROM attempts WHERE merchant_ref = $1 FOR UPDATE",
        merchant_ref);
    if (locked.empty()) throw errors::NotFound(i18n::kPaymentUnknownReference);
    Attempt attempt = FromRow(locked[0]);
    const Attempt before = attempt;
    auto event = edit(attempt);
    if (!event) return;
    txn.exec_params0(
        "UPDATE attempts SET provider_reference = $2, amount_charged = $3, amount_paid = $4,"
        " pay_url = $5, status = $6, expires_at = " PAYMENT_SQL_TIME("$7") ","
        " updated_at = " PAYMENT_SQL_TIME("$8") ", paid_at = " PAYMENT_SQL_TIME("$9") ","
        " bill_marked_at = " PAYMENT_SQL_TIME("$10") ", checked_at = " PAYMENT_SQL_TIME("$11") ","
        " needs_check = $12 WHERE id = $1",
        attempt.id, attempt.provider_reference, attempt.amount_charged, attempt.amount_paid,
        attempt.pay_url, std::string(StatusName(attempt.status)), Micros(attempt.expires_at),
        Micros(attempt.updated_at), Micros(attempt.paid_at), Micros(attempt.bill_marked_at),
        Micros(attempt.checked_at), std::string(CheckReasonName(attempt.needs_check)));
    events::Record(txn, kService, System(),
                   {event->action, "payment", std::to_string(attempt.id), event->summary,
                    events::Diff(Audit(before), Audit(attempt))});
    written = attempt;
  });
  return written;
}

void PaymentRepository::MarkChecked(const std::string& merchant_ref, TimePoint at) {
  pool_.Transact([&](pqxx::work& txn) {
    txn.exec_params0(
        "UPDATE attempts SET checked_at = " PAYMENT_SQL_TIME("$2") " WHERE merchant_ref = $1",
        merchant_ref, Micros(at));
  });
}

void PaymentRepository::RecordCallback(const ReceivedCallback& c) {
  pool_.Transact([&](pqxx::work& txn) {
    txn.exec_params0(
        "INSERT INTO callbacks (received_at, provider, body_sha256, merchant_ref, verdict)"
        " VALUES (" PAYMENT_SQL_TIME("$1") ", $2, $3, $4, $5)",
        Micros(c.received_at), c.provider, c.body_sha256, c.merchant_ref, c.verdict);
  });
}

void PaymentRepository::PruneRefusedCallbacks(TimePoint before) {
  pool_.Transact([&](pqxx::work& txn) {
    txn.exec_params0("DELETE FROM callbacks WHERE received_at < " PAYMENT_SQL_TIME(
                         "$1") " AND verdict NOT LIKE 'accepted:%'",
                     Micros(before));
  });
}

}  // namespace billing::payment
