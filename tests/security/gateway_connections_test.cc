// Attacks on connections: slowloris (headers one byte a second, on a new or a kept-alive
// connection), one address opening connection after connection, and one user opening event
// stream after event stream. Each is cut or refused; everyone else is still served.
#include <memory>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "gateway_io_support.h"
#include "stack.h"

namespace billing::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr int kMaxConnectionsPerIp = 40;
constexpr int kMaxStreamsPerUser = 3;

int Port() { return PortOf(Stack().GatewayUrl()); }

// Sends `prefix`, then one more header byte every second until the gateway cuts the
// connection; returns the seconds from the first slow byte to the cut (-1: never cut).
double SlowlorisSeconds(RawConnection& connection, const std::string& prefix) {
  EXPECT_TRUE(connection.Send(prefix));
  auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < 30; ++i) {
    if (!connection.Send("a")) break;
    bool closed = false;
    std::string got = connection.Read(milliseconds(1000), &closed);
    EXPECT_EQ(got.find("HTTP/1.1 200"), std::string::npos) << "served a request never finished";
    if (closed) break;
    if (i == 29) return -1;
  }
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
}

TEST(GatewayConnectionsTest, SlowHeadersAreCutWithinTheHeaderTimeout) {
  RawConnection fresh(Port());
  ASSERT_TRUE(fresh.ok());
  double cut = SlowlorisSeconds(fresh, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ");
  EXPECT_GT(cut, 0) << "never cut";
  EXPECT_LE(cut, 12.0) << "header timeout is 10 s";

  // The same on a connection that already carried a request: the clock starts at the new
  // request's first byte, not at the end of the previous one.
  RawConnection kept(Port());
  ASSERT_TRUE(kept.ok());
  ASSERT_TRUE(kept.Send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n"));
  std::string first;
  ASSERT_TRUE(WaitFor(
      [&] {
        first += kept.Read(milliseconds(100));
        return first.find("\r\n\r\n") != std::string::npos;
      },
      seconds(10), "the first answer"));
  double kept_cut = SlowlorisSeconds(kept, "GET /healthz HTTP/1.1\r\nX-Slow: ");
  EXPECT_GT(kept_cut, 0) << "never cut";
  EXPECT_LE(kept_cut, 12.0);
  EXPECT_EQ(Stack().Http().Get("/healthz").status, 200);
}

TEST(GatewayConnectionsTest, OneAddressCannotHoldEveryConnection) {
  std::vector<std::unique_ptr<RawConnection>> connections;
  for (int i = 0; i < kMaxConnectionsPerIp + 5; ++i) {
    connections.push_back(std::make_unique<RawConnection>(Port()));
    ASSERT_TRUE(connections.back()->ok());
  }
  std::vector<std::string> answers(connections.size());
  int refused = 0;
  ASSERT_TRUE(WaitFor(
      [&] {
        refused = 0;
        for (size_t i = 0; i < connections.size(); ++i) {
          answers[i] += connections[i]->Read(milliseconds(0));
          if (!answers[i].empty()) ++refused;
        }
        return refused >= 5;
      },
      seconds(10), "connections over the limit refused"));
  for (const auto& answer : answers) {
    if (answer.empty()) continue;
    EXPECT_EQ(answer.rfind("HTTP/1.1 429 ", 0), 0u) << answer;
    auto body = nlohmann::json::parse(BodyOf(answer), nullptr, false);
    ASSERT_FALSE(body.is_discarded()) << answer;
    EXPECT_EQ(body["error"]["code"], "resource_exhausted");
  }
  connections.clear();
  // Slots come back when the connections close.
  EXPECT_TRUE(WaitFor([] { return Stack().Http().Get("/healthz").status == 200; }, seconds(10),
                      "a new connection served"));
}

// A raw event stream as `token`; returns the response head (or the whole refusal).
std::string OpenStream(RawConnection& connection, const std::string& token) {
  EXPECT_TRUE(connection.Send("GET /api/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                              token + "\r\n\r\n"));
  std::string got;
  WaitFor(
      [&] {
        got += connection.Read(milliseconds(100));
        size_t head_end = got.find("\r\n\r\n");
        if (head_end == std::string::npos) return false;
        if (got.rfind("HTTP/1.1 200", 0) == 0) return true;
        return got.find('}', head_end) != std::string::npos;  // an error body
      },
      seconds(10), "the event stream's answer");
  return got;
}

TEST(GatewayConnectionsTest, OneUserCannotOpenEndlessEventStreams) {
  std::string staff = Login("staff", "staff123");
  std::string admin = Login("admin", "admin123");
  std::vector<std::unique_ptr<RawConnection>> streams;
  for (int i = 0; i < kMaxStreamsPerUser; ++i) {
    streams.push_back(std::make_unique<RawConnection>(Port()));
    std::string head = OpenStream(*streams.back(), staff);
    ASSERT_EQ(head.rfind("HTTP/1.1 200", 0), 0u) << head;
  }
  RawConnection extra(Port());
  std::string refused = OpenStream(extra, staff);
  ASSERT_EQ(refused.rfind("HTTP/1.1 429", 0), 0u) << refused;
  auto body = nlohmann::json::parse(BodyOf(refused), nullptr, false);
  ASSERT_FALSE(body.is_discarded()) << refused;
  EXPECT_EQ(body["error"]["code"], "resource_exhausted");

  RawConnection other_user(Port());
  EXPECT_EQ(OpenStream(other_user, admin).rfind("HTTP/1.1 200", 0), 0u);

  // Closing one stream gives its place back (once the gateway noticed, at the next heartbeat).
  streams.pop_back();
  EXPECT_TRUE(WaitFor(
      [&] {
        RawConnection again(Port());
        return OpenStream(again, staff).rfind("HTTP/1.1 200", 0) == 0;
      },
      seconds(15), "a stream accepted again"));
}

}  // namespace
}  // namespace billing::testing

int main(int argc, char** argv) {
  billing::testing::UseFullStack(
      &argc, argv,
      {{"GATEWAY_MAX_CONNECTIONS_PER_IP", std::to_string(billing::testing::kMaxConnectionsPerIp)},
       {"SSE_MAX_STREAMS_PER_USER", std::to_string(billing::testing::kMaxStreamsPerUser)},
       {"SSE_HEARTBEAT_SECONDS", "1"}});
  return RUN_ALL_TESTS();
}
