// Feed sequencing: gaps are filled from the log, duplicates dropped, outages caught up later.
#include "sse/event_feed.h"

#include <gtest/gtest.h>

#include "fakes.h"

namespace billing::gateway::sse {
namespace {

class EventFeedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    record_ = std::make_shared<SinkRecord>();
    auto client = std::make_unique<StreamClient>();
    client->sink = std::make_unique<FakeSink>(record_);
    ASSERT_TRUE(feed_.Initialize());
    ASSERT_EQ(hub_.TryAttach(client), EventHub::AttachResult::kAttached);
  }
  std::vector<int64_t> Delivered() const {
    std::vector<int64_t> seqs;
    for (const auto& frame : record_->frames) seqs.push_back(std::stoll(frame.substr(4)));
    return seqs;
  }

  FakeLog log_;
  EventHub hub_{10};
  int user_events_ = 0;
  EventFeed feed_{log_, hub_, [this](const events::EventMessage& message) {
                    if (message.entity == "user") ++user_events_;
                  }};
  std::shared_ptr<SinkRecord> record_;
};

TEST_F(EventFeedTest, InOrderMessagesGoStraightThrough) {
  for (int64_t seq = 1; seq <= 3; ++seq) {
    log_.Add(seq);
    feed_.OnMessage(log_.Get(seq));
  }
  EXPECT_EQ(Delivered(), (std::vector<int64_t>{1, 2, 3}));
  EXPECT_EQ(log_.calls, 1);  // only Initialize read the log
}

TEST_F(EventFeedTest, AGapIsFilledFromTheLogAndDuplicatesAreDropped) {
  for (int64_t seq = 1; seq <= 4; ++seq) log_.Add(seq);
  feed_.OnMessage(log_.Get(1));
  feed_.OnMessage(log_.Get(4));  // 2 and 3 were missed
  feed_.OnMessage(log_.Get(2));  // late duplicate
  feed_.OnMessage(log_.Get(4));
  EXPECT_EQ(Delivered(), (std::vector<int64_t>{1, 2, 3, 4}));
}

TEST_F(EventFeedTest, WhenTheLogIsDownTheGapWaitsForCatchUp) {
  for (int64_t seq = 1; seq <= 3; ++seq) log_.Add(seq);
  log_.down = true;
  feed_.OnMessage(log_.Get(3));
  EXPECT_TRUE(Delivered().empty());  // never out of order
  EXPECT_FALSE(feed_.CatchUp());
  log_.down = false;
  EXPECT_TRUE(feed_.CatchUp());
  EXPECT_EQ(Delivered(), (std::vector<int64_t>{1, 2, 3}));
}

TEST_F(EventFeedTest, CatchUpPagesThroughLargeBacklogs) {
  const int64_t total = EventFeed::kBatch * 2 + 7;
  record_->capacity = total + 1;
  for (int64_t seq = 1; seq <= total; ++seq) log_.Add(seq);
  EXPECT_TRUE(feed_.CatchUp());
  EXPECT_EQ(Delivered().size(), static_cast<size_t>(total));
  EXPECT_EQ(hub_.Head(), total);
}

TEST_F(EventFeedTest, UserEventsTriggerASessionRecheck) {
  log_.Add(1, "customer");
  log_.Add(2, "user");
  feed_.OnMessage(log_.Get(1));
  EXPECT_EQ(user_events_, 0);
  feed_.OnMessage(log_.Get(2));
  EXPECT_EQ(user_events_, 1);
}

TEST(EventFeedObserverTest, SeesEveryEventOnceInOrderLiveOrCaughtUp) {
  FakeLog log;
  EventHub hub(10);
  std::vector<int64_t> seen;
  EventFeed feed(log, hub,
                 [&](const events::EventMessage& message) { seen.push_back(message.seq); });
  ASSERT_TRUE(feed.Initialize());
  for (int64_t seq = 1; seq <= 4; ++seq) log.Add(seq);
  feed.OnMessage(log.Get(1));
  feed.OnMessage(log.Get(1));  // a duplicate
  feed.OnMessage(log.Get(4));  // a gap: 2 and 3 come from the log
  feed.OnMessage(log.Get(3));  // late
  EXPECT_TRUE(feed.CatchUp());
  EXPECT_EQ(seen, (std::vector<int64_t>{1, 2, 3, 4}));
}

// Caches must drop what an event makes stale before any browser hears of the event (and
// reloads): the observer runs while the streams have not had the event yet.
TEST_F(EventFeedTest, TheObserverRunsBeforeTheStreamsGetTheEvent) {
  std::vector<size_t> frames_seen_by_observer;
  EventFeed feed(log_, hub_, [&](const events::EventMessage&) {
    frames_seen_by_observer.push_back(record_->frames.size());
  });
  for (int64_t seq = 1; seq <= 3; ++seq) {
    log_.Add(seq);
    feed.OnMessage(log_.Get(seq));
  }
  EXPECT_EQ(frames_seen_by_observer, (std::vector<size_t>{0, 1, 2}));
  EXPECT_EQ(Delivered(), (std::vector<int64_t>{1, 2, 3}));
}

TEST(EventFeedStartTest, StartsAtTheLogsHead) {
  FakeLog log;
  for (int64_t seq = 1; seq <= 9; ++seq) log.Add(seq);
  EventHub hub(10);
  EventFeed feed(log, hub, {});
  EXPECT_FALSE(hub.Head().has_value());
  EXPECT_TRUE(feed.Initialize());
  EXPECT_EQ(hub.Head(), 9);
}

}  // namespace
}  // namespace billing::gateway::sse
