// Parameterised reads of events.outbox; date filters are whole days in the business time zone.
#include "audit_repository.h"

namespace billing::auth {
namespace {

constexpr const char* kUtc = "to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')";

// $1 user, $2 entity, $3 action, $4 from, $5 to, $6 time zone.
constexpr const char* kWhere =
    " WHERE ($1 = '' OR lower(actor_username) = lower($1))"
    " AND ($2 = '' OR entity = $2)"
    " AND ($3 = '' OR action = $3)"
    " AND ($4 = '' OR at >= (NULLIF($4, '')::date)::timestamp AT TIME ZONE $6)"
    " AND ($5 = '' OR at < (NULLIF($5, '')::date + 1)::timestamp AT TIME ZONE $6)";

}  // namespace

AuditRepository::AuditRepository(db::Pool& pool, TimeZoneSource& time_zone)
    : pool_(pool), time_zone_(time_zone) {}

AuditPage AuditRepository::List(const AuditQuery& query) {
  AuditPage page;
  // Without a date filter the zone is not used: the list never waits on billing.
  std::string zone = query.from.empty() && query.to.empty() ? "UTC" : time_zone_.TimeZone();
  pool_.Read([&](pqxx::read_transaction& txn) {
    auto rows = txn.exec_params(
        std::string("SELECT id, ") + kUtc +
            ", actor_username, action, entity, entity_id, summary, service FROM events.outbox" +
            kWhere + " ORDER BY at DESC, id DESC LIMIT $7 OFFSET $8",
        query.user, query.entity, query.action, query.from, query.to, zone, query.limit,
        query.offset);
    for (const auto& row : rows) {
      AuditRow item;
      item.id = row[0].as<int64_t>();
      item.at = row[1].as<std::string>();
      item.user = row[2].as<std::string>();
      item.action = row[3].as<std::string>();
      item.entity = row[4].as<std::string>();
      item.entity_id = row[5].as<std::string>();
      item.summary = row[6].as<std::string>();
      item.service = row[7].as<std::string>();
      page.items.push_back(std::move(item));
    }
    page.total =
        txn.exec_params1(std::string("SELECT count(*) FROM events.outbox") + kWhere, query.user,
                         query.entity, query.action, query.from, query.to, zone)[0]
            .as<int64_t>();
  });
  return page;
}

EventPage AuditRepository::EventsAfter(int64_t after_seq, int limit) {
  EventPage page;
  pool_.Read([&](pqxx::read_transaction& txn) {
    auto rows =
        txn.exec_params(std::string("SELECT seq, entity, action, entity_id, actor_username, "
                                    "coalesce(actor_id, 0), ") +
                            kUtc + " FROM events.outbox WHERE seq > $1 ORDER BY seq LIMIT $2",
                        after_seq, limit);
    for (const auto& row : rows) {
      EventRow item;
      item.seq = row[0].as<int64_t>();
      item.entity = row[1].as<std::string>();
      item.action = row[2].as<std::string>();
      item.entity_id = row[3].as<std::string>();
      item.actor_username = row[4].as<std::string>();
      item.actor_id = row[5].as<int64_t>();
      item.at = row[6].as<std::string>();
      page.items.push_back(std::move(item));
    }
    page.head_seq = txn.exec1("SELECT coalesce(max(seq), 0) FROM events.outbox")[0].as<int64_t>();
  });
  return page;
}

}  // namespace billing::auth
