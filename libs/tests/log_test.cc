// Secrets never reach a log line.
#include "log/log.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace billing::log {
namespace {

TEST(LogTest, RedactsSecretKeysAtAnyDepth) {
  nlohmann::json fields = {{"user", "admin"},
                           {"password", "admin123"},
                           {"nested", {{"Authorization", "Bearer abc"}, {"jwt_token", "x"}}},
                           {"list", {{{"access_token", "y"}}}}};
  auto redacted = Redact(fields);
  EXPECT_EQ(redacted["user"], "admin");
  EXPECT_EQ(redacted["password"], "***");
  EXPECT_EQ(redacted["nested"]["Authorization"], "***");
  EXPECT_EQ(redacted["nested"]["jwt_token"], "***");
  EXPECT_EQ(redacted["list"][0]["access_token"], "***");
  EXPECT_EQ(redacted.dump().find("admin123"), std::string::npos);
}

}  // namespace
}  // namespace billing::log
