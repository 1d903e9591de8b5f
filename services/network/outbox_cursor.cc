// Outbox cursor SQL: parameterised statements only.
#include "outbox_cursor.h"

#include <string>

namespace billing::network {

std::vector<OutboxEvent> SqlOutboxCursor::EventsAfterCursor(int limit) {
  std::vector<OutboxEvent> events;
  pool_.Transact([&](pqxx::work& txn) {
    // A cursor ahead of the outbox (a restored backup carried an older suite's cursor) would
    // skip every new event: it falls back to the present.
    txn.exec0(
        "UPDATE cursor SET last_seq = (SELECT coalesce(max(seq), 0) FROM events.outbox) "
        "WHERE id = 1 AND last_seq > (SELECT coalesce(max(seq), 0) FROM events.outbox)");
    auto rows = txn.exec_params(
        "SELECT o.seq, o.entity, o.action, o.entity_id, o.changes::text FROM events.outbox o "
        "WHERE o.seq > (SELECT last_seq FROM cursor WHERE id = 1) ORDER BY o.seq LIMIT $1",
        limit);
    for (const auto& row : rows) {
      events.push_back({row[0].as<int64_t>(), row[1].as<std::string>(), row[2].as<std::string>(),
                        row[3].as<std::string>(), row[4].as<std::string>()});
    }
  });
  return events;
}

void SqlOutboxCursor::AdvanceCursor(int64_t seq) {
  pool_.Transact([&](pqxx::work& txn) {
    txn.exec_params0("UPDATE cursor SET last_seq = greatest(last_seq, $1) WHERE id = 1", seq);
  });
}

}  // namespace billing::network
