// The outbox writer: one parameterised INSERT; the relay is woken after the commit.
#include "events/outbox.h"

#include <utility>

#include "log/log.h"

namespace billing::db {
std::vector<Migration> EventsMigrations();
}

namespace billing::events {
namespace {

std::string CleanValue(const std::string& value) {
  constexpr size_t kMaxBytes = 200;
  std::string out = value.substr(0, kMaxBytes);
  if (value.size() > kMaxBytes) {
    // Drop a partial UTF-8 sequence at the cut.
    size_t end = out.size();
    while (end > 0 && (static_cast<unsigned char>(out[end - 1]) & 0xC0) == 0x80) --end;
    if (end > 0 && (static_cast<unsigned char>(out[end - 1]) & 0x80) != 0) --end;
    out.resize(end);
  }
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  return out;
}

}  // namespace

std::string FormatSummary(const std::string& text,
                          const std::map<std::string, std::string>& values) {
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t open = text.find('{', pos);
    size_t close = open == std::string::npos ? std::string::npos : text.find('}', open);
    if (close == std::string::npos) break;
    out.append(text, pos, open - pos);
    auto it = values.find(text.substr(open + 1, close - open - 1));
    if (it != values.end()) {
      out += CleanValue(it->second);
    } else {
      out.append(text, open, close - open + 1);
    }
    pos = close + 1;
  }
  out.append(text, pos, std::string::npos);
  return out;
}

namespace {
thread_local bool recorded_on_this_thread = false;
}  // namespace

void Record(pqxx::work& txn, const std::string& service, const rpc::Caller& actor,
            const Change& change) {
  std::string changes =
      log::Redact(change.changes).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  txn.exec_params0(
      "INSERT INTO events.outbox (service, actor_id, actor_username, action, entity, entity_id, "
      "summary, changes) VALUES ($1, NULLIF($2, 0), $3, $4, $5, $6, $7, $8::jsonb)",
      service, actor.user_id, actor.username, change.action, change.entity, change.entity_id,
      change.summary, changes);
  recorded_on_this_thread = true;
}

bool TakeRecordedMark() { return std::exchange(recorded_on_this_thread, false); }

void WakeRelay(pqxx::connection_base& connection) {
  pqxx::nontransaction txn(connection);
  txn.exec0(std::string("NOTIFY ") + kNotifyChannel);
}

std::vector<db::Migration> Migrations() { return db::EventsMigrations(); }

void ApplyMigrations(db::Pool& pool) { db::ApplyMigrations(pool, kSchema, Migrations()); }

nlohmann::json Diff(const nlohmann::json& before, const nlohmann::json& after) {
  nlohmann::json diff = nlohmann::json::object();
  for (const auto& [key, value] : after.items()) {
    auto old = before.find(key);
    nlohmann::json from = old == before.end() ? nlohmann::json(nullptr) : *old;
    if (from != value) diff[key] = {{"from", from}, {"to", value}};
  }
  for (const auto& [key, value] : before.items()) {
    if (!after.contains(key)) diff[key] = {{"from", value}, {"to", nullptr}};
  }
  return diff;
}

}  // namespace billing::events
