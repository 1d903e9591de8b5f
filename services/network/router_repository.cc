// Router SQL: parameterised statements only.
#include "router_repository.h"

#include "db/sql_time.h"
#include "errors/error.h"
#include "events/outbox.h"
#include "i18n/messages.h"
#include "network_sql.h"

namespace billing::network {
namespace {

constexpr const char* kService = "network";

// Every router column, then its pending and failed subscribers.
const std::string kRouterColumns =
    "r.id, r.name, r.kind, r.host, r.port, r.tls, r.username, r.password, r.secret, "
    "r.isolir_mode, r.isolir_profile, r.enabled, r.reachable, " BILLING_SQL_RFC3339(
        "r.last_contact_at") ", " BILLING_SQL_RFC3339("r.last_sync_at") ", r.last_error, "
    "(SELECT count(*) FROM subscribers s LEFT JOIN links l ON l.customer_id = s.customer_id "
    "   AND l.router_id = r.id WHERE " +
    sql::kLinkBehind +
    " AND coalesce(l.attempts, 0) = 0), "
    "(SELECT count(*) FROM subscribers s LEFT JOIN links l ON l.customer_id = s.customer_id "
    "   AND l.router_id = r.id WHERE " +
    sql::kLinkBehind + " AND coalesce(l.attempts, 0) > 0)";

RouterRecord RouterFromRow(const pqxx::row& row) {
  RouterRecord record;
  record.id = row[0].as<int64_t>();
  RouterData& d = record.data;
  d.name = row[1].as<std::string>();
  d.kind = row[2].as<std::string>();
  d.host = row[3].as<std::string>();
  d.port = row[4].as<int>();
  d.tls = row[5].as<bool>();
  d.username = row[6].as<std::string>();
  d.password = row[7].as<std::string>();
  d.secret = row[8].as<std::string>();
  d.isolir_mode = row[9].as<std::string>();
  d.isolir_profile = row[10].as<std::string>();
  d.enabled = row[11].as<bool>();
  record.reachable = row[12].as<bool>();
  record.last_contact_at = row[13].as<std::string>();
  record.last_sync_at = row[14].as<std::string>();
  record.last_error = row[15].as<std::string>();
  record.pending = row[16].as<int64_t>();
  record.failed = row[17].as<int64_t>();
  return record;
}

RouterRecord LoadRouter(pqxx::transaction_base& txn, int64_t id) {
  return RouterFromRow(
      txn.exec_params1("SELECT " + kRouterColumns + " FROM routers r WHERE r.id = $1", id));
}

errors::Error NameTaken() {
  return errors::AlreadyExists(i18n::kRouterNameTaken, {{"name", i18n::kRouterNameTaken}});
}

}  // namespace

std::vector<RouterRecord> SqlRouterRepository::Routers() {
  std::vector<RouterRecord> routers;
  pool_.Read([&](pqxx::read_transaction& txn) {
    for (const auto& row : txn.exec("SELECT " + kRouterColumns + " FROM routers r ORDER BY r.id")) {
      routers.push_back(RouterFromRow(row));
    }
  });
  return routers;
}

std::optional<RouterRecord> SqlRouterRepository::Router(int64_t id) {
  std::optional<RouterRecord> router;
  pool_.Read([&](pqxx::read_transaction& txn) {
    auto rows = txn.exec_params("SELECT " + kRouterColumns + " FROM routers r WHERE r.id = $1", id);
    if (!rows.empty()) router = RouterFromRow(rows[0]);
  });
  return router;
}

RouterRecord SqlRouterRepository::CreateRouter(const RouterData& d, const rpc::Caller& actor) {
  RouterRecord created;
  try {
    pool_.Transact([&](pqxx::work& txn) {
      int64_t id = txn.exec_params1(
                          "INSERT INTO routers (name, kind, host, port, tls, username, password, "
                          "secret, isolir_mode, isolir_profile, enabled) VALUES "
                          "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
                          d.name, d.kind, d.host, d.port, d.tls, d.username, d.password, d.secret,
                          d.isolir_mode, d.isolir_profile, d.enabled)[0]
                       .as<int64_t>();
      created = LoadRouter(txn, id);
      events::Record(
          txn, kService, actor,
          {"create", "network", "router:" + std::to_string(id),
           events::FormatSummary(i18n::kSummaryRouterCreated, {{"nama", d.name}}), AuditFields(d)});
    });
  } catch (const pqxx::unique_violation&) {
    throw NameTaken();
  }
  return created;
}

RouterRecord SqlRouterRepository::UpdateRouter(
    int64_t id, const std::function<RouterData(const RouterData&)>& merge,
    const rpc::Caller& actor) {
  RouterRecord updated;
  try {
    pool_.Transact([&](pqxx::work& txn) {
      auto rows = txn.exec_params(
          "SELECT " + kRouterColumns + " FROM routers r WHERE r.id = $1 FOR UPDATE OF r", id);
      if (rows.empty()) throw errors::NotFound(i18n::kRouterNotFound);
      RouterRecord before = RouterFromRow(rows[0]);
      RouterData d = merge(before.data);
      if (d == before.data) {
        updated = before;
        return;
      }
      txn.exec_params0(
          "UPDATE routers SET name = $2, kind = $3, host = $4, port = $5, tls = $6, "
          "username = $7, password = $8, secret = $9, isolir_mode = $10, isolir_profile = $11, "
          "enabled = $12, updated_at = now(), last_error = '' WHERE id = $1",
          id, d.name, d.kind, d.host, d.port, d.tls, d.username, d.password, d.secret,
          d.isolir_mode, d.isolir_profile, d.enabled);
      // Another address, kind or isolir mode: every customer is checked again on it, at once.
      txn.exec_params0(
          "UPDATE links SET applied_version = 0, attempts = 0, next_attempt_at = now() "
          "WHERE router_id = $1",
          id);
      updated = LoadRouter(txn, id);
      events::Record(txn, kService, actor,
                     {"update", "network", "router:" + std::to_string(id),
                      events::FormatSummary(i18n::kSummaryRouterUpdated, {{"nama", d.name}}),
                      AuditDiff(before.data, d)});
    });
  } catch (const pqxx::unique_violation&) {
    throw NameTaken();
  }
  return updated;
}

void SqlRouterRepository::DeleteRouter(int64_t id, const rpc::Caller& actor) {
  pool_.Transact([&](pqxx::work& txn) {
    auto rows = txn.exec_params("DELETE FROM routers WHERE id = $1 RETURNING name", id);
    if (rows.empty()) throw errors::NotFound(i18n::kRouterNotFound);
    std::string name = rows[0][0].as<std::string>();
    events::Record(txn, kService, actor,
                   {"delete",
                    "network",
                    "router:" + std::to_string(id),
                    events::FormatSummary(i18n::kSummaryRouterDeleted, {{"nama", name}}),
                    {{"name", name}}});
  });
}

void SqlRouterRepository::RecordContact(int64_t router_id, std::optional<bool> reachable,
                                        const std::string& error, bool synced) {
  pool_.Transact([&](pqxx::work& txn) {
    txn.exec_params0(
        "UPDATE routers SET reachable = coalesce($2, reachable), "
        "last_error = CASE WHEN $2 IS NULL THEN last_error ELSE $3 END, "
        "last_contact_at = CASE WHEN $2 THEN now() ELSE last_contact_at END, "
        "last_sync_at = CASE WHEN $4 THEN now() ELSE last_sync_at END WHERE id = $1",
        router_id, reachable, error, synced);
  });
}

void SqlRouterRepository::RecordApplyEvent(const RouterRecord& router, int64_t applied,
                                           int64_t failed) {
  pool_.Transact([&](pqxx::work& txn) {
    events::Record(
        txn, kService, rpc::Caller{},
        {"apply",
         "network",
         "router:" + std::to_string(router.id),
         events::FormatSummary(i18n::kSummaryNetworkApplied, {{"nama", router.data.name},
                                                              {"ok", std::to_string(applied)},
                                                              {"failed", std::to_string(failed)}}),
         {{"applied", applied}, {"failed", failed}}});
  });
}

}  // namespace billing::network
