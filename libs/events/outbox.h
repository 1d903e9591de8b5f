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

// Inserts the row; secret-looking keys in `changes` are masked. The relay is woken after the
// commit, not by a NOTIFY inside this transaction: PostgreSQL serialises the commits of
// notifying transactions (a global lock held through the commit's WAL flush), which capped
// every writing service at one commit per flush. In a service, Pool::Transact's after-commit
// hook wakes it (RelayWaker); elsewhere, call WakeRelay after committing.
// Whether this thread has recorded a change since the last call; clears the mark.
bool TakeRecordedMark();

// Wakes the relay: a NOTIFY on its own (autocommit) on `connection`, which must not be in a
// transaction. RelayWaker's connection has synchronous_commit off, so that NOTIFY holds
// PostgreSQL's notify lock for no WAL flush.
void WakeRelay(pqxx::connection_base& connection);
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
