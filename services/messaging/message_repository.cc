// Queue SQL. Every change writes its outbox row in the same transaction (events::Record).
#include "message_repository.h"

#include "db/sql_time.h"
#include "errors/error.h"
#include "events/outbox.h"
#include "i18n/messages.h"
#include "log/log.h"

namespace billing::messaging {
namespace {

constexpr const char* kService = "messaging";

constexpr const char* kColumns =
    "id, coalesce(broadcast_id, 0), trigger, kind, customer_id, customer_name, "
    "coalesce(transaction_id, 0), phone, body, status, attempts, last_error, provider_message_id, "
    "created_by, " BILLING_SQL_RFC3339("created_at") ", " BILLING_SQL_RFC3339(
        "next_attempt_at") ", " BILLING_SQL_RFC3339("sent_at");

MessageRecord FromRow(const pqxx::row& row) {
  MessageRecord m;
  m.id = row[0].as<int64_t>();
  m.broadcast_id = row[1].as<int64_t>();
  m.trigger = row[2].as<std::string>();
  m.kind = row[3].as<std::string>();
  m.customer_id = row[4].as<int64_t>();
  m.customer_name = row[5].as<std::string>();
  m.transaction_id = row[6].as<int64_t>();
  m.phone = row[7].as<std::string>();
  m.body = row[8].as<std::string>();
  m.status = row[9].as<std::string>();
  m.attempts = row[10].as<int>();
  m.last_error = row[11].as<std::string>();
  m.provider_message_id = row[12].as<std::string>();
  m.created_by = row[13].as<std::string>();
  m.created_at = row[14].as<std::string>();
  m.next_attempt_at = row[15].as<std::string>();
  m.sent_at = row[16].as<std::string>();
  return m;
}

std::string Dump(const nlohmann::json& json) {
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
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

constexpr const char* kCountColumns =
    "count(m.id) FILTER (WHERE m.status IN ('queued', 'sending')), "
    "count(m.id) FILTER (WHERE m.status = 'sent'), "
    "count(m.id) FILTER (WHERE m.status = 'failed'), "
    "count(m.id) FILTER (WHERE m.status = 'cancelled')";

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

// An automatic message (reminder, receipt, network notice) and its event; returns its id.
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

}  // namespace

std::string BroadcastRecord::Status() const {
  if (!cancelled_at.empty()) return "cancelled";
  return counts.queued > 0 ? "running" : "done";
}

MessageRepository::MessageRepository(db::Pool& pool) : pool_(pool) {}

std::vector<MessageRecord> MessageRepository::Enqueue(const std::vector<ComposedMessage>& messages,
                                                      const rpc::Caller& actor) {
  std::vector<MessageRecord> queued;
  pool_.Transact([&](pqxx::work& txn) {
    queued.clear();
    for (const auto& m : messages) {
      auto row = txn.exec_params1(
          std::string("INSERT INTO messages (trigger, kind, customer_id, customer_name, "
                      "transaction_id, phone, body, params, created_by) VALUES ('manual', $1, $2, "
                      "$3, NULLIF($4, 0), $5, $6, $7::jsonb, $8) RETURNING ") +
              kColumns,
          KindName(m.kind), m.customer_id, m.customer_name, m.transaction_id, m.phone, m.body,
          Dump(m.params), ActorName(actor));
      queued.push_back(FromRow(row));
      events::Record(txn, kService, actor,
                     {"send",
                      "message",
                      std::to_string(queued.back().id),
                      events::FormatSummary(i18n::kSummaryMessageQueued,
                                            {{"nama", m.customer_name}, {"phone", m.phone}}),
                      {{"kind", KindName(m.kind)},
                       {"customer_id", m.customer_id},
                       {"transaction_id", m.transaction_id}}});
    }
  });
  return queued;
}

BroadcastResult MessageRepository::EnqueueBroadcast(const std::string& type,
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
                       type, kind, ActorName(actor))[0]
                    .as<int64_t>();
    auto inserted = txn.exec_params(
        "INSERT INTO messages (broadcast_id, trigger, kind, customer_id, customer_name, phone, "
        "body, params, created_by) "
        "SELECT $1, 'broadcast', r.kind, r.customer_id, r.customer_name, r.phone, r.body, "
        "r.params, $2 FROM jsonb_to_recordset($3::jsonb) AS r(kind text, customer_id bigint, "
        "customer_name text, phone text, body text, params jsonb) "
        "WHERE NOT EXISTS (SELECT 1 FROM messages w WHERE w.customer_id = r.customer_id AND "
        "w.kind = r.kind AND w.status IN ('queued', 'sending')) RETURNING id",
        result.id, ActorName(actor), Dump(rows));
    result.queued = static_cast<int64_t>(inserted.size());
    result.skipped = static_cast<int64_t>(messages.size()) - result.queued;
    txn.exec_params0("UPDATE broadcasts SET total = $2 WHERE id = $1", result.id, result.queued);
    events::Record(
        txn, kService, actor,
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

int64_t MessageRepository::EnqueueReminder(const ComposedMessage& m,
                                           const std::vector<std::string>& keys,
                                           const rpc::Caller& actor) {
  int64_t id = 0;
  pool_.Transact([&](pqxx::work& txn) {
    id = 0;
    auto fresh = txn.exec_params(
        "INSERT INTO reminder_keys (key) SELECT jsonb_array_elements_text($1::jsonb) "
        "ON CONFLICT DO NOTHING RETURNING key",
        Dump(keys));
    if (fresh.empty()) return;
    id = InsertAutoMessage(txn, m, actor);
    txn.exec_params0(
        "UPDATE reminder_keys SET message_id = $1 WHERE key IN "
        "(SELECT jsonb_array_elements_text($2::jsonb))",
        id, Dump(keys));
  });
  return id;
}

NoticeResult MessageRepository::EnqueueNotice(const ComposedMessage& m, const std::string& key,
                                              const rpc::Caller& actor) {
  NoticeResult result;
  pool_.Transact([&](pqxx::work& txn) {
    result = {};
    // A concurrent call with the same key waits here for the first one to commit, then finds
    // the key taken.
    auto fresh = txn.exec_params(
        "INSERT INTO notice_keys (key, kind, customer_id) VALUES ($1, $2, $3) "
        "ON CONFLICT DO NOTHING RETURNING key",
        key, KindName(m.kind), m.customer_id);
    if (fresh.empty()) {
      auto earlier =
          txn.exec_params1("SELECT coalesce(message_id, 0) FROM notice_keys WHERE key = $1", key);
      result.message_id = earlier[0].as<int64_t>();
      return;
    }
    result.queued = true;
    result.message_id = InsertAutoMessage(txn, m, actor);
    txn.exec_params0("UPDATE notice_keys SET message_id = $1 WHERE key = $2", result.message_id,
                     key);
  });
  return result;
}

std::optional<int64_t> MessageRepository::NoticeMessage(const std::string& key) {
  std::optional<int64_t> id;
  pool_.Read([&](pqxx::read_transaction& txn) {
    auto row =
        txn.exec_params("SELECT coalesce(message_id, 0) FROM notice_keys WHERE key = $1", key);
    id = row.empty() ? std::nullopt : std::optional<int64_t>(row[0][0].as<int64_t>());
  });
  return id;
}

std::vector<std::string> MessageRepository::UsedReminderKeys(const std::vector<std::string>& keys) {
  std::vector<std::string> used;
  if (keys.empty()) return used;
  pool_.Read([&](pqxx::read_transaction& txn) {
    used.clear();
    for (const auto& row : txn.exec_params("SELECT key FROM reminder_keys WHERE key IN "
                                           "(SELECT jsonb_array_elements_text($1::jsonb))",
                                           Dump(keys))) {
      used.push_back(row[0].as<std::string>());
    }
  });
  return used;
}

std::vector<int64_t> MessageRepository::RecentlyPaid(std::chrono::hours window) {
  std::vector<int64_t> ids;
  pool_.Read([&](pqxx::read_transaction& txn) {
    ids.clear();
    for (const auto& row : txn.exec_params(
             "SELECT DISTINCT entity_id::bigint FROM events.outbox WHERE service = 'billing' AND "
             "entity = 'transaction' AND action = 'mark_lunas' AND entity_id ~ '^[0-9]{1,18}$' "
             "AND at > now() - $1 * interval '1 hour' AND at > (SELECT receipts_since FROM "
             "scheduler_state WHERE id = 1)",
             static_cast<int64_t>(window.count()))) {
      ids.push_back(row[0].as<int64_t>());
    }
  });
  return ids;
}

void MessageRepository::MarkReceiptsOff() {
  pool_.Transact([](pqxx::work& txn) {
    txn.exec0("UPDATE scheduler_state SET receipts_since = now() WHERE id = 1");
  });
}

std::optional<BroadcastRecord> MessageRepository::FindBroadcast(int64_t id) {
  std::optional<BroadcastRecord> found;
  pool_.Read([&](pqxx::read_transaction& txn) { found = LoadBroadcast(txn, id); });
  return found;
}

BroadcastRecord MessageRepository::CancelBroadcast(int64_t id, const rpc::Caller& actor) {
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
    auto before = LoadBroadcast(txn, id);
    if (stopped.empty() && before && before->counts.queued == 0) {
      throw errors::FailedPrecondition(i18n::kBroadcastFinished);
    }
    txn.exec_params0("UPDATE broadcasts SET cancelled_at = now(), cancelled_by = $2 WHERE id = $1",
                     id, ActorName(actor));
    events::Record(txn, kService, actor,
                   {"cancel",
                    "broadcast",
                    std::to_string(id),
                    events::FormatSummary(
                        i18n::kSummaryBroadcastCancelled,
                        {{"id", std::to_string(id)}, {"count", std::to_string(stopped.size())}}),
                    {{"cancelled", static_cast<int64_t>(stopped.size())}}});
    cancelled = *LoadBroadcast(txn, id);
  });
  return cancelled;
}

MessagePage MessageRepository::List(const MessageFilter& f) {
  MessagePage page;
  const std::string where =
      " WHERE ($1 = '' OR status = $1) AND ($2 = 0 OR broadcast_id = $2) AND "
      "($3 = 0 OR customer_id = $3)";
  pool_.Read([&](pqxx::read_transaction& txn) {
    page.items.clear();
    for (const auto& row :
         txn.exec_params(std::string("SELECT ") + kColumns + " FROM messages" + where +
                             " ORDER BY id DESC LIMIT $4 OFFSET $5",
                         f.status, f.broadcast_id, f.customer_id, f.limit, f.offset)) {
      page.items.push_back(FromRow(row));
    }
    page.total = txn.exec_params1("SELECT count(*) FROM messages" + where, f.status, f.broadcast_id,
                                  f.customer_id)[0]
                     .as<int64_t>();
  });
  return page;
}

QueueCounts MessageRepository::Counts() {
  QueueCounts counts;
  pool_.Read([&](pqxx::read_transaction& txn) {
    counts = CountsFrom(txn.exec1(std::string("SELECT ") + kCountColumns + " FROM messages m"), 0);
  });
  return counts;
}

bool MessageRepository::Enabled() {
  bool enabled = false;
  pool_.Read([&](pqxx::read_transaction& txn) {
    enabled = txn.exec1("SELECT enabled FROM sender WHERE id = 1")[0].as<bool>();
  });
  return enabled;
}

void MessageRepository::SetEnabled(bool enabled, const rpc::Caller& actor) {
  pool_.Transact([&](pqxx::work& txn) {
    txn.exec_params0(
        "UPDATE sender SET enabled = $1, updated_by = $2, updated_at = now() WHERE id = 1", enabled,
        ActorName(actor));
    events::Record(txn, kService, actor,
                   {enabled ? "start" : "stop",
                    "message",
                    "",
                    enabled ? i18n::kSummaryWhatsappStarted : i18n::kSummaryWhatsappStopped,
                    {{"enabled", enabled}}});
  });
}

std::chrono::milliseconds MessageRepository::PaceWait(std::chrono::milliseconds pace) {
  int64_t wait = 0;
  pool_.Read([&](pqxx::read_transaction& txn) {
    wait = txn.exec_params1(
                  "SELECT coalesce(ceil(extract(epoch FROM (last_send_at + $1 * interval "
                  "'1 millisecond' - clock_timestamp())) * 1000), 0)::bigint FROM sender "
                  "WHERE id = 1",
                  static_cast<int64_t>(pace.count()))[0]
               .as<int64_t>();
  });
  return std::chrono::milliseconds(std::max<int64_t>(wait, 0));
}

std::optional<ClaimedMessage> MessageRepository::ClaimNext(const std::string& provider) {
  std::optional<ClaimedMessage> claimed;
  pool_.Transact([&](pqxx::work& txn) {
    claimed.reset();
    if (!txn.exec1("SELECT enabled FROM sender WHERE id = 1 FOR UPDATE")[0].as<bool>()) return;
    auto result = txn.exec(
        "SELECT id, coalesce(broadcast_id, 0), kind, phone, customer_name, body, params::text, "
        "attempts FROM messages m WHERE status = 'queued' AND next_attempt_at <= now() AND NOT "
        "EXISTS (SELECT 1 FROM broadcasts b WHERE b.id = m.broadcast_id AND b.cancelled_at IS "
        "NOT NULL) ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED");
    if (result.empty()) return;
    const auto& row = result[0];
    ClaimedMessage m;
    m.id = row[0].as<int64_t>();
    m.broadcast_id = row[1].as<int64_t>();
    m.kind = row[2].as<std::string>();
    m.phone = row[3].as<std::string>();
    m.customer_name = row[4].as<std::string>();
    m.body = row[5].as<std::string>();
    m.params = nlohmann::json::parse(row[6].as<std::string>(), nullptr, false);
    m.attempts = row[7].as<int>() + 1;
    txn.exec_params0(
        "UPDATE messages SET status = 'sending', attempts = attempts + 1, sending_at = now(), "
        "provider = $2, updated_at = now() WHERE id = $1",
        m.id, provider);
    txn.exec0("UPDATE sender SET last_send_at = clock_timestamp() WHERE id = 1");
    claimed = std::move(m);
  });
  return claimed;
}

void MessageRepository::Finish(const ClaimedMessage& m, const SendResult& result,
                               std::optional<std::chrono::milliseconds> retry_delay) {
  pool_.Transact([&](pqxx::work& txn) {
    std::string action;
    if (result.outcome == SendResult::Outcome::kSent) {
      action = "sent";
      txn.exec_params0(
          "UPDATE messages SET status = 'sent', sent_at = now(), provider_message_id = $2, "
          "last_error = '', updated_at = now() WHERE id = $1",
          m.id, result.provider_message_id);
    } else if (result.outcome == SendResult::Outcome::kRetry && retry_delay) {
      action = "retry";
      // A retry of a cancelled broadcast's message is cancelled instead.
      txn.exec_params0(
          "UPDATE messages SET status = CASE WHEN EXISTS (SELECT 1 FROM broadcasts b WHERE "
          "b.id = messages.broadcast_id AND b.cancelled_at IS NOT NULL) THEN 'cancelled' ELSE "
          "'queued' END, next_attempt_at = clock_timestamp() + $2 * interval '1 millisecond', "
          "last_error = $3, updated_at = now() WHERE id = $1",
          m.id, static_cast<int64_t>(retry_delay->count()), result.reason);
    } else {
      action = "failed";
      txn.exec_params0(
          "UPDATE messages SET status = 'failed', last_error = $2, updated_at = now() "
          "WHERE id = $1",
          m.id, result.reason);
    }
    txn.exec0("UPDATE sender SET last_send_at = clock_timestamp() WHERE id = 1");
    if (m.broadcast_id > 0) {
      if (auto broadcast = LoadBroadcast(txn, m.broadcast_id)) RecordProgress(txn, *broadcast);
    } else {
      const char* summary = action == "sent"    ? i18n::kSummaryMessageSent
                            : action == "retry" ? i18n::kSummaryMessageRetry
                                                : i18n::kSummaryMessageFailed;
      events::Record(txn, kService, System(),
                     {action,
                      "message",
                      std::to_string(m.id),
                      events::FormatSummary(summary, {{"nama", m.customer_name}}),
                      {{"attempts", m.attempts}, {"reason", result.reason}}});
    }
  });
}

int MessageRepository::FailInterrupted() {
  int count = 0;
  pool_.Transact([&](pqxx::work& txn) {
    auto rows = txn.exec_params(
        "UPDATE messages SET status = 'failed', last_error = $1, updated_at = now() "
        "WHERE status = 'sending' RETURNING id, coalesce(broadcast_id, 0), customer_name",
        std::string(i18n::kInterruptedMaybeSent));
    count = static_cast<int>(rows.size());
    for (const auto& row : rows) {
      events::Record(
          txn, kService, System(),
          {"failed",
           "message",
           row[0].as<std::string>(),
           events::FormatSummary(i18n::kSummaryMessageFailed, {{"nama", row[2].as<std::string>()}}),
           {{"reason", i18n::kInterruptedMaybeSent}}});
    }
  });
  return count;
}

}  // namespace billing::messaging
