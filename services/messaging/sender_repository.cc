// Sender row SQL. Switching sending on or off writes its outbox row in the same transaction.
#include "sender_repository.h"

#include "events/outbox.h"
#include "i18n/messages.h"
#include "messaging_sql.h"

namespace billing::messaging {

SenderRepository::SenderRepository(db::Pool& pool) : pool_(pool) {}

bool SenderRepository::Enabled() {
  bool enabled = false;
  pool_.Read([&](pqxx::read_transaction& txn) {
    enabled = txn.exec1("SELECT enabled FROM sender WHERE id = 1")[0].as<bool>();
  });
  return enabled;
}

void SenderRepository::SetEnabled(bool enabled, const rpc::Caller& actor) {
  pool_.Transact([&](pqxx::work& txn) {
    txn.exec_params0(
        "UPDATE sender SET enabled = $1, updated_by = $2, updated_at = now() WHERE id = 1", enabled,
        sql::ActorName(actor));
    events::Record(txn, sql::kService, actor,
                   {enabled ? "start" : "stop",
                    "message",
                    "",
                    enabled ? i18n::kSummaryWhatsappStarted : i18n::kSummaryWhatsappStopped,
                    {{"enabled", enabled}}});
  });
}

std::optional<std::chrono::system_clock::time_point> SenderRepository::LastSendAt() {
  std::optional<std::chrono::system_clock::time_point> last;
  pool_.Read([&](pqxx::read_transaction& txn) {
    auto row = txn.exec1(
        "SELECT (extract(epoch FROM last_send_at) * 1000000)::bigint FROM sender WHERE id = 1");
    if (row[0].is_null()) {
      last.reset();
      return;
    }
    last = std::chrono::system_clock::time_point(
        std::chrono::duration_cast<std::chrono::system_clock::duration>(
            std::chrono::microseconds(row[0].as<int64_t>())));
  });
  return last;
}

}  // namespace billing::messaging
