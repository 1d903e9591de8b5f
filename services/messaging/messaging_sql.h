// SQL pieces more than one messaging repository writes with: the automatic message row, a
// broadcast's counts and its progress event. Internal to the repositories.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "message_composer.h"
#include "message_records.h"
#include "rpc/caller.h"

namespace billing::messaging::sql {

inline constexpr const char* kService = "messaging";

std::string Dump(const nlohmann::json& json);
// A time as microseconds since the epoch, for `timestamptz 'epoch' + $n * interval '1
// microsecond'` (exact, unlike a float of seconds).
int64_t Micros(std::chrono::system_clock::time_point time);
std::string ActorName(const rpc::Caller& actor);
rpc::Caller System();

std::optional<BroadcastRecord> LoadBroadcast(pqxx::transaction_base& txn, int64_t id);
QueueCounts CountsFrom(const pqxx::row& row, int first);
// count(m.id) per status group over `messages m`, in QueueCounts order.
extern const char* const kCountColumns;
// The "progress" (or "done") event of a broadcast whose message just finished.
void RecordProgress(pqxx::work& txn, const BroadcastRecord& broadcast);
// An automatic message (reminder, receipt, network notice) and its event; returns its id.
int64_t InsertAutoMessage(pqxx::work& txn, const ComposedMessage& message,
                          const rpc::Caller& actor);

}  // namespace billing::messaging::sql
