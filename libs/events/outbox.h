// Writes the audit/outbox row of a change inside the caller's transaction (one helper for all
// services), so a change and its event commit or roll back together.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "db/migrations.h"
#include "rpc/caller.h"

namespace billing::events {

inline constexpr const char* kSchema = "events";
inline constexpr const char* kNotifyChannel = "billing_events";

struct Change {
  std::string action;     // create, update, delete, mark_lunas, bill_run, login, ...
  std::string entity;     // user, customer, package, transaction, settings, message, ...
  std::string entity_id;  // empty for entity-wide actions
  std::string summary;    // a short sentence for people, in Indonesian
  nlohmann::json changes = nlohmann::json::object();  // changed fields (secrets masked)
};

// Inserts the row and wakes the relay (NOTIFY, delivered at commit). Secret-looking keys in
// `changes` are masked.
void Record(pqxx::work& txn, const std::string& service, const rpc::Caller& actor,
            const Change& change);

// The `changes` of an update: {"field": {"from": old, "to": new}} for every key of two audit
// views that differs, keys present on one side only included (the other side null).
nlohmann::json Diff(const nlohmann::json& before, const nlohmann::json& after);

// Fills "{name}" placeholders of a summary template (from i18n/messages.h); unknown
// placeholders stay as they are. Values are clipped to 200 bytes (at a UTF-8 boundary) and
// control characters become spaces, so an attempted username cannot forge audit lines.
std::string FormatSummary(const std::string& text,
                          const std::map<std::string, std::string>& values);

// The shared `events` schema; every service applies it at start (idempotent, locked).
std::vector<db::Migration> Migrations();
void ApplyMigrations(db::Pool& pool);

}  // namespace billing::events
