// Environment variable access with validation; errors name the variable.
#include "config/env.h"

#include <cstdlib>

namespace billing::config {

std::string Env::String(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::string(value) : fallback;
}

std::string Env::Required(const char* name) {
  std::string value = String(name, "");
  if (value.empty()) throw ConfigError(std::string(name) + " must be set");
  return value;
}

int64_t Env::Int(const char* name, int64_t fallback, int64_t min, int64_t max) {
  std::string text = String(name, "");
  if (text.empty()) return fallback;
  size_t used = 0;
  int64_t value = 0;
  try {
    value = std::stoll(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size()) throw ConfigError(std::string(name) + " must be an integer");
  if (value < min || value > max) {
    throw ConfigError(std::string(name) + " must be between " + std::to_string(min) + " and " +
                      std::to_string(max));
  }
  return value;
}

bool Env::Bool(const char* name, bool fallback) {
  std::string text = String(name, "");
  if (text.empty()) return fallback;
  if (text == "1" || text == "true" || text == "yes") return true;
  if (text == "0" || text == "false" || text == "no") return false;
  throw ConfigError(std::string(name) + " must be 0/1/true/false");
}

std::vector<std::string> Env::List(const char* name, const std::string& fallback) {
  std::string text = String(name, fallback);
  std::vector<std::string> items;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    std::string item = text.substr(start, end - start);
    if (!item.empty()) items.push_back(item);
    start = end + 1;
  }
  return items;
}

}  // namespace billing::config
