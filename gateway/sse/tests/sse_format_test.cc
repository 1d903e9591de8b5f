// SSE frames and chunked framing byte for byte; Last-Event-ID parsing refuses anything odd.
#include "sse/sse_format.h"

#include <gtest/gtest.h>

namespace billing::gateway::sse {
namespace {

TEST(SseFormatTest, ChangeFrame) {
  events::EventMessage message{12,   "transaction", "mark_lunas",
                               "88", "staff",       "2026-11-25T01:02:03Z"};
  EXPECT_EQ(
      ChangeFrame(message),
      "id: 12\nevent: change\ndata: {\"action\":\"mark_lunas\",\"at\":\"2026-11-25T01:02:03Z\","
      "\"by\":\"staff\",\"entity\":\"transaction\",\"id\":\"88\"}\n\n");
  EXPECT_EQ(HeartbeatFrame(), ": heartbeat\n\n");
  EXPECT_EQ(RetryFrame(2000), "retry: 2000\n\n");
}

TEST(SseFormatTest, Chunks) {
  EXPECT_EQ(Chunk("hello world!!!!!"), "10\r\nhello world!!!!!\r\n");
  EXPECT_EQ(LastChunk(), "0\r\n\r\n");
}

TEST(SseFormatTest, EventIds) {
  EXPECT_EQ(ParseEventId("0"), 0);
  EXPECT_EQ(ParseEventId("123456789012345678"), 123456789012345678);
  for (const char* bad : {"", "-1", "1.5", "12a", " 1", "1234567890123456789", "0x10"}) {
    EXPECT_FALSE(ParseEventId(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace billing::gateway::sse
