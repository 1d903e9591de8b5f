// The messaging schema's rows as the service and the sender see them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace billing::messaging {

struct MessageRecord {
  int64_t id = 0;
  int64_t broadcast_id = 0;
  std::string trigger;
  std::string kind;
  int64_t customer_id = 0;
  std::string customer_name;
  int64_t transaction_id = 0;
  std::string phone;
  std::string body;
  std::string status;
  int attempts = 0;
  std::string last_error;
  std::string provider_message_id;
  std::string created_by;
  std::string created_at;
  std::string next_attempt_at;
  std::string sent_at;
};

struct QueueCounts {
  int64_t queued = 0;  // queued or sending
  int64_t sent = 0;
  int64_t failed = 0;
  int64_t cancelled = 0;
};

struct BroadcastRecord {
  int64_t id = 0;
  std::string type;
  std::string kind;
  int64_t total = 0;
  QueueCounts counts;
  std::string created_by;
  std::string created_at;
  std::string cancelled_by;
  std::string cancelled_at;
  // "cancelled", "running" while messages wait, else "done".
  std::string Status() const;
};

struct BroadcastResult {
  int64_t id = 0;
  int64_t queued = 0;
  int64_t skipped = 0;
};

// A network notice's fate: queued now, or the message an earlier call with the same key queued.
struct NoticeResult {
  bool queued = false;
  int64_t message_id = 0;
};

// A portal sign-in code message: `body` and `params` without the code, which only `code` holds.
struct PortalCodeMessage {
  int64_t customer_id = 0;
  std::string customer_name;  // for the list staff see; "" when it could not be read
  std::string phone;
  std::string body;
  nlohmann::json params = nlohmann::json::object();
  std::string code;
};

struct MessageFilter {
  std::string status;
  int64_t broadcast_id = 0;
  int64_t customer_id = 0;
  int limit = 50;
  int offset = 0;
};

struct MessagePage {
  std::vector<MessageRecord> items;
  int64_t total = 0;
};

// A message the sender has marked `sending` (committed) and is about to hand to the provider.
struct ClaimedMessage {
  int64_t id = 0;
  int64_t broadcast_id = 0;
  std::string kind;
  std::string phone;
  std::string customer_name;
  std::string body;
  nlohmann::json params;
  int attempts = 0;  // including this one
};

}  // namespace billing::messaging
