// Portal SQL. Times travel as microseconds since the epoch (-1 for NULL).
#include "portal_repository.h"

#include "domain/customer_number.h"
#include "events/outbox.h"
#include "i18n/portal_messages.h"

namespace billing::payment {
namespace {

#define PORTAL_SQL_TIME(param) \
  "('epoch'::timestamptz + nullif(" param "::bigint, -1) * interval '1 microsecond')"
#define PORTAL_SQL_MICROS(column) "coalesce((extract(epoch FROM " column ") * 1000000)::bigint, -1)"

constexpr const char* kCodeColumns =
    "customer_id, phone, code_hash, deliverable, tries, voided, " PORTAL_SQL_MICROS(
        "created_at") ", " PORTAL_SQL_MICROS("expires_at") ", " PORTAL_SQL_MICROS("used_at");

int64_t Micros(PortalTime time) {
  return std::chrono::duration_cast<std::chrono::microseconds>(time.time_since_epoch()).count();
}
int64_t Micros(const std::optional<PortalTime>& time) { return time ? Micros(*time) : -1; }
PortalTime Time(int64_t micros) { return PortalTime(std::chrono::microseconds(micros)); }

PortalLinkRecord LinkFromRow(const pqxx::row& row) {
  return {row[0].as<int64_t>(), row[1].as<std::string>(), row[2].as<std::string>(),
          Time(row[3].as<int64_t>())};
}

PortalCode CodeFromRow(const pqxx::row& row) {
  PortalCode code;
  code.customer_id = row[0].as<int64_t>();
  code.phone = row[1].as<std::string>();
  code.code_hash = row[2].as<std::string>();
  code.deliverable = row[3].as<bool>();
  code.tries = row[4].as<int>();
  code.voided = row[5].as<bool>();
  code.created_at = Time(row[6].as<int64_t>());
  code.expires_at = Time(row[7].as<int64_t>());
  int64_t used = row[8].as<int64_t>();
  if (used >= 0) code.used_at = Time(used);
  return code;
}

}  // namespace

std::optional<PortalLinkRecord> PortalRepository::LinkOf(int64_t customer_id) {
  std::optional<PortalLinkRecord> found;
  pool_.ReadOne([&](pqxx::nontransaction& txn) {
    auto result = txn.exec_params("SELECT customer_id, nonce, token_hash, " PORTAL_SQL_MICROS(
                                      "created_at") " FROM portal_links WHERE customer_id = $1",
                                  customer_id);
    if (!result.empty()) found = LinkFromRow(result[0]);
  });
  return found;
}

PortalLinkRecord PortalRepository::AddLink(const PortalLinkRecord& link) {
  PortalLinkRecord stored;
  pool_.Transact([&](pqxx::work& txn) {
    txn.exec_params0(
        "INSERT INTO portal_links (customer_id, nonce, token_hash, created_at)"
        " VALUES ($1, $2, $3, " PORTAL_SQL_TIME("$4") ") ON CONFLICT (customer_id) DO NOTHING",
        link.customer_id, link.nonce, link.token_hash, Micros(link.created_at));
    stored =
        LinkFromRow(txn.exec_params1("SELECT customer_id, nonce, token_hash, " PORTAL_SQL_MICROS(
                                         "created_at") " FROM portal_links WHERE customer_id = $1",
                                     link.customer_id));
  });
  return stored;
}

std::optional<int64_t> PortalRepository::CustomerOfLink(const std::string& token_hash) {
  std::optional<int64_t> found;
  pool_.ReadOne([&](pqxx::nontransaction& txn) {
    auto result =
        txn.exec_params("SELECT customer_id FROM portal_links WHERE token_hash = $1", token_hash);
    if (!result.empty()) found = result[0][0].as<int64_t>();
  });
  return found;
}

void PortalRepository::RevokeLink(int64_t customer_id, const rpc::Caller& actor) {
  pool_.Transact([&](pqxx::work& txn) {
    auto links = txn.exec_params("DELETE FROM portal_links WHERE customer_id = $1", customer_id);
    auto sessions =
        txn.exec_params("DELETE FROM portal_sessions WHERE customer_id = $1", customer_id);
    if (links.affected_rows() == 0 && sessions.affected_rows() == 0) return;
    events::Record(txn, "payment", actor,
                   {"portal_link_revoked",
                    "customer",
                    std::to_string(customer_id),
                    events::FormatSummary(i18n::kSummaryPortalLinkRevoked,
                                          {{"nomor", domain::FormatCustomerNumber(customer_id)}}),
                    {{"sessions_ended", sessions.affected_rows()}}});
  });
}

void PortalRepository::PutCode(const PortalCode& code) {
  pool_.Transact([&](pqxx::work& txn) {
    txn.exec_params0(
        "INSERT INTO portal_codes (customer_id, phone, code_hash, deliverable, tries, voided,"
        " created_at, expires_at, used_at)"
        " VALUES ($1, $2, $3, $4, 0, false, " PORTAL_SQL_TIME("$5") ", " PORTAL_SQL_TIME("$6")
        ", NULL) ON CONFLICT (customer_id, phone) DO UPDATE SET code_hash = EXCLUDED.code_hash,"
        " deliverable = EXCLUDED.deliverable, tries = 0, voided = false,"
        " created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at, used_at = NULL",
        code.customer_id, code.phone, code.code_hash, code.deliverable, Micros(code.created_at),
        Micros(code.expires_at));
  });
}

std::optional<PortalCode> PortalRepository::EditCode(int64_t customer_id, const std::string& phone,
                                                     const std::function<bool(PortalCode&)>& edit) {
  std::optional<PortalCode> result;
  pool_.Transact([&](pqxx::work& txn) {
    result.reset();
    auto locked = txn.exec_params(std::string("SELECT ") + kCodeColumns +
                                      " FROM portal_codes WHERE customer_id = $1 AND phone = $2"
                                      " FOR UPDATE",
                                  customer_id, phone);
    if (locked.empty()) return;
    PortalCode code = CodeFromRow(locked[0]);
    if (edit(code)) {
      txn.exec_params0(
          "UPDATE portal_codes SET tries = $3, voided = $4, used_at = " PORTAL_SQL_TIME(
              "$5") " WHERE customer_id = $1 AND phone = $2",
          customer_id, phone, code.tries, code.voided, Micros(code.used_at));
    }
    result = code;
  });
  return result;
}

void PortalRepository::AddSession(const PortalSessionRecord& session) {
  pool_.Transact([&](pqxx::work& txn) {
    txn.exec_params0(
        "INSERT INTO portal_sessions (token_hash, customer_id, created_at, expires_at)"
        " VALUES ($1, $2, " PORTAL_SQL_TIME("$3") ", " PORTAL_SQL_TIME("$4") ")",
        session.token_hash, session.customer_id, Micros(session.created_at),
        Micros(session.expires_at));
  });
}

std::optional<PortalSessionRecord> PortalRepository::Session(const std::string& token_hash) {
  std::optional<PortalSessionRecord> found;
  pool_.ReadOne(
      [&](pqxx::nontransaction& txn) {
        auto result = txn.exec_params(
        "SELECT token_hash, customer_id, " PORTAL_SQL_MICROS("created_at") ", " PORTAL_SQL_MICROS(
            "expires_at") " FROM portal_sessions WHERE token_hash = $1",
        token_hash);
        if (result.empty()) return;
        const auto& row = result[0];
        found = PortalSessionRecord{row[0].as<std::string>(), row[1].as<int64_t>(),
                                    Time(row[2].as<int64_t>()), Time(row[3].as<int64_t>())};
      });
  return found;
}

void PortalRepository::DeleteSession(const std::string& token_hash) {
  pool_.Transact([&](pqxx::work& txn) {
    txn.exec_params0("DELETE FROM portal_sessions WHERE token_hash = $1", token_hash);
  });
}

RateHit PortalRepository::Hit(const std::string& key, PortalTime now, std::chrono::seconds window) {
  RateHit hit;
  pool_.Transact([&](pqxx::work& txn) {
    // One statement: concurrent hits on one key from any replica serialise on its row.
    auto row = txn.exec_params1(
        "INSERT INTO portal_limits AS l (key, window_start, hits)"
        " VALUES ($1, " PORTAL_SQL_TIME("$2") ", 1) ON CONFLICT (key) DO UPDATE SET"
        " window_start = CASE WHEN l.window_start <= EXCLUDED.window_start - $3 * interval"
        " '1 second' THEN EXCLUDED.window_start ELSE l.window_start END,"
        " hits = CASE WHEN l.window_start <= EXCLUDED.window_start - $3 * interval '1 second'"
        " THEN 1 ELSE l.hits + 1 END"
        " RETURNING hits, " PORTAL_SQL_MICROS("window_start"),
        key, Micros(now), static_cast<int64_t>(window.count()));
    hit.hits = row[0].as<int>();
    hit.window_start = Time(row[1].as<int64_t>());
  });
  return hit;
}

void PortalRepository::Prune(PortalTime now, PortalTime codes_before, PortalTime limits_before) {
  pool_.Transact([&](pqxx::work& txn) {
    txn.exec_params0("DELETE FROM portal_sessions WHERE expires_at <= " PORTAL_SQL_TIME("$1"),
                     Micros(now));
    txn.exec_params0("DELETE FROM portal_codes WHERE expires_at < " PORTAL_SQL_TIME("$1"),
                     Micros(codes_before));
    txn.exec_params0("DELETE FROM portal_limits WHERE window_start < " PORTAL_SQL_TIME("$1"),
                     Micros(limits_before));
  });
}

}  // namespace billing::payment
