// linked_device SQL. The row is locked for the comparison, so a change is recorded once even
// when every replica's watcher sees it; the event is written in the same transaction.
#include "linked_device_repository.h"

#include "events/outbox.h"
#include "i18n/wa_link_messages.h"
#include "messaging_sql.h"

namespace billing::messaging {
namespace {

constexpr const char* kEntity = "whatsapp_link";

nlohmann::json View(const std::string& state, const std::string& number,
                    const std::string& reason) {
  return {{"state", state}, {"number", number}, {"reason", reason}};
}

std::string StateSummary(const LinkStatus& status) {
  if (status.state == "connected") {
    return events::FormatSummary(i18n::kSummaryWaLinkConnected, {{"nomor", status.number}});
  }
  if (status.state == "waiting_for_scan") return i18n::kSummaryWaLinkWaitingForScan;
  if (status.reason == "logged_out") return i18n::kSummaryWaLinkLoggedOut;
  if (status.reason == "reconnecting") return i18n::kSummaryWaLinkReconnecting;
  if (status.reason == "unlinked") return i18n::kSummaryWaLinkUnlinked;
  if (status.reason == "qr_timeout") return i18n::kSummaryWaLinkQrTimeout;
  return i18n::kSummaryWaLinkDisconnected;
}

// The row as it is now, locked until the transaction ends.
nlohmann::json LockedRow(pqxx::work& txn) {
  auto row = txn.exec1("SELECT state, number, reason FROM linked_device WHERE id = 1 FOR UPDATE");
  return View(row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>());
}

void Store(pqxx::work& txn, const nlohmann::json& view) {
  txn.exec_params0(
      "UPDATE linked_device SET state = $1, number = $2, reason = $3, changed_at = now() "
      "WHERE id = 1",
      view["state"].get<std::string>(), view["number"].get<std::string>(),
      view["reason"].get<std::string>());
}

}  // namespace

bool IsLinkState(const std::string& state) {
  return state == "disconnected" || state == "waiting_for_scan" || state == "connected";
}

LinkedDeviceRepository::LinkedDeviceRepository(db::Pool& pool) : pool_(pool) {}

bool LinkedDeviceRepository::RecordState(const LinkStatus& status) {
  if (!status.reachable || !IsLinkState(status.state)) return false;
  nlohmann::json now = View(status.state, status.number, status.reason);
  bool changed = false;
  pool_.Transact([&](pqxx::work& txn) {
    nlohmann::json before = LockedRow(txn);
    changed = before != now;
    if (!changed) return;
    Store(txn, now);
    events::Record(txn, sql::kService, sql::System(),
                   {"state", kEntity, "", StateSummary(status), events::Diff(before, now)});
  });
  return changed;
}

void LinkedDeviceRepository::RecordUnlink(const std::string& number, const LinkStatus& after,
                                          const rpc::Caller& actor) {
  pool_.Transact([&](pqxx::work& txn) {
    nlohmann::json before = LockedRow(txn);
    std::string unlinked = number.empty() ? before["number"].get<std::string>() : number;
    if (after.reachable && IsLinkState(after.state)) {
      Store(txn, View(after.state, after.number, after.reason));
    }
    std::string summary =
        unlinked.empty() ? std::string(i18n::kSummaryWaLinkUnlinkUnknown)
                         : events::FormatSummary(i18n::kSummaryWaLinkUnlink, {{"nomor", unlinked}});
    events::Record(txn, sql::kService, actor,
                   {"unlink", kEntity, "", summary, {{"number", unlinked}}});
  });
}

}  // namespace billing::messaging
