// Typed JSON field access with Indonesian field messages.
#include "http/json_fields.h"

#include <limits>

#include "i18n/messages.h"

namespace billing::gateway {

const nlohmann::json* JsonFields::Find(const char* key) const {
  auto it = object_.find(key);
  if (it == object_.end() || it->is_null()) return nullptr;
  return &*it;
}

std::optional<std::string> JsonFields::String(const char* key) {
  const auto* value = Find(key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_string()) {
    fields_.emplace(key, i18n::kWrongType);
    return std::nullopt;
  }
  return value->get<std::string>();
}

std::optional<bool> JsonFields::Bool(const char* key) {
  const auto* value = Find(key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_boolean()) {
    fields_.emplace(key, i18n::kWrongType);
    return std::nullopt;
  }
  return value->get<bool>();
}

std::optional<int64_t> JsonFields::Int(const char* key) {
  const auto* value = Find(key);
  if (value == nullptr) return std::nullopt;
  // An unsigned number above INT64_MAX would wrap to a negative one: refused like a wrong type.
  if (!value->is_number_integer() ||
      (value->is_number_unsigned() &&
       value->get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))) {
    fields_.emplace(key, i18n::kWrongType);
    return std::nullopt;
  }
  return value->get<int64_t>();
}

std::optional<int32_t> JsonFields::Int32(const char* key) {
  std::optional<int64_t> value = Int(key);
  if (!value) return std::nullopt;
  if (*value < std::numeric_limits<int32_t>::min() ||
      *value > std::numeric_limits<int32_t>::max()) {
    fields_.emplace(key, i18n::kWrongType);
    return std::nullopt;
  }
  return static_cast<int32_t>(*value);
}

std::string JsonFields::RequiredString(const char* key) {
  bool present = Find(key) != nullptr;
  std::optional<std::string> value = String(key);
  if (value && !value->empty()) return *value;
  if (!present || value) fields_.emplace(key, i18n::kFieldRequired);
  return {};
}

void JsonFields::OnlyThese(std::initializer_list<const char*> allowed) {
  if (!object_.is_object()) return;
  for (const auto& [key, value] : object_.items()) {
    bool known = false;
    for (const char* name : allowed) known = known || key == name;
    if (!known) fields_.emplace(key, i18n::kUnknownField);
  }
}

void JsonFields::Refuse(const std::string& key, const char* message) {
  fields_.emplace(key, message);
}

void JsonFields::Done() const {
  if (!fields_.empty()) throw errors::InvalidArgument(i18n::kValidationFailed, fields_);
}

}  // namespace billing::gateway
