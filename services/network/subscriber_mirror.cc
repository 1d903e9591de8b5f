// Subscriber mirror SQL: parameterised statements only. Decisions (who isolated, whether the
// routers see a change) come from network_rules.
#include "subscriber_mirror.h"

#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

#include "db/sql_array.h"

namespace billing::network {
namespace {

constexpr const char* kSubscriberColumns =
    "customer_id, customer_name, phone, username, password, coalesce(package_id, 0), profile, "
    "rate_limit, status, deleted, isolated_by, reason, "
    "coalesce(to_char(exempt_until, 'YYYY-MM-DD'), '')";

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

// The mirror row's reasons after `s` is written over `before` (none: a new row).
StatusOrigin OriginOf(const std::optional<SubscriberRecord>& before, const Subscriber& s,
                      const std::optional<StatusOrigin>& origin) {
  if (!before) return OriginAfterWrite(std::nullopt, {}, s.status, origin);
  return OriginAfterWrite(before->subscriber.status, {before->isolated_by, before->reason},
                          s.status, origin);
}

}  // namespace

std::optional<SubscriberRecord> SqlSubscriberMirror::FindSubscriber(int64_t customer_id) {
  std::optional<SubscriberRecord> found;
  pool_.Read([&](pqxx::read_transaction& txn) {
    auto rows = txn.exec_params(
        std::string("SELECT ") + kSubscriberColumns + " FROM subscribers WHERE customer_id = $1",
        customer_id);
    if (!rows.empty()) found = SubscriberFromRow(rows[0]);
  });
  return found;
}

bool SqlSubscriberMirror::Upsert(const SubscriberRecord& record,
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
    StatusOrigin after = OriginOf(before, s, origin);
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
        record.package_id, s.profile, s.rate_limit, s.status, s.deleted, after.isolated_by,
        after.reason, status_changed, changed && !rows.empty());
    if (changed) {
      txn.exec_params0("UPDATE links SET next_attempt_at = now() WHERE customer_id = $1",
                       s.customer_id);
    }
  });
  return changed;
}

int64_t SqlSubscriberMirror::RefreshMany(const std::vector<int64_t>& ids,
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
    // Rows already mirrored (locked above) are updated, new ones inserted.
    nlohmann::json updates = nlohmann::json::array();
    nlohmann::json inserts = nlohmann::json::array();
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
      StatusOrigin after = OriginOf(previous, s, std::nullopt);
      bool moves = !previous || !SameOnRouters(previous->subscriber, s);
      if (previous && !moves && previous->customer_name == next.customer_name &&
          previous->phone == next.phone && previous->package_id == next.package_id &&
          previous->isolated_by == after.isolated_by && previous->reason == after.reason) {
        continue;  // nothing to write
      }
      if (moves) changed.push_back(id);
      nlohmann::json row = {{"customer_id", id},
                            {"customer_name", next.customer_name},
                            {"phone", next.phone},
                            {"username", s.username},
                            {"password", s.password},
                            {"package_id", next.package_id},
                            {"profile", s.profile},
                            {"rate_limit", s.rate_limit},
                            {"status", s.status},
                            {"deleted", s.deleted},
                            {"isolated_by", after.isolated_by},
                            {"reason", after.reason}};
      if (previous) {
        row["status_changed"] = previous->subscriber.status != s.status;
        row["moves"] = moves;
        updates.push_back(std::move(row));
      } else {
        inserts.push_back(std::move(row));
      }
    }
    auto json = [](const nlohmann::json& rows) {
      return rows.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    };
    // The same writes as Upsert's, for every row at once.
    if (!updates.empty()) {
      txn.exec_params0(
          "UPDATE subscribers AS s SET customer_name = x.customer_name, phone = x.phone, "
          "username = x.username, password = x.password, package_id = NULLIF(x.package_id, 0), "
          "profile = x.profile, rate_limit = x.rate_limit, status = x.status, "
          "deleted = x.deleted, isolated_by = x.isolated_by, reason = x.reason, "
          "changed_at = CASE WHEN x.status_changed THEN now() ELSE s.changed_at END, "
          "version = s.version + CASE WHEN x.moves THEN 1 ELSE 0 END, updated_at = now() "
          "FROM jsonb_to_recordset($1::jsonb) AS x(customer_id bigint, customer_name text, "
          "phone text, username text, password text, package_id bigint, profile text, "
          "rate_limit text, status text, deleted boolean, isolated_by text, reason text, "
          "status_changed boolean, moves boolean) WHERE s.customer_id = x.customer_id",
          json(updates));
    }
    if (!inserts.empty()) {
      // A row another writer inserted meanwhile is overwritten as Upsert would a new one.
      txn.exec_params0(
          "INSERT INTO subscribers (customer_id, customer_name, phone, username, password, "
          "package_id, profile, rate_limit, status, deleted, isolated_by, reason) "
          "SELECT customer_id, customer_name, phone, username, password, NULLIF(package_id, 0), "
          "profile, rate_limit, status, deleted, isolated_by, reason "
          "FROM jsonb_to_recordset($1::jsonb) AS x(customer_id bigint, customer_name text, "
          "phone text, username text, password text, package_id bigint, profile text, "
          "rate_limit text, status text, deleted boolean, isolated_by text, reason text) "
          "ON CONFLICT (customer_id) DO UPDATE SET customer_name = EXCLUDED.customer_name, "
          "phone = EXCLUDED.phone, username = EXCLUDED.username, password = EXCLUDED.password, "
          "package_id = EXCLUDED.package_id, profile = EXCLUDED.profile, "
          "rate_limit = EXCLUDED.rate_limit, status = EXCLUDED.status, "
          "deleted = EXCLUDED.deleted, isolated_by = EXCLUDED.isolated_by, "
          "reason = EXCLUDED.reason, changed_at = now(), updated_at = now()",
          json(inserts));
    }
    if (!changed.empty()) {
      txn.exec_params0("UPDATE links SET next_attempt_at = now() WHERE customer_id = ANY($1)",
                       db::IdArray(changed));
    }
    moved = static_cast<int64_t>(changed.size());
  });
  return moved;
}

int64_t SqlSubscriberMirror::MarkMissingDeleted(const std::vector<int64_t>& live_ids) {
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

void SqlSubscriberMirror::SetExemptUntil(int64_t customer_id, const std::string& today, int days) {
  pool_.Transact([&](pqxx::work& txn) {
    txn.exec_params0(
        "UPDATE subscribers SET exempt_until = $2::date + $3::integer WHERE customer_id = $1",
        customer_id, today, days);
  });
}

}  // namespace billing::network
