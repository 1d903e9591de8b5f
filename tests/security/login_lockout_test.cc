// Attacks on the login limits, against the real gateway and auth service: locking the real
// staff out from another address, racing the counter with parallel guesses, and guessing while
// Redis is down. Source addresses are varied by binding the client socket to 127.0.0.x.
#include <algorithm>
#include <arpa/inet.h>
#include <cctype>
#include <iostream>
#include <latch>
#include <netinet/in.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

#include <gtest/gtest.h>

#include "stack.h"

namespace billing::testing {
namespace {

using nlohmann::json;

struct RawResponse {
  int status = 0;
  std::string retry_after;  // empty when absent
  std::string body;
};

// POST /api/auth/login from the local address `source` (a 127.0.0.x loopback address), over a
// plain socket so the gateway sees that address as the client's.
RawResponse LoginFrom(const std::string& source, const std::string& username,
                      const std::string& password) {
  std::string url = Stack().GatewayUrl();  // http://127.0.0.1:<port>
  int port = std::stoi(url.substr(url.rfind(':') + 1));
  std::string body = json{{"username", username}, {"password", password}}.dump();
  std::string request =
      "POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      "Content-Type: application/json\r\nConnection: close\r\n"
      "Content-Length: " +
      std::to_string(body.size()) + "\r\n\r\n" + body;
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket failed");
  timeval timeout{30, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  sockaddr_in local{};
  local.sin_family = AF_INET;
  inet_pton(AF_INET, source.c_str(), &local.sin_addr);
  sockaddr_in remote{};
  remote.sin_family = AF_INET;
  remote.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &remote.sin_addr);
  if (bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof(local)) != 0 ||
      connect(fd, reinterpret_cast<sockaddr*>(&remote), sizeof(remote)) != 0 ||
      send(fd, request.data(), request.size(), MSG_NOSIGNAL) !=
          static_cast<ssize_t>(request.size())) {
    close(fd);
    throw std::runtime_error("cannot send the login from " + source);
  }
  std::string raw;
  char buffer[4096];
  size_t header_end = std::string::npos;
  size_t content_length = 0;
  while (true) {
    if (header_end == std::string::npos) {
      header_end = raw.find("\r\n\r\n");
      if (header_end != std::string::npos) {
        std::string head = raw.substr(0, header_end);
        std::transform(head.begin(), head.end(), head.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        auto at = head.find("content-length:");
        if (at != std::string::npos) content_length = std::stoul(head.substr(at + 15));
      }
    }
    if (header_end != std::string::npos && raw.size() >= header_end + 4 + content_length) break;
    ssize_t got = recv(fd, buffer, sizeof(buffer), 0);
    if (got <= 0) break;
    raw.append(buffer, static_cast<size_t>(got));
  }
  close(fd);
  RawResponse response;
  if (raw.rfind("HTTP/1.1 ", 0) != 0 || header_end == std::string::npos) return response;
  response.status = std::stoi(raw.substr(9, 3));
  std::string head = raw.substr(0, header_end);
  std::string lower = head;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  auto at = lower.find("\r\nretry-after:");
  if (at != std::string::npos) {
    auto start = head.find_first_not_of(' ', at + 14);
    response.retry_after = head.substr(start, head.find("\r\n", start) - start);
  }
  response.body = raw.substr(header_end + 4);
  return response;
}

std::string Describe(const RawResponse& response) {
  return "HTTP " + std::to_string(response.status) + " " + response.body;
}

int CountOf(const std::string& text, const std::string& needle) {
  int count = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

TEST(LoginLockoutTest, FiveWrongPasswordsFromOneAddressDoNotLockStaffOutFromAnother) {
  for (int i = 0; i < 5; ++i) {
    RawResponse wrong = LoginFrom("127.0.0.2", "staff", "tebak-tebakan");
    EXPECT_EQ(wrong.status, 401) << Describe(wrong);
  }
  // The attacker's address is stopped, even with the right password...
  RawResponse blocked = LoginFrom("127.0.0.2", "staff", "staff123");
  EXPECT_EQ(blocked.status, 429) << Describe(blocked);
  EXPECT_FALSE(blocked.retry_after.empty());
  EXPECT_EQ(json::parse(blocked.body, nullptr, false)["error"]["code"], "resource_exhausted");
  // ...while the real staff, from another address, logs in at once.
  RawResponse owner = LoginFrom("127.0.0.1", "staff", "staff123");
  EXPECT_EQ(owner.status, 200) << Describe(owner);
}

TEST(LoginLockoutTest, TwelveParallelWrongPasswordsGetAtMostTheLimitOf401s) {
  constexpr int kLimit = 5;  // LOGIN_MAX_FAILURES_PER_USER, the default
  constexpr int kParallel = 12;
  std::vector<RawResponse> answers(kParallel);
  std::latch start(kParallel);
  std::vector<std::thread> threads;
  for (int i = 0; i < kParallel; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      answers[i] = LoginFrom("127.0.0.3", "admin", "tebakan-" + std::to_string(i));
    });
  }
  for (auto& thread : threads) thread.join();
  int unauthorized = 0;
  int limited = 0;
  for (const auto& answer : answers) {
    if (answer.status == 401) ++unauthorized;
    if (answer.status == 429) {
      ++limited;
      EXPECT_GT(std::stoi(answer.retry_after.empty() ? "0" : answer.retry_after), 0);
    }
  }
  std::cout << "parallel wrong passwords: " << unauthorized << " x 401, " << limited << " x 429\n";
  EXPECT_LE(unauthorized, kLimit);
  EXPECT_GE(unauthorized, 1);
  EXPECT_EQ(unauthorized + limited, kParallel);
  EXPECT_EQ(LoginFrom("127.0.0.1", "admin", "admin123").status, 200);
}

TEST(LoginLockoutTest, LimitsStillHoldWhileRedisIsDown) {
  Stack().Redis().Stop();
  for (int i = 0; i < 5; ++i) {
    RawResponse wrong = LoginFrom("127.0.0.4", "staff", "tebak-tanpa-redis");
    EXPECT_EQ(wrong.status, 401) << Describe(wrong);
  }
  RawResponse blocked = LoginFrom("127.0.0.4", "staff", "tebak-lagi");
  EXPECT_EQ(blocked.status, 429) << Describe(blocked);
  EXPECT_FALSE(blocked.retry_after.empty());
  RawResponse owner = LoginFrom("127.0.0.5", "staff", "staff123");
  EXPECT_EQ(owner.status, 200) << Describe(owner);
  std::string log = ReadFile(Stack().ServiceProcess("auth").LogPath());
  EXPECT_EQ(CountOf(log, "login limiter: Redis unreachable"), 1) << "the switch is logged once";
}

}  // namespace
}  // namespace billing::testing

int main(int argc, char** argv) {
  billing::testing::UseFullStack(&argc, argv);
  return RUN_ALL_TESTS();
}
