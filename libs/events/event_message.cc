// JSON encoding of change events; lenient in what it ignores, strict in what it needs.
#include "events/event_message.h"

#include <nlohmann/json.hpp>

namespace billing::events {
namespace {

std::string Dump(const nlohmann::json& json) {
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string StringField(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

std::string ToJson(const EventMessage& message) {
  return Dump({{"seq", message.seq},
               {"entity", message.entity},
               {"action", message.action},
               {"id", message.id},
               {"by", message.by},
               {"at", message.at}});
}

std::optional<EventMessage> ParseEventMessage(const std::string& text) {
  nlohmann::json json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) return std::nullopt;
  auto seq = json.find("seq");
  if (seq == json.end() || !seq->is_number_integer() || seq->get<int64_t>() <= 0) {
    return std::nullopt;
  }
  EventMessage message;
  message.seq = seq->get<int64_t>();
  message.entity = StringField(json, "entity");
  message.action = StringField(json, "action");
  message.id = StringField(json, "id");
  message.by = StringField(json, "by");
  message.at = StringField(json, "at");
  if (message.entity.empty() || message.action.empty()) return std::nullopt;
  return message;
}

std::string BrowserData(const EventMessage& message) {
  return Dump({{"entity", message.entity},
               {"action", message.action},
               {"id", message.id},
               {"by", message.by},
               {"at", message.at}});
}

}  // namespace billing::events
