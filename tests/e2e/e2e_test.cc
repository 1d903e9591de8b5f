// End-to-end test of the web UI: starts the full suite with the gateway serving web/dist, then
// runs the browser tests (web/e2e/run.mjs: playwright-core driving Debian's chromium).
#include <chrono>
#include <iostream>

#include <gtest/gtest.h>

#include "fakes/payments/fake_tripay.h"
#include "stack.h"
#include "support/command.h"
#include "support/fake_wa_link.h"

namespace billing::testing {
namespace {

constexpr const char* kWaLinkSecret = "e2e-wa-link-secret-0123456789abcdef";

// The linked phone's sidecar (specs/wa_link.mjs): a fake wa-link the messaging service talks to.
// It listens before the suite starts (the service gets its address) and outlives it.
FakeWaLink& WaLink() {
  static FakeWaLink fake(kWaLinkSecret);
  return fake;
}

TEST(WebUi, BrowserTestsPassAgainstTheRealSuite) {
  // The payment provider the browser pays at (specs/payment.mjs): a fake Tripay with a checkout
  // page, on loopback.
  payments::FakeTripay tripay("DEV-e2e-api-key", "e2e-private-key", "T0042");
  CommandOptions options;
  options.env_overrides = {
      {"GATEWAY_URL", Stack().GatewayUrl()},          {"E2E_SCREENSHOTS", SCREENSHOT_DIR},
      {"FAKE_TRIPAY_URL", tripay.BaseUrl()},          {"FAKE_TRIPAY_API_KEY", "DEV-e2e-api-key"},
      {"FAKE_TRIPAY_PRIVATE_KEY", "e2e-private-key"}, {"FAKE_TRIPAY_MERCHANT", "T0042"},
      {"FAKE_WA_LINK_URL", WaLink().BaseUrl()}};
  options.timeout = std::chrono::minutes(15);
  CommandResult result = RunCommand(NODE_BIN, {WEB_DIR "/e2e/run.mjs"}, options);
  // The runner's report (which tests ran, which wait for an API) belongs in the CTest log.
  std::cout << result.out << result.err << std::flush;
  EXPECT_EQ(result.exit_code, 0) << result.description << "\n" << Stack().LogTails(60);
  // Every API is deployed now: a spec left out for a missing API is a failure, not a skip.
  EXPECT_EQ(result.out.find("not run: "), std::string::npos);
}

}  // namespace
}  // namespace billing::testing

int main(int argc, char** argv) {
  using billing::testing::WaLink;
  billing::testing::UseFullStack(&argc, argv,
                                 {{"WEB_ROOT", WEB_DIR "/dist"},
                                  {"WA_LINK_URL", WaLink().BaseUrl()},
                                  {"WA_LINK_SECRET", billing::testing::kWaLinkSecret}});
  return RUN_ALL_TESTS();
}
