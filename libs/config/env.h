// Reads configuration from environment variables, with defaults and range checks.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace billing::config {

class ConfigError final : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Only main() and config code touch the environment; everything else receives values.
class Env final {
 public:
  static std::string String(const char* name, const std::string& fallback);
  static std::string Required(const char* name);
  static int64_t Int(const char* name, int64_t fallback, int64_t min, int64_t max);
  static bool Bool(const char* name, bool fallback);
  // Comma-separated list; empty entries are dropped.
  static std::vector<std::string> List(const char* name, const std::string& fallback);
};

}  // namespace billing::config
