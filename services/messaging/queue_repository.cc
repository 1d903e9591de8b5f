// Queue SQL. Every change writes its outbox row in the same transaction (events::Record).
#include "queue_repository.h"

#include "db/sql_time.h"
#include "events/outbox.h"
#include "i18n/messages.h"
#include "messaging_sql.h"
#include "portal_code_rules.h"

namespace billing::messaging {
namespace {

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

void StampPacing(pqxx::work& txn, SendQueue::TimePoint now) {
  txn.exec_params0(
      "UPDATE sender SET last_send_at = timestamptz 'epoch' + $1 * interval '1 microsecond' "
      "WHERE id = 1",
      sql::Micros(now));
}

}  // namespace

QueueRepository::QueueRepository(db::Pool& pool) : pool_(pool) {}

std::vector<MessageRecord> QueueRepository::Enqueue(const std::vector<ComposedMessage>& messages,
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
          sql::Dump(m.params), sql::ActorName(actor));
      queued.push_back(FromRow(row));
      events::Record(txn, sql::kService, actor,
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

MessagePage QueueRepository::List(const MessageFilter& f) {
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

QueueCounts QueueRepository::Counts() {
  QueueCounts counts;
  pool_.Read([&](pqxx::read_transaction& txn) {
    counts = sql::CountsFrom(
        txn.exec1(std::string("SELECT ") + sql::kCountColumns + " FROM messages m"), 0);
  });
  return counts;
}

std::optional<ClaimedMessage> QueueRepository::ClaimNext(const std::string& provider,
                                                         TimePoint now) {
  std::optional<ClaimedMessage> claimed;
  pool_.Transact([&](pqxx::work& txn) {
    claimed.reset();
    if (!txn.exec1("SELECT enabled FROM sender WHERE id = 1 FOR UPDATE")[0].as<bool>()) return;
    auto result = txn.exec(
        "SELECT id, coalesce(broadcast_id, 0), kind, phone, customer_name, body, params::text, "
        "attempts, secret FROM messages m WHERE status = 'queued' AND next_attempt_at <= now() "
        "AND NOT EXISTS (SELECT 1 FROM broadcasts b WHERE b.id = m.broadcast_id AND "
        "b.cancelled_at IS NOT NULL) ORDER BY priority DESC, next_attempt_at, id LIMIT 1 "
        "FOR UPDATE SKIP LOCKED");
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
    // A portal code: the text with the code exists only here, on its way to the provider.
    if (!row[8].is_null()) m.body = PortalCodeTextFor(m.params, row[8].as<std::string>());
    txn.exec_params0(
        "UPDATE messages SET status = 'sending', attempts = attempts + 1, sending_at = now(), "
        "provider = $2, updated_at = now() WHERE id = $1",
        m.id, provider);
    StampPacing(txn, now);
    claimed = std::move(m);
  });
  return claimed;
}

void QueueRepository::Finish(const ClaimedMessage& m, const SendResult& result,
                             std::optional<std::chrono::milliseconds> retry_delay, TimePoint now) {
  pool_.Transact([&](pqxx::work& txn) {
    std::string action;
    if (result.outcome == SendResult::Outcome::kSent) {
      action = "sent";
      txn.exec_params0(
          "UPDATE messages SET status = 'sent', sent_at = now(), provider_message_id = $2, "
          "last_error = '', secret = NULL, updated_at = now() WHERE id = $1",
          m.id, result.provider_message_id);
    } else if (result.outcome == SendResult::Outcome::kRetry && retry_delay) {
      action = "retry";
      // A retry of a cancelled broadcast's message is cancelled instead. The delay is
      // RetryPolicy's; SQL only stores it.
      txn.exec_params0(
          "UPDATE messages SET status = CASE WHEN EXISTS (SELECT 1 FROM broadcasts b WHERE "
          "b.id = messages.broadcast_id AND b.cancelled_at IS NOT NULL) THEN 'cancelled' ELSE "
          "'queued' END, next_attempt_at = clock_timestamp() + $2 * interval '1 millisecond', "
          "last_error = $3, updated_at = now() WHERE id = $1",
          m.id, static_cast<int64_t>(retry_delay->count()), result.reason);
    } else {
      action = "failed";
      txn.exec_params0(
          "UPDATE messages SET status = 'failed', last_error = $2, secret = NULL, "
          "updated_at = now() WHERE id = $1",
          m.id, result.reason);
    }
    StampPacing(txn, now);
    if (m.broadcast_id > 0) {
      if (auto broadcast = sql::LoadBroadcast(txn, m.broadcast_id)) {
        sql::RecordProgress(txn, *broadcast);
      }
    } else {
      const char* summary = action == "sent"    ? i18n::kSummaryMessageSent
                            : action == "retry" ? i18n::kSummaryMessageRetry
                                                : i18n::kSummaryMessageFailed;
      events::Record(txn, sql::kService, sql::System(),
                     {action,
                      "message",
                      std::to_string(m.id),
                      events::FormatSummary(summary, {{"nama", m.customer_name}}),
                      {{"attempts", m.attempts}, {"reason", result.reason}}});
    }
  });
}

int QueueRepository::FailInterrupted() {
  int count = 0;
  pool_.Transact([&](pqxx::work& txn) {
    auto rows = txn.exec_params(
        "UPDATE messages SET status = 'failed', last_error = $1, secret = NULL, "
        "updated_at = now() WHERE status = 'sending' RETURNING id, coalesce(broadcast_id, 0), "
        "customer_name",
        std::string(i18n::kInterruptedMaybeSent));
    count = static_cast<int>(rows.size());
    for (const auto& row : rows) {
      events::Record(
          txn, sql::kService, sql::System(),
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
