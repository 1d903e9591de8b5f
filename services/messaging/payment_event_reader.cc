// billing's mark_lunas events in events.outbox, after messaging's receipts_since mark.
#include "payment_event_reader.h"

#include "messaging_sql.h"

namespace billing::messaging {

PaymentEventReader::PaymentEventReader(db::Pool& pool) : pool_(pool) {}

std::vector<int64_t> PaymentEventReader::RecentlyPaid(std::chrono::system_clock::time_point since) {
  std::vector<int64_t> ids;
  pool_.Read([&](pqxx::read_transaction& txn) {
    ids.clear();
    for (const auto& row : txn.exec_params(
             "SELECT DISTINCT entity_id::bigint FROM events.outbox WHERE service = 'billing' AND "
             "entity = 'transaction' AND action = 'mark_lunas' AND entity_id ~ '^[0-9]{1,18}$' "
             "AND at > timestamptz 'epoch' + $1 * interval '1 microsecond' AND at > (SELECT "
             "receipts_since FROM scheduler_state WHERE id = 1)",
             sql::Micros(since))) {
      ids.push_back(row[0].as<int64_t>());
    }
  });
  return ids;
}

void PaymentEventReader::MarkReceiptsOff() {
  pool_.Transact([](pqxx::work& txn) {
    txn.exec0("UPDATE scheduler_state SET receipts_since = now() WHERE id = 1");
  });
}

}  // namespace billing::messaging
