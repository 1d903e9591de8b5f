// Link SQL and the views built on it: parameterised statements only.
#include "router_links.h"

#include "db/sql_array.h"
#include "db/sql_time.h"
#include "events/outbox.h"
#include "i18n/messages.h"
#include "network_sql.h"

namespace billing::network {
namespace {

constexpr const char* kService = "network";

// One customer's state and reasons, then their state on every enabled router.
constexpr const char* kCustomerNetworkView =
    "SELECT customer_id, customer_name, username, status, isolated_by, reason, "
    BILLING_SQL_RFC3339("changed_at") ", coalesce(to_char(exempt_until, 'YYYY-MM-DD'), '') "
    "FROM subscribers WHERE customer_id = $1";
// The link's in_step: the router has what it should (false while behind; also for a deleted
// customer never pushed, whose link is absent).
const std::string kCustomerLinksView =
    "SELECT r.id, r.name, r.kind, coalesce(NOT " + sql::kLinkBehind +
    ", false), coalesce(l.applied_status, ''), coalesce(l.attempts, 0), "
    "coalesce(l.last_error, ''), " BILLING_SQL_RFC3339("l.next_attempt_at") ", " BILLING_SQL_RFC3339(
        "l.updated_at") " FROM routers r CROSS JOIN subscribers s "
                        "LEFT JOIN links l ON l.router_id = r.id AND l.customer_id = s.customer_id "
                        "WHERE s.customer_id = $1 AND r.enabled ORDER BY r.id";

}  // namespace

std::vector<Work> SqlRouterLinks::DueWork(int64_t router_id, int limit) {
  std::vector<Work> work;
  pool_.Read([&](pqxx::read_transaction& txn) {
    auto rows = txn.exec_params(
        "SELECT s.customer_id, s.username, s.password, s.profile, s.rate_limit, s.status, "
        "s.deleted, s.version, l.applied_username, l.applied_status, l.applied_profile, "
        "l.applied_deleted FROM subscribers s LEFT JOIN links l "
        "ON l.customer_id = s.customer_id AND l.router_id = $1 "
        "WHERE " +
            sql::kLinkBehind +
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

void SqlRouterLinks::RecordApplied(int64_t router_id, const Work& work) {
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

void SqlRouterLinks::RecordFailed(int64_t router_id, int64_t customer_id, const std::string& error,
                                  std::chrono::milliseconds retry_base,
                                  std::chrono::milliseconds retry_ceiling) {
  // The waits come from RetryDelay, indexed by the attempts failed before this one.
  std::vector<int64_t> delays = RetryDelaysMs(retry_base, retry_ceiling);
  int64_t first = RetryDelay(std::nullopt, retry_base, retry_ceiling).count();
  pool_.Transact([&](pqxx::work& txn) {
    txn.exec_params0(
        "INSERT INTO links (router_id, customer_id, attempts, last_error, next_attempt_at) "
        "VALUES ($1, $2, 1, $3, now() + $4 * interval '1 millisecond') "
        "ON CONFLICT (router_id, customer_id) DO UPDATE SET "
        "attempts = links.attempts + 1, last_error = $3, updated_at = now(), "
        "next_attempt_at = now() + ($5::bigint[])[least(links.attempts, $6) + 1] "
        "* interval '1 millisecond'",
        router_id, customer_id, error, first, db::IdArray(delays), kMaxRetryDoublings);
  });
}

int64_t SqlRouterLinks::VerifyAll(const rpc::Caller& actor) {
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

std::optional<CustomerNetworkView> SqlRouterLinks::CustomerNetwork(int64_t customer_id) {
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
      bool in_step = row[3].as<bool>();
      link.applied_status = row[4].as<std::string>();
      link.attempts = row[5].as<int>();
      link.last_error = row[6].as<std::string>();
      link.state = LinkState(in_step, link.attempts);
      if (!in_step) link.next_attempt_at = row[7].as<std::string>();
      link.updated_at = row[8].as<std::string>();
      v.links.push_back(std::move(link));
    }
    view = std::move(v);
  });
  return view;
}

std::vector<CustomerNetworkView> SqlRouterLinks::Problems(int limit, int offset, int64_t* total) {
  std::vector<int64_t> ids;
  pool_.Read([&](pqxx::read_transaction& txn) {
    const std::string behind_customers =
        "SELECT DISTINCT s.customer_id FROM subscribers s CROSS JOIN routers r "
        "LEFT JOIN links l ON l.router_id = r.id AND l.customer_id = s.customer_id "
        "WHERE r.enabled AND " +
        sql::kLinkBehind;
    *total =
        txn.exec1("SELECT count(*) FROM (" + behind_customers + ") AS behind")[0].as<int64_t>();
    auto rows = txn.exec_params(behind_customers + " ORDER BY s.customer_id LIMIT $1 OFFSET $2",
                                limit, offset);
    for (const auto& row : rows) ids.push_back(row[0].as<int64_t>());
  });
  std::vector<CustomerNetworkView> views;
  for (int64_t id : ids) {
    if (auto view = CustomerNetwork(id)) views.push_back(std::move(*view));
  }
  return views;
}

void SqlRouterLinks::Counts(int64_t* pending, int64_t* failed) {
  pool_.Read([&](pqxx::read_transaction& txn) {
    auto row = txn.exec1(
        "SELECT count(*) FILTER (WHERE coalesce(l.attempts, 0) = 0), "
        "count(*) FILTER (WHERE coalesce(l.attempts, 0) > 0) "
        "FROM subscribers s CROSS JOIN routers r LEFT JOIN links l "
        "ON l.router_id = r.id AND l.customer_id = s.customer_id WHERE r.enabled AND " +
        sql::kLinkBehind);
    *pending = row[0].as<int64_t>();
    *failed = row[1].as<int64_t>();
  });
}

}  // namespace billing::network
