// The change event as it travels over Redis from the relay to every gateway (JSON, one line).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace billing::events {

// Redis pub/sub channel every relay publishes to and every gateway subscribes to.
inline constexpr const char* kRedisChannel = "billing:events";

struct EventMessage {
  int64_t seq = 0;  // delivery order; the SSE event id
  std::string entity;
  std::string action;
  std::string id;  // entity id, empty for entity-wide actions
  std::string by;  // actor username, empty for the system or an anonymous attempt
  std::string at;  // RFC 3339
};

// {"seq","entity","action","id","by","at"}
std::string ToJson(const EventMessage& message);
// nullopt for anything that is not such an object with a positive seq.
std::optional<EventMessage> ParseEventMessage(const std::string& text);
// What a browser receives as `data:`: {"entity","action","id","by","at"}.
std::string BrowserData(const EventMessage& message);

}  // namespace billing::events
