// The link watcher on fakes: it looks only while the provider is "linked", hands each reachable
// status to the store (which records changes), and never records an unreachable wa-link.
#include "link_watcher.h"

#include <gtest/gtest.h>

#include "testing/fake_clients.h"
#include "testing/fake_transport.h"
#include "testing/settings_json.h"

namespace billing::messaging {
namespace {

using std::chrono::milliseconds;
using namespace billing::messaging::testing;

// The row in memory: records a status when it differs from the last one, as the SQL does.
class FakeLinkedDevice final : public LinkedDeviceStore {
 public:
  bool RecordState(const LinkStatus& status) override {
    ++calls;
    std::string now = status.state + "|" + status.number + "|" + status.reason;
    if (now == row) return false;
    row = now;
    recorded.push_back(now);
    return true;
  }
  std::string row = "disconnected||";
  std::vector<std::string> recorded;
  int calls = 0;
};

std::string StatusBody(const std::string& state, const std::string& number,
                       const std::string& reason) {
  return nlohmann::json{{"state", state},
                        {"number", number},
                        {"name", ""},
                        {"since", "2026-12-03T12:00:00.000Z"},
                        {"reason", reason}}
      .dump();
}

class LinkWatcherTest : public ::testing::Test {
 protected:
  LinkWatcherTest() { UseProvider("linked"); }
  void UseProvider(const std::string& name) {
    billing.settings = SettingsFrom({{"whatsapp", {{"provider", name}}}});
  }

  FakeBillingClient billing;
  ScriptedTransport transport;
  WaLinkClient wa_link{{"http://127.0.0.1:50121", "0123456789abcdef0123456789abcdef"}, transport};
  FakeLinkedDevice store;
  LinkWatcher watcher{billing, wa_link, store, milliseconds(2000)};
};

TEST_F(LinkWatcherTest, RecordsEachChangeOfThePhonesStateOnce) {
  transport.Answer(200, StatusBody("disconnected", "", ""));
  transport.Answer(200, StatusBody("waiting_for_scan", "", ""));
  transport.Answer(200, StatusBody("connected", "6281234567890", ""));
  transport.Answer(200, StatusBody("connected", "6281234567890", ""));
  transport.Answer(200, StatusBody("disconnected", "", "logged_out"));
  for (int i = 0; i < 5; ++i) EXPECT_EQ(watcher.Step(), milliseconds(2000));
  EXPECT_EQ(store.recorded,
            (std::vector<std::string>{"waiting_for_scan||", "connected|6281234567890|",
                                      "disconnected||logged_out"}));
  ASSERT_EQ(transport.Requests().size(), 5u);
  EXPECT_EQ(transport.Requests()[0].url, "http://127.0.0.1:50121/status");
}

TEST_F(LinkWatcherTest, AnUnreachableWaLinkOrAnUnknownStateIsNotRecorded) {
  transport.Answer(0, "");
  transport.Answer(401, R"({"error":"unauthorized"})");
  transport.Answer(200, StatusBody("pairing", "", ""));
  transport.Answer(200, "not json");
  for (int i = 0; i < 4; ++i) watcher.Step();
  EXPECT_EQ(store.calls, 0);
  EXPECT_TRUE(store.recorded.empty());
}

TEST_F(LinkWatcherTest, DoesNotLookWhileAnotherProviderIsChosen) {
  UseProvider("gateway");
  transport.fallback = {200, StatusBody("connected", "6281234567890", ""), ""};
  for (int i = 0; i < 3; ++i) EXPECT_EQ(watcher.Step(), milliseconds(2000));
  EXPECT_TRUE(transport.Requests().empty());
  UseProvider("linked");
  watcher.Step();
  EXPECT_EQ(store.recorded, std::vector<std::string>{"connected|6281234567890|"});
}

}  // namespace
}  // namespace billing::messaging
