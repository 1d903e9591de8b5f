// Network SQL: parameterised statements only. See docs/network.md for the model.
#include "network_repository.h"

#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

#include "db/sql_array.h"
#include "db/sql_time.h"
#include "errors/error.h"
#include "events/outbox.h"
#include "i18n/messages.h"

namespace billing::network {
namespace {

constexpr const char* kService = "network";

// A link (alias l, possibly absent) of subscriber s is behind when the router has not seen the
// subscriber's current version; a deleted customer never pushed to a router needs nothing.
#define BEHIND "((l.customer_id IS NULL AND NOT s.deleted) OR l.applied_version < s.version)"
#define STATE                                                  \
  "CASE WHEN NOT " BEHIND                                      \
  " THEN 'ok' WHEN coalesce(l.attempts, 0) > 0 THEN 'failed' " \
  "ELSE 'pending' END"

constexpr const char* kPolicyColumns =
    "auto_isolir, grace_days, check_minutes, notify_whatsapp, isolir_pool, "
    "isolir_address_list, " BILLING_SQL_RFC3339("last_check_at") ", last_checked, last_isolated";

constexpr const char* kRouterColumns =
    "r.id, r.name, r.kind, r.host, r.port, r.tls, r.username, r.password, r.secret, "
    "r.isolir_mode, r.isolir_profile, r.enabled, r.reachable, " BILLING_SQL_RFC3339("r.last_contact_at") ", "
    BILLING_SQL_RFC3339("r.last_sync_at") ", r.last_error, "
    "(SELECT count(*) FROM subscribers s LEFT JOIN links l ON l.customer_id = s.customer_id "
    "   AND l.router_id = r.id WHERE " BEHIND " AND coalesce(l.attempts, 0) = 0), "
    "(SELECT count(*) FROM subscribers s LEFT JOIN links l ON l.customer_id = s.customer_id "
    "   AND l.router_id = r.id WHERE " BEHIND " AND coalesce(l.attempts, 0) > 0)";

constexpr const char* kSubscriberColumns =
    "customer_id, customer_name, phone, username, password, coalesce(package_id, 0), profile, "
    "rate_limit, status, deleted, isolated_by, reason, "
    "coalesce(to_char(exempt_until, 'YYYY-MM-DD'), '')";

// One customer's state and reasons, then their state on every enabled router.
constexpr const char* kCustomerNetworkView =
    "SELECT customer_id, customer_name, username, status, isolated_by, reason, "
    BILLING_SQL_RFC3339("changed_at") ", coalesce(to_char(exempt_until, 'YYYY-MM-DD'), '') "
    "FROM subscribers WHERE customer_id = $1";
constexpr const char* kCustomerLinksView =
    "SELECT r.id, r.name, r.kind, " STATE ", coalesce(l.applied_status, ''), "
    "coalesce(l.attempts, 0), coalesce(l.last_error, ''), "
    BILLING_SQL_RFC3339("CASE WHEN " BEHIND " THEN l.next_attempt_at END") ", " BILLING_SQL_RFC3339("l.updated_at")
    " FROM routers r CROSS JOIN subscribers s "
    "LEFT JOIN links l ON l.router_id = r.id AND l.customer_id = s.customer_id "
    "WHERE s.customer_id = $1 AND r.enabled ORDER BY r.id";

PolicyRecord PolicyFromRow(const pqxx::row& row) {
  PolicyRecord record;
  record.data.auto_isolir = row[0].as<bool>();
  record.data.grace_days = row[1].as<int>();
  record.data.check_minutes = row[2].as<int>();
  record.data.notify_whatsapp = row[3].as<bool>();
  record.data.isolir_pool = row[4].as<std::string>();
  record.data.isolir_address_list = row[5].as<std::string>();
  record.last_check_at = row[6].as<std::string>();
  record.last_checked = row[7].as<int64_t>();
  record.last_isolated = row[8].as<int64_t>();
  return record;
}

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

SubscriberRecord SubscriberFromRow(const pqxx::row& row) {
  SubscriberRecord out;
  Subscriber& s = out.subscriber;
  s.customer_id = row[0].as<int64_t>();
  out.customer_name = row[1].as<std::string>();
  out.phone = row[2].as<std::string>();
  s.username = row[3].as<std::string>();
  s.password = row[4].as<std::string>();
  out.package_id = row[5].as<int64_t>();
  s.profile = row[6].as<std::string>();
  s.rate_limit = row[7].as<std::string>();
  s.status = row[8].as<std::string>();
  s.deleted = row[9].as<bool>();
  out.isolated_by = row[10].as<std::string>();
  out.reason = row[11].as<std::string>();
  out.exempt_until = row[12].as<std::string>();
  return out;
}

bool SameOnRouters(const Subscriber& a, const Subscriber& b) {
  return a.username == b.username && a.password == b.password && a.profile == b.profile &&
         a.rate_limit == b.rate_limit && a.status == b.status && a.deleted == b.deleted;
}

// Who isolated and why, as the mirror row should say after a write of `record` over `before`
// (none: a new row). `origin` explains a status change; without one, a status that changed is a
// staff edit (counted as manual) and an unchanged one keeps its reasons.
void ResolveOrigin(const std::optional<SubscriberRecord>& before, const Subscriber& s,
                   const std::optional<StatusOrigin>& origin, std::string* isolated_by,
                   std::string* reason) {
  bool status_changed = !before || before->subscriber.status != s.status;
  if (before) {
    *isolated_by = before->isolated_by;
    *reason = before->reason;
  }
  if (status_changed || origin) {
    *isolated_by = s.status != "isolated" ? "" : (origin ? origin->isolated_by : "manual");
    if (isolated_by->empty() && s.status == "isolated") *isolated_by = "manual";
    *reason = origin ? origin->reason : "";
  }
}

RouterRecord LoadRouter(pqxx::transaction_base& txn, int64_t id) {
  return RouterFromRow(txn.exec_params1(
      std::string("SELECT ") + kRouterColumns + " FROM routers r WHERE r.id = $1", id));
}

errors::Error NameTaken() {
  return errors::AlreadyExists(i18n::kRouterNameTaken, {{"name", i18n::kRouterNameTaken}});
}

}  // namespace

NetworkRepository::NetworkRepository(db::Pool& pool) : pool_(pool) {}

PolicyRecord NetworkRepository::Policy() {
  PolicyRecord record;
  pool_.Read([&](pqxx::read_transaction& txn) {
    record = PolicyFromRow(
        txn.exec1(std::string("SELECT ") + kPolicyColumns + " FROM policy WHERE id = 1"));
  });
  return record;
}

PolicyData NetworkRepository::UpdatePolicy(
    const std::function<PolicyData(const PolicyData&)>& merge, const rpc::Caller& actor) {
  PolicyData after;
  pool_.Transact([&](pqxx::work& txn) {
    PolicyData before = PolicyFromRow(txn.exec1(std::string("SELECT ") + kPolicyColumns +
                                                " FROM policy WHERE id = 1 FOR UPDATE"))
                            .data;
    after = merge(before);
    if (after == before) return;
    txn.exec_params0(
        "UPDATE policy SET auto_isolir = $1, grace_days = $2, check_minutes = $3, "
        "notify_whatsapp = $4, isolir_pool = $5, isolir_address_list = $6, updated_at = now() "
        "WHERE id = 1",
        after.auto_isolir, after.grace_days, after.check_minutes, after.notify_whatsapp,
        after.isolir_pool, after.isolir_address_list);
    events::Record(
        txn, kService, actor,
        {"update", "network", "policy", i18n::kSummaryPolicyUpdated, AuditDiff(before, after)});
  });
  return after;
}

bool NetworkRepository::ClaimScheduledCheck() {
  bool claimed = false;
  pool_.Transact([&](pqxx::work& txn) {
    claimed = !txn.exec(
                      "UPDATE policy SET last_check_at = now() WHERE id = 1 AND auto_isolir AND "
                      "(last_check_at IS NULL OR "
                      " last_check_at <= now() - check_minutes * interval '1 minute') "
                      "RETURNING id")
                   .empty();
  });
  return claimed;
}

void NetworkRepository::RecordCheck(int64_t checked, int64_t isolated) {
  pool_.Transact([&](pqxx::work& txn) {
    txn.exec_params0(
        "UPDATE policy SET last_check_at = now(), last_checked = $1, last_isolated = $2 "
        "WHERE id = 1",
        checked, isolated);
    events::Record(
        txn, kService, rpc::Caller{},
        {"isolir_check",
         "network",
         "policy",
         events::FormatSummary(i18n::kSummaryIsolirCheck, {{"checked", std::to_string(checked)},
                                                           {"isolated", std::to_string(isolated)}}),
         {{"checked", checked}, {"isolated", isolated}}});
  });
}

std::vector<RouterRecord> NetworkRepository::Routers() {
  std::vector<RouterRecord> routers;
  pool_.Read([&](pqxx::read_transaction& txn) {
    for (const auto& row :
         txn.exec(std::string("SELECT ") + kRouterColumns + " FROM routers r ORDER BY r.id")) {
      routers.push_back(RouterFromRow(row));
    }
  });
  return routers;
}

std::optional<RouterRecord> NetworkRepository::Router(int64_t id) {
  std::optional<RouterRecord> router;
  pool_.Read([&](pqxx::read_transaction& txn) {
    auto rows = txn.exec_params(
        std::string("SELECT ") + kRouterColumns + " FROM routers r WHERE r.id = $1", id);
    if (!rows.empty()) router = RouterFromRow(rows[0]);
  });
  return router;
}

RouterRecord NetworkRepository::CreateRouter(const RouterData& d, const rpc::Caller& actor) {
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

RouterRecord NetworkRepository::UpdateRouter(
    int64_t id, const std::function<RouterData(const RouterData&)>& merge,
    const rpc::Caller& actor) {
  RouterRecord updated;
  try {
    pool_.Transact([&](pqxx::work& txn) {
      auto rows = txn.exec_params(std::string("SELECT ") + kRouterColumns +
                                      " FROM routers r WHERE r.id = $1 FOR UPDATE OF r",
                                  id);
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

void NetworkRepository::DeleteRouter(int64_t id, const rpc::Caller& actor) {
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

void NetworkRepository::RecordContact(int64_t router_id, std::optional<bool> reachable,
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

std::optional<SubscriberRecord> NetworkRepository::FindSubscriber(int64_t customer_id) {
  std::optional<SubscriberRecord> found;
  pool_.Read([&](pqxx::read_transaction& txn) {
    auto rows = txn.exec_params(
        std::string("SELECT ") + kSubscriberColumns + " FROM subscribers WHERE customer_id = $1",
        customer_id);
    if (!rows.empty()) found = SubscriberFromRow(rows[0]);
  });
  return found;
}

bool NetworkRepository::Upsert(const SubscriberRecord& record,
                               const std::optional<StatusOrigin>& origin) {
  const Subscriber& s = record.subscriber;
  bool changed = false;
  pool_.Transact([&](pqxx::work& txn) {
    auto rows = txn.exec_params(std::string("SELECT ") + kSubscriberColumns +
                                    " FROM subscribers WHERE customer_id = $1 FOR UPDATE",
                                s.customer_id);
    std::optional<SubscriberRecord> before;
    if (!rows.empty()) before = SubscriberFromRow(rows[0]);
    changed = !before || !SameOnRouters(before->subscriber, s);
    bool status_changed = !before || before->subscriber.status != s.status;
    std::string isolated_by;
    std::string reason;
    ResolveOrigin(before, s, origin, &isolated_by, &reason);
    txn.exec_params0(
        "INSERT INTO subscribers (customer_id, customer_name, phone, username, password, "
        "package_id, profile, rate_limit, status, deleted, isolated_by, reason) "
        "VALUES ($1, $2, $3, $4, $5, NULLIF($6::bigint, 0), $7, $8, $9, $10, $11, $12) "
        "ON CONFLICT (customer_id) DO UPDATE SET customer_name = $2, phone = $3, username = $4, "
        "password = $5, package_id = NULLIF($6::bigint, 0), profile = $7, rate_limit = $8, "
        "status = $9, deleted = $10, isolated_by = $11, reason = $12, "
        "changed_at = CASE WHEN $13 THEN now() ELSE subscribers.changed_at END, "
        "version = subscribers.version + CASE WHEN $14 THEN 1 ELSE 0 END, updated_at = now()",
        s.customer_id, record.customer_name, record.phone, s.username, s.password,
        record.package_id, s.profile, s.rate_limit, s.status, s.deleted, isolated_by, reason,
        status_changed, changed && !rows.empty());
    if (changed) {
      txn.exec_params0("UPDATE links SET next_attempt_at = now() WHERE customer_id = $1",
                       s.customer_id);
    }
  });
  return changed;
}

int64_t NetworkRepository::RefreshMany(const std::vector<int64_t>& ids,
                                       const std::vector<SubscriberRecord>& records) {
  int64_t moved = 0;
  if (ids.empty() && records.empty()) return moved;
  std::map<int64_t, const SubscriberRecord*> current;
  std::vector<int64_t> all = ids;
  for (const auto& record : records) {
    current[record.subscriber.customer_id] = &record;
    all.push_back(record.subscriber.customer_id);
  }
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  pool_.Transact([&](pqxx::work& txn) {
    // Locked in id order, as every other writer of several rows does.
    std::map<int64_t, SubscriberRecord> before;
    for (const auto& row : txn.exec_params(std::string("SELECT ") + kSubscriberColumns +
                                               " FROM subscribers WHERE customer_id = ANY($1) "
                                               "ORDER BY customer_id FOR UPDATE",
                                           db::IdArray(all))) {
      SubscriberRecord record = SubscriberFromRow(row);
      before.emplace(record.subscriber.customer_id, std::move(record));
    }
    nlohmann::json rows = nlohmann::json::array();
    std::vector<int64_t> changed;
    for (int64_t id : all) {
      auto known = before.find(id);
      std::optional<SubscriberRecord> previous;
      if (known != before.end()) previous = known->second;
      SubscriberRecord next;
      if (auto it = current.find(id); it != current.end()) {
        next = *it->second;
      } else if (previous && !previous->subscriber.deleted) {
        next = *previous;  // no longer an internet customer: the routers must forget them
        next.subscriber.deleted = true;
      } else {
        continue;
      }
      const Subscriber& s = next.subscriber;
      std::string isolated_by;
      std::string reason;
      ResolveOrigin(previous, s, std::nullopt, &isolated_by, &reason);
      bool moves = !previous || !SameOnRouters(previous->subscriber, s);
      if (previous && !moves && previous->customer_name == next.customer_name &&
          previous->phone == next.phone && previous->package_id == next.package_id &&
          previous->isolated_by == isolated_by && previous->reason == reason) {
        continue;  // nothing to write
      }
      if (moves) changed.push_back(id);
      rows.push_back({{"customer_id", id},
                      {"customer_name", next.customer_name},
                      {"phone", next.phone},
                      {"username", s.username},
                      {"password", s.password},
                      {"package_id", next.package_id},
                      {"profile", s.profile},
                      {"rate_limit", s.rate_limit},
                      {"status", s.status},
                      {"deleted", s.deleted},
                      {"isolated_by", isolated_by},
                      {"reason", reason}});
    }
    if (rows.empty()) return;
    // The same write as Upsert's, for every row at once: the status and router-visible
    // comparisons are made against the locked row (`s`) by the statement itself.
    txn.exec_params0(
        "INSERT INTO subscribers AS s (customer_id, customer_name, phone, username, password, "
        "package_id, profile, rate_limit, status, deleted, isolated_by, reason) "
        "SELECT customer_id, customer_name, phone, username, password, NULLIF(package_id, 0), "
        "profile, rate_limit, status, deleted, isolated_by, reason "
        "FROM jsonb_to_recordset($1::jsonb) AS x(customer_id bigint, customer_name text, "
        "phone text, username text, password text, package_id bigint, profile text, "
        "rate_limit text, status text, deleted boolean, isolated_by text, reason text) "
        "ON CONFLICT (customer_id) DO UPDATE SET customer_name = EXCLUDED.customer_name, "
        "phone = EXCLUDED.phone, username = EXCLUDED.username, password = EXCLUDED.password, "
        "package_id = EXCLUDED.package_id, profile = EXCLUDED.profile, "
        "rate_limit = EXCLUDED.rate_limit, status = EXCLUDED.status, deleted = EXCLUDED.deleted, "
        "isolated_by = EXCLUDED.isolated_by, reason = EXCLUDED.reason, "
        "changed_at = CASE WHEN s.status <> EXCLUDED.status THEN now() ELSE s.changed_at END, "
        "version = s.version + CASE WHEN (s.username, s.password, s.profile, s.rate_limit, "
        "s.status, s.deleted) IS DISTINCT FROM (EXCLUDED.username, EXCLUDED.password, "
        "EXCLUDED.profile, EXCLUDED.rate_limit, EXCLUDED.status, EXCLUDED.deleted) "
        "THEN 1 ELSE 0 END, updated_at = now()",
        rows.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    if (!changed.empty()) {
      txn.exec_params0("UPDATE links SET next_attempt_at = now() WHERE customer_id = ANY($1)",
                       db::IdArray(changed));
    }
    moved = static_cast<int64_t>(changed.size());
  });
  return moved;
}

int64_t NetworkRepository::MarkMissingDeleted(const std::vector<int64_t>& live_ids) {
  int64_t marked = 0;
  pool_.Transact([&](pqxx::work& txn) {
    std::string array = db::IdArray(live_ids);
    auto rows = txn.exec_params(
        "UPDATE subscribers SET deleted = true, version = version + 1, updated_at = now() "
        "WHERE NOT deleted AND NOT (customer_id = ANY($1::bigint[])) RETURNING customer_id",
        array);
    marked = static_cast<int64_t>(rows.size());
    std::vector<int64_t> ids;
    ids.reserve(rows.size());
    for (const auto& row : rows) ids.push_back(row[0].as<int64_t>());
    if (!ids.empty()) {
      txn.exec_params0("UPDATE links SET next_attempt_at = now() WHERE customer_id = ANY($1)",
                       db::IdArray(ids));
    }
  });
  return marked;
}

void NetworkRepository::SetExemptUntil(int64_t customer_id, const std::string& today, int days) {
  pool_.Transact([&](pqxx::work& txn) {
    txn.exec_params0(
        "UPDATE subscribers SET exempt_until = $2::date + $3::integer WHERE customer_id = $1",
        customer_id, today, days);
  });
}

int64_t NetworkRepository::VerifyAll(const rpc::Caller& actor) {
  int64_t count = 0;
  pool_.Transact([&](pqxx::work& txn) {
    txn.exec0("UPDATE links SET applied_version = 0, attempts = 0, next_attempt_at = now()");
    count = txn.exec1("SELECT count(*) FROM subscribers WHERE NOT deleted")[0].as<int64_t>();
    events::Record(
        txn, kService, actor,
        {"sync",
         "network",
         "",
         events::FormatSummary(i18n::kSummaryNetworkSync, {{"count", std::to_string(count)}}),
         {{"subscribers", count}}});
  });
  return count;
}

std::vector<Work> NetworkRepository::DueWork(int64_t router_id, int limit) {
  std::vector<Work> work;
  pool_.Read([&](pqxx::read_transaction& txn) {
    auto rows = txn.exec_params(
        "SELECT s.customer_id, s.username, s.password, s.profile, s.rate_limit, s.status, "
        "s.deleted, s.version, l.applied_username, l.applied_status, l.applied_profile, "
        "l.applied_deleted FROM subscribers s LEFT JOIN links l "
        "ON l.customer_id = s.customer_id AND l.router_id = $1 "
        "WHERE " BEHIND
        " AND (l.customer_id IS NULL OR l.next_attempt_at <= now()) "
        "ORDER BY s.customer_id LIMIT $2",
        router_id, limit);
    for (const auto& row : rows) {
      Work item;
      item.desired.customer_id = row[0].as<int64_t>();
      item.desired.username = row[1].as<std::string>();
      item.desired.password = row[2].as<std::string>();
      item.desired.profile = row[3].as<std::string>();
      item.desired.rate_limit = row[4].as<std::string>();
      item.desired.status = row[5].as<std::string>();
      item.desired.deleted = row[6].as<bool>();
      item.version = row[7].as<int64_t>();
      if (!row[8].is_null() && !row[8].as<std::string>().empty()) {
        item.previous = Applied{row[8].as<std::string>(), row[9].as<std::string>(),
                                row[10].as<std::string>(), row[11].as<bool>()};
      }
      work.push_back(std::move(item));
    }
  });
  return work;
}

void NetworkRepository::RecordApplied(int64_t router_id, const Work& work) {
  const Subscriber& s = work.desired;
  pool_.Transact([&](pqxx::work& txn) {
    txn.exec_params0(
        "INSERT INTO links (router_id, customer_id, applied_version, applied_username, "
        "applied_status, applied_profile, applied_deleted, attempts, last_error) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, 0, '') "
        "ON CONFLICT (router_id, customer_id) DO UPDATE SET "
        "applied_version = greatest(links.applied_version, $3), applied_username = $4, "
        "applied_status = $5, applied_profile = $6, applied_deleted = $7, "
        "attempts = 0, last_error = '', next_attempt_at = now(), updated_at = now()",
        router_id, s.customer_id, work.version, s.username, s.status, s.profile, s.deleted);
  });
}

void NetworkRepository::RecordFailed(int64_t router_id, int64_t customer_id,
                                     const std::string& error, std::chrono::milliseconds retry_base,
                                     std::chrono::milliseconds retry_ceiling) {
  pool_.Transact([&](pqxx::work& txn) {
    // Back-off doubles per attempt from `retry_base` up to `retry_ceiling`.
    txn.exec_params0(
        "INSERT INTO links (router_id, customer_id, attempts, last_error, next_attempt_at) "
        "VALUES ($1, $2, 1, $3, now() + $4 * interval '1 millisecond') "
        "ON CONFLICT (router_id, customer_id) DO UPDATE SET "
        "attempts = links.attempts + 1, last_error = $3, updated_at = now(), "
        "next_attempt_at = now() + least($5::float8, $4::float8 * "
        "power(2, least(links.attempts, 30))) * interval '1 millisecond'",
        router_id, customer_id, error, static_cast<int64_t>(retry_base.count()),
        static_cast<int64_t>(retry_ceiling.count()));
  });
}

void NetworkRepository::RecordApplyEvent(const RouterRecord& router, int64_t applied,
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

std::optional<CustomerNetworkView> NetworkRepository::CustomerNetwork(int64_t customer_id) {
  std::optional<CustomerNetworkView> view;
  pool_.Read([&](pqxx::read_transaction& txn) {
    auto rows = txn.exec_params(kCustomerNetworkView, customer_id);
    if (rows.empty()) return;
    CustomerNetworkView v;
    v.customer_id = rows[0][0].as<int64_t>();
    v.customer_name = rows[0][1].as<std::string>();
    v.username = rows[0][2].as<std::string>();
    v.status = rows[0][3].as<std::string>();
    v.isolated_by = rows[0][4].as<std::string>();
    v.reason = rows[0][5].as<std::string>();
    v.changed_at = rows[0][6].as<std::string>();
    v.exempt_until = rows[0][7].as<std::string>();
    auto links = txn.exec_params(kCustomerLinksView, customer_id);
    for (const auto& row : links) {
      LinkView link;
      link.router_id = row[0].as<int64_t>();
      link.router_name = row[1].as<std::string>();
      link.kind = row[2].as<std::string>();
      link.state = row[3].as<std::string>();
      link.applied_status = row[4].as<std::string>();
      link.attempts = row[5].as<int>();
      link.last_error = row[6].as<std::string>();
      link.next_attempt_at = row[7].as<std::string>();
      link.updated_at = row[8].as<std::string>();
      v.links.push_back(std::move(link));
    }
    view = std::move(v);
  });
  return view;
}

std::vector<CustomerNetworkView> NetworkRepository::Problems(int limit, int offset,
                                                             int64_t* total) {
  std::vector<int64_t> ids;
  pool_.Read([&](pqxx::read_transaction& txn) {
    constexpr const char* kBehindCustomers =
        "SELECT DISTINCT s.customer_id FROM subscribers s CROSS JOIN routers r "
        "LEFT JOIN links l ON l.router_id = r.id AND l.customer_id = s.customer_id "
        "WHERE r.enabled AND " BEHIND;
    *total = txn.exec1(std::string("SELECT count(*) FROM (") + kBehindCustomers + ") AS behind")[0]
                 .as<int64_t>();
    auto rows = txn.exec_params(
        std::string(kBehindCustomers) + " ORDER BY s.customer_id LIMIT $1 OFFSET $2", limit,
        offset);
    for (const auto& row : rows) ids.push_back(row[0].as<int64_t>());
  });
  std::vector<CustomerNetworkView> views;
  for (int64_t id : ids) {
    if (auto view = CustomerNetwork(id)) views.push_back(std::move(*view));
  }
  return views;
}

void NetworkRepository::Counts(int64_t* pending, int64_t* failed) {
  pool_.Read([&](pqxx::read_transaction& txn) {
    auto row = txn.exec1(
        "SELECT count(*) FILTER (WHERE coalesce(l.attempts, 0) = 0), "
        "count(*) FILTER (WHERE coalesce(l.attempts, 0) > 0) "
        "FROM subscribers s CROSS JOIN routers r LEFT JOIN links l "
        "ON l.router_id = r.id AND l.customer_id = s.customer_id WHERE r.enabled AND " BEHIND);
    *pending = row[0].as<int64_t>();
    *failed = row[1].as<int64_t>();
  });
}

std::vector<OutboxEvent> NetworkRepository::EventsAfterCursor(int limit) {
  std::vector<OutboxEvent> events;
  pool_.Transact([&](pqxx::work& txn) {
    // A cursor ahead of the outbox (a restored backup carried an older suite's cursor) would
    // skip every new event: it falls back to the present.
    txn.exec0(
        "UPDATE cursor SET last_seq = (SELECT coalesce(max(seq), 0) FROM events.outbox) "
        "WHERE id = 1 AND last_seq > (SELECT coalesce(max(seq), 0) FROM events.outbox)");
    auto rows = txn.exec_params(
        "SELECT o.seq, o.entity, o.action, o.entity_id, o.changes::text FROM events.outbox o "
        "WHERE o.seq > (SELECT last_seq FROM cursor WHERE id = 1) ORDER BY o.seq LIMIT $1",
        limit);
    for (const auto& row : rows) {
      events.push_back({row[0].as<int64_t>(), row[1].as<std::string>(), row[2].as<std::string>(),
                        row[3].as<std::string>(), row[4].as<std::string>()});
    }
  });
  return events;
}

void NetworkRepository::AdvanceCursor(int64_t seq) {
  pool_.Transact([&](pqxx::work& txn) {
    txn.exec_params0("UPDATE cursor SET last_seq = greatest(last_seq, $1) WHERE id = 1", seq);
  });
}

}  // namespace billing::network
