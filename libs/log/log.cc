// JSON line logger: timestamp, level, service, message, fields (secrets masked).
#include "log/log.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

#include <nlohmann/json.hpp>

namespace billing::log {
namespace {

std::atomic<int> g_min_level{static_cast<int>(Level::kInfo)};
std::string g_service = "unknown";  // NOLINT: set once in main before threads start
std::mutex g_write_mutex;

const char* LevelName(Level level) {
  switch (level) {
    case Level::kDebug:
      return "debug";
    case Level::kInfo:
      return "info";
    case Level::kWarn:
      return "warn";
    case Level::kError:
      return "error";
  }
  return "info";
}

bool IsSecretKey(const std::string& key) {
  std::string lower;
  for (char c : key)
    lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  for (const char* word : {"password", "token", "secret", "authorization", "hash", "cookie"}) {
    if (lower.find(word) != std::string::npos) return true;
  }
  return false;
}

std::string NowRfc3339() {
  auto now = std::chrono::system_clock::now();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()) % 1000;
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
  char out[48];
  std::snprintf(out, sizeof(out), "%s.%03dZ", buf, static_cast<int>(ms.count()));
  return out;
}

}  // namespace

void Init(const std::string& service, const std::string& level_name) {
  g_service = service;
  Level level = Level::kInfo;
  if (level_name == "debug") level = Level::kDebug;
  if (level_name == "warn") level = Level::kWarn;
  if (level_name == "error") level = Level::kError;
  g_min_level = static_cast<int>(level);
}

bool Enabled(Level level) { return static_cast<int>(level) >= g_min_level.load(); }

nlohmann::json Redact(const nlohmann::json& fields) {
  if (fields.is_array()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& item : fields) out.push_back(Redact(item));
    return out;
  }
  if (!fields.is_object()) return fields;
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [key, value] : fields.items()) {
    out[key] = IsSecretKey(key) ? nlohmann::json("***") : Redact(value);
  }
  return out;
}

void Write(Level level, const std::string& message, const nlohmann::json& fields) {
  if (!Enabled(level)) return;
  nlohmann::json line = {
      {"ts", NowRfc3339()}, {"level", LevelName(level)}, {"service", g_service}, {"msg", message}};
  if (fields.is_object()) {
    nlohmann::json redacted = Redact(fields);
    for (const auto& [key, value] : redacted.items()) line[key] = value;
  }
  std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::lock_guard lock(g_write_mutex);
  std::fprintf(stderr, "%s\n", text.c_str());
  std::fflush(stderr);
}

void Write(Level level, const std::string& message) {
  Write(level, message, nlohmann::json::object());
}

}  // namespace billing::log
