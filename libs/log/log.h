// Structured JSON logging to stderr, one object per line; secrets are masked by key.
#pragma once

#include <string>

#include <nlohmann/json_fwd.hpp>

namespace billing::log {

enum class Level { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };

// Called once from main(); `service` appears in every line.
void Init(const std::string& service, const std::string& level_name);
bool Enabled(Level level);

// Fields whose key looks like a secret (password, token, secret, authorization, hash,
// cookie) are replaced by "***" at any depth.
void Write(Level level, const std::string& message, const nlohmann::json& fields);
void Write(Level level, const std::string& message);

inline void Debug(const std::string& m, const nlohmann::json& f) { Write(Level::kDebug, m, f); }
inline void Info(const std::string& m, const nlohmann::json& f) { Write(Level::kInfo, m, f); }
inline void Warn(const std::string& m, const nlohmann::json& f) { Write(Level::kWarn, m, f); }
inline void Error(const std::string& m, const nlohmann::json& f) { Write(Level::kError, m, f); }
inline void Info(const std::string& m) { Write(Level::kInfo, m); }
inline void Warn(const std::string& m) { Write(Level::kWarn, m); }
inline void Error(const std::string& m) { Write(Level::kError, m); }

// Exposed for tests.
nlohmann::json Redact(const nlohmann::json& fields);

}  // namespace billing::log
