// End-to-end test of the web UI: starts the full suite with the gateway serving web/dist, then
// runs the browser tests (web/e2e/run.mjs: playwright-core driving Debian's chromium).
#include <chrono>
#include <iostream>

#include <gtest/gtest.h>

#include "stack.h"
#include "support/command.h"

namespace billing::testing {
namespace {

TEST(WebUi, BrowserTestsPassAgainstTheRealSuite) {
  CommandOptions options;
  options.env_overrides = {{"GATEWAY_URL", Stack().GatewayUrl()},
                           {"E2E_SCREENSHOTS", SCREENSHOT_DIR}};
  options.timeout = std::chrono::minutes(15);
  CommandResult result = RunCommand(NODE_BIN, {WEB_DIR "/e2e/run.mjs"}, options);
  // The runner's report (which tests ran, which wait for an API) belongs in the CTest log.
  std::cout << result.out << result.err << std::flush;
  EXPECT_EQ(result.exit_code, 0) << result.description << "\n" << Stack().LogTails(60);
}

}  // namespace
}  // namespace billing::testing

int main(int argc, char** argv) {
  billing::testing::UseFullStack(&argc, argv, {{"WEB_ROOT", WEB_DIR "/dist"}});
  return RUN_ALL_TESTS();
}
