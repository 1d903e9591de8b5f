// Broadcast SQL. Every change writes its outbox row in the same transaction (events::Record).
#include "broadcast_repository.h"

#include "errors/error.h"
#include "events/outbox.h"
#include "i18n/messages.h"
#include "messaging_sql.h"

namespace billing::messaging {

BroadcastRepository::BroadcastRepository(db::Pool& pool) : pool_(pool) {}

BroadcastResult BroadcastRepository::EnqueueBroadcast(const std::string& type,
                                                      const std::string& kind,
                                                      const std::vector<ComposedMessage>& messages,
                                                      const rpc::Caller& actor) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& m : messages) {
    rows.push_back({{"kind", KindName(m.kind)},
                    {"customer_id", m.customer_id},
                    {"customer_name", m.customer_name},
                    {"phone", m.phone},
                    {"body", m.body},
                    {"params", m.params}});
  }
  BroadcastResult result;
  pool_.Transact([&](pqxx::work& txn) {
    // Broadcasts queue one after the other, so the "already waiting" check below is exact.
    txn.exec("SELECT pg_advisory_xact_lock(hashtext('billing.messaging.broadcast'))");
    result.id = txn.exec_params1(
                       "INSERT INTO broadcasts (type, kind, total, created_by) VALUES ($1, $2, 0, "
                       "$3) RETURNING id",
                       type, kind, sql::ActorName(actor))[0]
                    .as<int64_t>();
    auto inserted = txn.exec_params(
        "INSERT INTO messages (broadcast_id, trigger, kind, customer_id, customer_name, phone, "
        "body, params, created_by) "
        "SELECT $1, 'broadcast', r.kind, r.customer_id, r.customer_name, r.phone, r.body, "
        "r.params, $2 FROM jsonb_to_recordset($3::jsonb) AS r(kind text, customer_id bigint, "
        "customer_name text, phone text, body text, params jsonb) "
        "WHERE NOT EXISTS (SELECT 1 FROM messages w WHERE w.customer_id = r.customer_id AND "
        "w.kind = r.kind AND w.status IN ('queued', 'sending')) RETURNING id",
        result.id, sql::ActorName(actor), sql::Dump(rows));
    result.queued = static_cast<int64_t>(inserted.size());
    result.skipped = static_cast<int64_t>(messages.size()) - result.queued;
    txn.exec_params0("UPDATE broadcasts SET total = $2 WHERE id = $1", result.id, result.queued);
    events::Record(
        txn, sql::kService, actor,
        {"broadcast",
         "broadcast",
         std::to_string(result.id),
         events::FormatSummary(i18n::kSummaryBroadcastQueued,
                               {{"id", std::to_string(result.id)},
                                {"type", type.empty() ? i18n::kAllTypes : type},
                                {"count", std::to_string(result.queued)}}),
         {{"type", type}, {"kind", kind}, {"queued", result.queued}, {"skipped", result.skipped}}});
  });
  return result;
}

std::optional<BroadcastRecord> BroadcastRepository::FindBroadcast(int64_t id) {
  std::optional<BroadcastRecord> found;
  pool_.Read([&](pqxx::read_transaction& txn) { found = sql::LoadBroadcast(txn, id); });
  return found;
}

BroadcastRecord BroadcastRepository::CancelBroadcast(int64_t id, const rpc::Caller& actor) {
  BroadcastRecord cancelled;
  pool_.Transact([&](pqxx::work& txn) {
    auto row = txn.exec_params(
        "SELECT cancelled_at IS NOT NULL FROM broadcasts WHERE id = $1 "
        "FOR UPDATE",
        id);
    if (row.empty()) throw errors::NotFound(i18n::kBroadcastNotFound);
    if (row[0][0].as<bool>()) throw errors::FailedPrecondition(i18n::kBroadcastAlreadyCancelled);
    auto stopped = txn.exec_params(
        "UPDATE messages SET status = 'cancelled', updated_at = now() "
        "WHERE broadcast_id = $1 AND status = 'queued' RETURNING id",
        id);
    auto before = sql::LoadBroadcast(txn, id);
    if (stopped.empty() && before && before->counts.queued == 0) {
      throw errors::FailedPrecondition(i18n::kBroadcastFinished);
    }
    txn.exec_params0("UPDATE broadcasts SET cancelled_at = now(), cancelled_by = $2 WHERE id = $1",
                     id, sql::ActorName(actor));
    events::Record(txn, sql::kService, actor,
                   {"cancel",
                    "broadcast",
                    std::to_string(id),
                    events::FormatSummary(
                        i18n::kSummaryBroadcastCancelled,
                        {{"id", std::to_string(id)}, {"count", std::to_string(stopped.size())}}),
                    {{"cancelled", static_cast<int64_t>(stopped.size())}}});
    cancelled = *sql::LoadBroadcast(txn, id);
  });
  return cancelled;
}

}  // namespace billing::messaging
