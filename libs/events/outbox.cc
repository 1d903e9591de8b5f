// The outbox writer: one parameterised INSERT plus a NOTIFY for the relay.
#include "events/outbox.h"

#include "log/log.h"

namespace billing::db {
std::vector<Migration> EventsMigrations();
}

namespace billing::events {

void Record(pqxx::work& txn, const std::string& service, const rpc::Caller& actor,
            const Change& change) {
  std::string changes = log::Redact(change.changes).dump(-1, ' ', false,
                                                          nlohmann::json::error_handler_t::replace);
  txn.exec_params0(
      "INSERT INTO events.outbox (service, actor_id, actor_username, action, entity, entity_id, "
      "summary, changes) VALUES ($1, NULLIF($2, 0), $3, $4, $5, $6, $7, $8::jsonb)",
      service, actor.user_id, actor.username, change.action, change.entity, change.entity_id,
      change.summary, changes);
  txn.exec0(std::string("NOTIFY ") + kNotifyChannel);
}

std::vector<db::Migration> Migrations() { return db::EventsMigrations(); }

void ApplyMigrations(db::Pool& pool) { db::ApplyMigrations(pool, kSchema, Migrations()); }

}  // namespace billing::events
