// Shared SQL of the messaging repositories. Every change writes its outbox row in the same
// transaction (events::Record).
#include "messaging_sql.h"

#include "db/sql_time.h"
#include "events/outbox.h"
#include "i18n/messages.h"

namespace billing::messaging {

std::string BroadcastRecord::Status() const {
  if (!cancelled_at.empty()) return "cancelled";
  return counts.queued > 0 ? "running" : "done";
}

namespace sql {

const char* const kCountColumns =
    "count(m.id) FILTER (WHERE m.status IN ('queued', 'sending')), "
    "count(m.id) FILTER (WHERE m.status = 'sent'), "
    "count(m.id) FILTER (WHERE m.status = 'failed'), "
    "count(m.id) FILTER (WHERE m.status = 'cancelled')";

std::string Dump(const nlohmann::json& json) {
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

int64_t Micros(std::chrono::system_clock::time_point time) {
  return std::chrono::duration_cast<std::chrono::microseconds>(time.time_since_epoch()).count();
}

std::string ActorName(const rpc::Caller& actor) {
  return actor.username.empty() ? i18n::kSystemActor : actor.username;
}

rpc::Caller System() {
  rpc::Caller system;
  system.username = i18n::kSystemActor;
  return system;
}

QueueCounts CountsFrom(const pqxx::row& row, int first) {
  QueueCounts counts;
  counts.queued = row[first].as<int64_t>();
  counts.sent = row[first + 1].as<int64_t>();
  counts.failed = row[first + 2].as<int64_t>();
  counts.cancelled = row[first + 3].as<int64_t>();
  return counts;
}

std::optional<BroadcastRecord> LoadBroadcast(pqxx::transaction_base& txn, int64_t id) {
  auto result = txn.exec_params(
      std::string("SELECT b.id, b.type, b.kind, b.total, b.created_by, ") +
          BILLING_SQL_RFC3339("b.created_at") + ", coalesce(b.cancelled_by, ''), " +
          BILLING_SQL_RFC3339("b.cancelled_at") + ", " + kCountColumns +
          " FROM broadcasts b LEFT JOIN messages m ON m.broadcast_id = b.id WHERE b.id = $1"
          " GROUP BY b.id",
      id);
  if (result.empty()) return std::nullopt;
  const auto& row = result[0];
  BroadcastRecord b;
  b.id = row[0].as<int64_t>();
  b.type = row[1].as<std::string>();
  b.kind = row[2].as<std::string>();
  b.total = row[3].as<int64_t>();
  b.created_by = row[4].as<std::string>();
  b.created_at = row[5].as<std::string>();
  b.cancelled_by = row[6].as<std::string>();
  b.cancelled_at = row[7].as<std::string>();
  b.counts = CountsFrom(row, 8);
  return b;
}

void RecordProgress(pqxx::work& txn, const BroadcastRecord& b) {
  bool done = b.counts.queued == 0;
  events::Record(txn, kService, System(),
                 {done ? "done" : "progress",
                  "broadcast",
                  std::to_string(b.id),
                  events::FormatSummary(i18n::kSummaryBroadcastProgress,
                                        {{"id", std::to_string(b.id)},
                                         {"sent", std::to_string(b.counts.sent)},
                                         {"failed", std::to_string(b.counts.failed)},
                                         {"queued", std::to_string(b.counts.queued)}}),
                  {{"sent", b.counts.sent},
                   {"failed", b.counts.failed},
                   {"queued", b.counts.queued},
                   {"cancelled", b.counts.cancelled}}});
}

int64_t InsertAutoMessage(pqxx::work& txn, const ComposedMessage& m, const rpc::Caller& actor) {
  int64_t id =
      txn.exec_params1(
             "INSERT INTO messages (trigger, kind, customer_id, customer_name, transaction_id, "
             "phone, body, params, created_by) VALUES ('auto', $1, $2, $3, NULLIF($4, 0), $5, "
             "$6, $7::jsonb, $8) RETURNING id",
             KindName(m.kind), m.customer_id, m.customer_name, m.transaction_id, m.phone, m.body,
             Dump(m.params), ActorName(actor))[0]
          .as<int64_t>();
  events::Record(txn, kService, actor,
                 {"auto",
                  "message",
                  std::to_string(id),
                  events::FormatSummary(i18n::kSummaryAutoMessage,
                                        {{"nama", m.customer_name}, {"kind", KindName(m.kind)}}),
                  {{"kind", KindName(m.kind)}, {"customer_id", m.customer_id}}});
  return id;
}

}  // namespace sql
}  // namespace billing::messaging
