// Reminder and notice key SQL: the key and its message in one transaction.
#include "send_key_repository.h"

#include "events/outbox.h"
#include "i18n/messages.h"
#include "messaging_sql.h"
#include "portal_code_rules.h"

namespace billing::messaging {

SendKeyRepository::SendKeyRepository(db::Pool& pool) : pool_(pool) {}

int64_t SendKeyRepository::EnqueueReminder(const ComposedMessage& m,
                                           const std::vector<std::string>& keys,
                                           const rpc::Caller& actor) {
  int64_t id = 0;
  pool_.Transact([&](pqxx::work& txn) {
    id = 0;
    auto fresh = txn.exec_params(
        "INSERT INTO reminder_keys (key) SELECT jsonb_array_elements_text($1::jsonb) "
        "ON CONFLICT DO NOTHING RETURNING key",
        sql::Dump(keys));
    if (fresh.empty()) return;
    id = sql::InsertAutoMessage(txn, m, actor);
    txn.exec_params0(
        "UPDATE reminder_keys SET message_id = $1 WHERE key IN "
        "(SELECT jsonb_array_elements_text($2::jsonb))",
        id, sql::Dump(keys));
  });
  return id;
}

std::vector<std::string> SendKeyRepository::UsedReminderKeys(const std::vector<std::string>& keys) {
  std::vector<std::string> used;
  if (keys.empty()) return used;
  pool_.Read([&](pqxx::read_transaction& txn) {
    used.clear();
    for (const auto& row : txn.exec_params("SELECT key FROM reminder_keys WHERE key IN "
                                           "(SELECT jsonb_array_elements_text($1::jsonb))",
                                           sql::Dump(keys))) {
      used.push_back(row[0].as<std::string>());
    }
  });
  return used;
}

NoticeResult SendKeyRepository::EnqueueNotice(const ComposedMessage& m, const std::string& key,
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
    result.message_id = sql::InsertAutoMessage(txn, m, actor);
    txn.exec_params0("UPDATE notice_keys SET message_id = $1 WHERE key = $2", result.message_id,
                     key);
  });
  return result;
}

std::optional<int64_t> SendKeyRepository::NoticeMessage(const std::string& key) {
  std::optional<int64_t> id;
  pool_.Read([&](pqxx::read_transaction& txn) {
    auto row =
        txn.exec_params("SELECT coalesce(message_id, 0) FROM notice_keys WHERE key = $1", key);
    id = row.empty() ? std::nullopt : std::optional<int64_t>(row[0][0].as<int64_t>());
  });
  return id;
}

std::optional<int64_t> SendKeyRepository::EnqueuePortalCode(const PortalCodeMessage& m,
                                                            std::chrono::seconds interval,
                                                            const rpc::Caller& actor) {
  std::optional<int64_t> id;
  pool_.Transact([&](pqxx::work& txn) {
    id.reset();
    // A concurrent call for the same customer waits for this row, then finds it too recent.
    auto fresh = txn.exec_params(
        "INSERT INTO portal_code_sends (customer_id, sent_at) VALUES ($1, now()) "
        "ON CONFLICT (customer_id) DO UPDATE SET sent_at = now() "
        "WHERE portal_code_sends.sent_at <= now() - $2 * interval '1 second' RETURNING 1",
        m.customer_id, static_cast<int64_t>(interval.count()));
    if (fresh.empty()) return;
    id = txn.exec_params1(
                "INSERT INTO messages (trigger, kind, customer_id, customer_name, phone, body, "
                "params, created_by, priority, secret) VALUES ('auto', $1, $2, $3, $4, $5, "
                "$6::jsonb, $7, 1, $8) RETURNING id",
                kPortalCodeKind, m.customer_id, m.customer_name, m.phone, m.body,
                sql::Dump(m.params), sql::ActorName(actor), m.code)[0]
             .as<int64_t>();
    events::Record(
        txn, sql::kService, actor,
        {"auto",
         "message",
         std::to_string(*id),
         events::FormatSummary(i18n::kSummaryPortalCodeQueued,
                               {{"id", std::to_string(m.customer_id)}, {"phone", m.phone}}),
         {{"kind", kPortalCodeKind}, {"customer_id", m.customer_id}}});
  });
  return id;
}

}  // namespace billing::messaging
