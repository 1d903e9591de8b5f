// The hub: attach only when caught up, each event once per client, slow clients dropped.
#include "sse/event_hub.h"

#include <gtest/gtest.h>

#include "fakes.h"

namespace billing::gateway::sse {
namespace {

events::EventMessage Event(int64_t seq) {
  return {seq, "customer", "update", "1", "admin", "2026-11-25T00:00:00Z"};
}

std::unique_ptr<StreamClient> Client(std::shared_ptr<SinkRecord> record, int64_t cursor,
                                     const std::string& token = "t") {
  auto client = std::make_unique<StreamClient>();
  client->cursor = cursor;
  client->token = token;
  client->sink = std::make_unique<FakeSink>(std::move(record));
  return client;
}

TEST(EventHubTest, AttachWaitsForAKnownHeadAndACaughtUpClient) {
  EventHub hub(10);
  auto record = std::make_shared<SinkRecord>();
  auto client = Client(record, 0);
  EXPECT_EQ(hub.TryAttach(client), EventHub::AttachResult::kNotReady);
  hub.AdvanceHead(5);
  EXPECT_EQ(hub.TryAttach(client), EventHub::AttachResult::kBehind);
  client->cursor = 5;
  EXPECT_EQ(hub.TryAttach(client), EventHub::AttachResult::kAttached);
  EXPECT_EQ(hub.Size(), 1u);
}

TEST(EventHubTest, DeliversEachEventOnceAndInOrder) {
  EventHub hub(10);
  hub.AdvanceHead(0);
  auto record = std::make_shared<SinkRecord>();
  auto client = Client(record, 0);
  ASSERT_EQ(hub.TryAttach(client), EventHub::AttachResult::kAttached);
  hub.Deliver(Event(1));
  hub.Deliver(Event(1));  // duplicate
  hub.Deliver(Event(2));
  ASSERT_EQ(record->frames.size(), 2u);
  EXPECT_EQ(record->frames[0].rfind("id: 1\nevent: change\n", 0), 0u);
  EXPECT_EQ(record->frames[1].rfind("id: 2\n", 0), 0u);
  EXPECT_EQ(hub.Head(), 2);
}

TEST(EventHubTest, AClientAheadOfTheHeadSkipsWhatItAlreadyHas) {
  EventHub hub(10);
  hub.AdvanceHead(3);
  auto record = std::make_shared<SinkRecord>();
  auto client = Client(record, 5);  // replay already sent 4 and 5
  ASSERT_EQ(hub.TryAttach(client), EventHub::AttachResult::kAttached);
  for (int64_t seq = 4; seq <= 6; ++seq) hub.Deliver(Event(seq));
  ASSERT_EQ(record->frames.size(), 1u);
  EXPECT_EQ(record->frames[0].rfind("id: 6\n", 0), 0u);
}

TEST(EventHubTest, ASlowClientIsDroppedWithoutHoldingUpOthers) {
  EventHub hub(10);
  hub.AdvanceHead(0);
  auto slow = std::make_shared<SinkRecord>();
  slow->capacity = 2;
  auto fast = std::make_shared<SinkRecord>();
  auto a = Client(slow, 0);
  auto b = Client(fast, 0);
  ASSERT_EQ(hub.TryAttach(a), EventHub::AttachResult::kAttached);
  ASSERT_EQ(hub.TryAttach(b), EventHub::AttachResult::kAttached);
  for (int64_t seq = 1; seq <= 5; ++seq) hub.Deliver(Event(seq));
  EXPECT_TRUE(slow->closed);
  EXPECT_EQ(fast->frames.size(), 5u);
  EXPECT_EQ(hub.Size(), 1u);
  EXPECT_EQ(hub.Dropped(), 1u);
}

TEST(EventHubTest, FullHubRefusesAndTokensCanBeClosed) {
  EventHub hub(1);
  hub.AdvanceHead(0);
  auto one = std::make_shared<SinkRecord>();
  auto two = std::make_shared<SinkRecord>();
  auto a = Client(one, 0, "token-a");
  auto b = Client(two, 0, "token-b");
  ASSERT_EQ(hub.TryAttach(a), EventHub::AttachResult::kAttached);
  EXPECT_EQ(hub.TryAttach(b), EventHub::AttachResult::kFull);
  EXPECT_EQ(hub.Tokens(), std::set<std::string>{"token-a"});
  EXPECT_EQ(hub.CloseToken("token-a"), 1u);
  EXPECT_TRUE(one->closed);
  EXPECT_EQ(hub.Size(), 0u);
}

TEST(EventHubTest, HeartbeatsAndAgeLimit) {
  EventHub hub(10);
  hub.AdvanceHead(0);
  auto record = std::make_shared<SinkRecord>();
  auto client = Client(record, 0);
  ASSERT_EQ(hub.TryAttach(client), EventHub::AttachResult::kAttached);
  hub.Heartbeat();
  ASSERT_EQ(record->frames.size(), 1u);
  EXPECT_EQ(record->frames[0], ": heartbeat\n\n");
  EXPECT_EQ(hub.CloseOpenedBefore(std::chrono::steady_clock::now() + std::chrono::seconds(1)), 1u);
  EXPECT_TRUE(record->closed);
}

}  // namespace
}  // namespace billing::gateway::sse
