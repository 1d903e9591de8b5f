// Attack: one unauthenticated 250 MB POST to /api/auth/login used to raise the gateway's peak
// memory by ~500 MB (Pistache buffered every request up to the restore limit). Now a body over
// its route's limit is refused as soon as the headers are in, in the one error shape.
#include <cstdio>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "gateway_io_support.h"
#include "stack.h"

namespace billing::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr int64_t kHugeBytes = 250LL * 1024 * 1024;

pid_t GatewayPid() { return Stack().ServiceProcess("gateway").Pid(); }

void ExpectGatewayAnswers() {
  HttpResponse health = Stack().Http().Get("/healthz");
  EXPECT_EQ(health.status, 200) << health.Describe();
  HttpResponse login =
      Stack().Http().PostJson("/api/auth/login", {{"username", "admin"}, {"password", "salah"}});
  EXPECT_TRUE(ExpectErrorShape(login, 401, "unauthenticated")) << login.Describe();
}

// Streams `total` bytes of body after `head`; stops when the gateway closes the connection.
// Returns whatever the gateway answered.
std::string StreamBody(const std::string& head, int64_t total, bool chunked) {
  RawConnection connection(PortOf(Stack().GatewayUrl()));
  EXPECT_TRUE(connection.ok());
  if (!connection.Send(head)) return "";
  std::string piece(1 << 20, 'a');
  piece.front() = '"';
  std::string answer;
  for (int64_t sent = 0; sent < total; sent += static_cast<int64_t>(piece.size())) {
    std::string data = piece;
    if (chunked) {
      char size[32];
      std::snprintf(size, sizeof(size), "%zx\r\n", piece.size());
      data = size + piece + "\r\n";
    }
    if (!connection.Send(data)) break;
    bool closed = false;
    answer += connection.Read(milliseconds(0), &closed);
    if (closed) break;
  }
  bool closed = false;
  answer += connection.Read(milliseconds(500), &closed);
  return answer;
}

TEST(GatewayBodyLimitTest, HugeUnauthenticatedLoginBodyDoesNotGrowMemory) {
  pid_t pid = GatewayPid();
  ExpectGatewayAnswers();
  int64_t before = ProcStatusKib(pid, "VmHWM");
  ASSERT_GT(before, 0);

  std::string head =
      "POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: " +
      std::to_string(kHugeBytes) + "\r\n\r\n";
  std::string answer = StreamBody(head, kHugeBytes, /*chunked=*/false);

  int64_t after = ProcStatusKib(pid, "VmHWM");
  std::printf("gateway peak RSS (VmHWM): %lld KiB before, %lld KiB after\n",
              static_cast<long long>(before), static_cast<long long>(after));
  EXPECT_LT(after - before, 32 * 1024)
      << "peak RSS grew from " << before << " KiB to " << after << " KiB";
  // The server may cut the upload early; when its answer arrived, it is the 413 error shape.
  if (!answer.empty()) {
    EXPECT_EQ(answer.rfind("HTTP/1.1 413 ", 0), 0u) << answer.substr(0, 200);
    auto body = nlohmann::json::parse(BodyOf(answer), nullptr, false);
    ASSERT_FALSE(body.is_discarded()) << answer.substr(0, 400);
    EXPECT_EQ(body["error"]["code"], "payload_too_large");
  }
  EXPECT_EQ(GatewayPid(), pid);
  ExpectGatewayAnswers();
}

TEST(GatewayBodyLimitTest, HugeChunkedBodyIsRefusedAsItGrows) {
  pid_t pid = GatewayPid();
  int64_t before = ProcStatusKib(pid, "VmHWM");
  std::string head =
      "POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked\r\n\r\n";
  std::string answer = StreamBody(head, 64LL * 1024 * 1024, /*chunked=*/true);
  int64_t after = ProcStatusKib(pid, "VmHWM");
  EXPECT_LT(after - before, 32 * 1024) << before << " KiB -> " << after << " KiB";
  if (!answer.empty()) {
    EXPECT_EQ(answer.rfind("HTTP/1.1 413 ", 0), 0u) << answer.substr(0, 200);
  }
  ExpectGatewayAnswers();
}

TEST(GatewayBodyLimitTest, OversizedBodyGetsTheErrorShapeBeforeItIsSent) {
  // A client that waits for an interim answer (Expect: 100-continue, as curl does for big
  // bodies) gets the 413 at once, without sending the body at all.
  RawConnection connection(PortOf(Stack().GatewayUrl()));
  ASSERT_TRUE(connection.ok());
  ASSERT_TRUE(connection.Send(
      "POST /api/customers HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Expect: 100-continue\r\nContent-Length: 5000000\r\n\r\n"));
  std::string answer;
  EXPECT_TRUE(connection.WaitClosed(seconds(5), &answer));
  ASSERT_EQ(answer.rfind("HTTP/1.1 413 ", 0), 0u) << answer;
  EXPECT_NE(answer.find("X-Frame-Options: DENY"), std::string::npos) << answer;
  auto body = nlohmann::json::parse(BodyOf(answer));
  EXPECT_EQ(body["error"]["code"], "payload_too_large");
  EXPECT_FALSE(body["error"]["message"].get<std::string>().empty());
}

TEST(GatewayBodyLimitTest, MalformedRequestGetsTheErrorShape) {
  RawConnection connection(PortOf(Stack().GatewayUrl()));
  ASSERT_TRUE(connection.ok());
  ASSERT_TRUE(connection.Send("BREW /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::string answer;
  EXPECT_TRUE(connection.WaitClosed(seconds(5), &answer));
  ASSERT_EQ(answer.rfind("HTTP/1.1 400 ", 0), 0u) << answer;
  EXPECT_EQ(nlohmann::json::parse(BodyOf(answer))["error"]["code"], "invalid_argument");
}

}  // namespace
}  // namespace billing::testing

int main(int argc, char** argv) {
  billing::testing::UseFullStack(&argc, argv);
  return RUN_ALL_TESTS();
}
