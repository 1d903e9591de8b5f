// Typed reads of a JSON request object; every wrong type or missing field is collected.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "errors/error.h"

namespace billing::gateway {

class JsonFields final {
 public:
  explicit JsonFields(nlohmann::json object) : object_(std::move(object)) {}

  // Absent or null -> nullopt; present with another type -> a field error.
  std::optional<std::string> String(const char* key);
  std::optional<bool> Bool(const char* key);
  std::optional<int64_t> Int(const char* key);
  // An int32 field (days, minutes, ports): a number outside int32 is a field error too.
  std::optional<int32_t> Int32(const char* key);
  // Absent, null or empty -> "Wajib diisi".
  std::string RequiredString(const char* key);

  // A field error ("Isian ini tidak dikenal") for every key of the object not in `allowed`,
  // for routes that refuse what they do not read.
  void OnlyThese(std::initializer_list<const char*> allowed);
  // A field error found by the caller (a value of the right type that is still wrong).
  void Refuse(const std::string& key, const char* message);
  const errors::FieldErrors& Errors() const { return fields_; }

  // Throws invalid_argument with every field error collected so far.
  void Done() const;

 private:
  const nlohmann::json* Find(const char* key) const;

  nlohmann::json object_;
  errors::FieldErrors fields_;
};

}  // namespace billing::gateway
