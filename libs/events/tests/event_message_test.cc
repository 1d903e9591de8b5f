// Event messages survive the Redis round trip; anything malformed is refused, never trusted.
#include "events/event_message.h"

#include <gtest/gtest.h>

#include "events/outbox.h"

namespace billing::events {
namespace {

TEST(EventMessageTest, RoundTrips) {
  EventMessage message{42, "user", "update", "7", "admin", "2026-11-25T12:00:00Z"};
  auto parsed = ParseEventMessage(ToJson(message));
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->seq, 42);
  EXPECT_EQ(parsed->entity, "user");
  EXPECT_EQ(parsed->action, "update");
  EXPECT_EQ(parsed->id, "7");
  EXPECT_EQ(parsed->by, "admin");
  EXPECT_EQ(parsed->at, "2026-11-25T12:00:00Z");
}

TEST(EventMessageTest, RefusesMalformedInput) {
  for (const char* text :
       {"", "null", "[]", "{}", "{\"seq\":\"1\",\"entity\":\"user\",\"action\":\"x\"}",
        "{\"seq\":0,\"entity\":\"user\",\"action\":\"x\"}",
        "{\"seq\":5,\"entity\":\"\",\"action\":\"x\"}", "{\"seq\":5", "\xff"}) {
    EXPECT_FALSE(ParseEventMessage(text).has_value()) << text;
  }
}

TEST(EventMessageTest, BrowserDataHasTheContractFieldsOnly) {
  EventMessage message{3, "customer", "create", "12", "staff", "2026-11-25T12:00:00Z"};
  auto json = nlohmann::json::parse(BrowserData(message));
  EXPECT_EQ(json.size(), 5u);
  for (const char* key : {"entity", "action", "id", "by", "at"}) EXPECT_TRUE(json.contains(key));
}

TEST(FormatSummaryTest, FillsKnownPlaceholdersAndCleansValues) {
  EXPECT_EQ(FormatSummary("Menghapus {what} #{id}", {{"what", "user"}, {"id", "3"}}),
            "Menghapus user #3");
  EXPECT_EQ(FormatSummary("a {b", {{"b", "x"}}), "a {b");
  EXPECT_EQ(FormatSummary("{x}", {{"x", "line1\r\nline2"}}), "line1  line2");
}

}  // namespace
}  // namespace billing::events
