// The gateway's door in-process: body limits per route, the worker pool's bounded queue, the
// per-address connection limit, the security headers and the raw error response.
#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "http/chunked.h"
#include "http/connection_limiter.h"
#include "http/router.h"
#include "http/security_headers.h"
#include "http/worker_pool.h"

namespace billing::gateway {
namespace {

Handler Ok() {
  return [](RequestContext&) { return Response::Json({{"ok", true}}); };
}

TEST(DoorTest, BodyLimitIsTheRoutesOwnOrTheDefault) {
  Router router;
  router.Add("POST", "/api/auth/login", Access::kPublic, Ok());
  router.AddUpload("POST", "/api/restore/chunks/:n", Access::kAdmin, 4 << 20, Ok());
  EXPECT_EQ(router.BodyLimit("POST", "/api/auth/login", 1 << 20), 1u << 20);
  EXPECT_EQ(router.BodyLimit("POST", "/api/restore/chunks/3", 1 << 20), 4u << 20);
  EXPECT_EQ(router.BodyLimit("POST", "/nothing/here", 1 << 20), 1u << 20);
  EXPECT_EQ(router.MaxBodyBytes(1 << 20), 4u << 20);
  EXPECT_EQ(Router().MaxBodyBytes(1 << 20), 1u << 20);
  EXPECT_TRUE(router.Find("POST", "/api/restore/chunks/1").route->upload);
  EXPECT_FALSE(router.Find("POST", "/api/auth/login").route->upload);
}

TEST(DoorTest, MarkExclusiveFlagsOnlyThatRoute) {
  Router router;
  router.Add("POST", "/api/billing/run", Access::kAdmin, Ok());
  router.Add("GET", "/api/billing/run", Access::kAdmin, Ok());
  EXPECT_TRUE(router.MarkExclusive("POST", "/api/billing/run"));
  EXPECT_FALSE(router.MarkExclusive("POST", "/api/missing"));
  EXPECT_TRUE(router.Find("POST", "/api/billing/run").route->exclusive);
  EXPECT_FALSE(router.Find("GET", "/api/billing/run").route->exclusive);
}

TEST(DoorTest, WorkerPoolRefusesWhenItsQueueIsFull) {
  WorkerPool pool(1, 2);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> ran{0};
  std::promise<void> started;
  WorkerPool::Job blocker = [&] {
    started.set_value();
    released.wait();
    ++ran;
  };
  ASSERT_TRUE(pool.TrySubmit(blocker));
  started.get_future().wait();  // the one worker is busy now
  WorkerPool::Job job = [&] { ++ran; };
  WorkerPool::Job first = job, second = job, third = job;
  EXPECT_TRUE(pool.TrySubmit(first));
  EXPECT_TRUE(pool.TrySubmit(second));
  EXPECT_FALSE(pool.TrySubmit(third));    // queue of 2 is full
  EXPECT_TRUE(static_cast<bool>(third));  // a refused job is handed back untouched
  release.set_value();
  EXPECT_TRUE(pool.Stop(std::chrono::seconds(5)));
  EXPECT_GE(ran.load(), 1);
  WorkerPool::Job late = job;
  EXPECT_FALSE(pool.TrySubmit(late));  // stopped
}

TEST(DoorTest, ConnectionLimiterCountsPerAddressAndFreesOnRelease) {
  auto limiter = std::make_shared<ConnectionLimiter>(2);
  auto a1 = limiter->Acquire("10.0.0.1");
  auto a2 = limiter->Acquire("10.0.0.1");
  ASSERT_NE(a1, nullptr);
  ASSERT_NE(a2, nullptr);
  EXPECT_EQ(limiter->Acquire("10.0.0.1"), nullptr);
  EXPECT_NE(limiter->Acquire("10.0.0.2"), nullptr);  // another address is not affected
  a1.reset();
  EXPECT_EQ(limiter->Open("10.0.0.1"), 1u);
  EXPECT_NE(limiter->Acquire("10.0.0.1"), nullptr);
  auto unlimited = std::make_shared<ConnectionLimiter>(0);
  std::vector<std::shared_ptr<void>> many;
  for (int i = 0; i < 1000; ++i) many.push_back(unlimited->Acquire("x"));
  EXPECT_NE(many.back(), nullptr);
  auto outlived = limiter->Acquire("10.0.0.3");
  limiter.reset();
  outlived.reset();  // the limiter is gone: releasing must not touch it
}

TEST(DoorTest, SecurityHeadersForbidFramingAndForeignScripts) {
  std::map<std::string, std::string> headers(SecurityHeaders().begin(), SecurityHeaders().end());
  const std::string& csp = headers.at("Content-Security-Policy");
  EXPECT_NE(csp.find("default-src 'self'"), std::string::npos);
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_NE(csp.find("script-src 'self';"), std::string::npos);
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos);
  EXPECT_EQ(csp.find("unsafe-eval"), std::string::npos);
  EXPECT_EQ(headers.at("X-Frame-Options"), "DENY");
  EXPECT_EQ(headers.at("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(headers.at("Referrer-Policy"), "same-origin");
}

TEST(DoorTest, RawErrorResponseIsTheOneErrorShape) {
  errors::Error error(errors::Code::kPayloadTooLarge, "terlalu besar");
  error.WithRetryAfter(3);
  std::string raw = RawErrorResponse(error);
  ASSERT_EQ(raw.rfind("HTTP/1.1 413 ", 0), 0u) << raw;
  EXPECT_NE(raw.find("\r\nConnection: close\r\n"), std::string::npos);
  EXPECT_NE(raw.find("\r\nRetry-After: 3\r\n"), std::string::npos);
  EXPECT_NE(raw.find("\r\nX-Frame-Options: DENY\r\n"), std::string::npos);
  size_t body_at = raw.find("\r\n\r\n");
  ASSERT_NE(body_at, std::string::npos);
  std::string body = raw.substr(body_at + 4);
  EXPECT_NE(raw.find("Content-Length: " + std::to_string(body.size()) + "\r\n"), std::string::npos);
  auto json = nlohmann::json::parse(body);
  EXPECT_EQ(json["error"]["code"], "payload_too_large");
  EXPECT_EQ(json["error"]["message"], "terlalu besar");
}

TEST(DoorTest, SecureCookieOnlyOverHttps) {
  std::string cookie = "billing_session=abc; HttpOnly; SameSite=Strict; Path=/api";
  EXPECT_EQ(SecureCookie(cookie, false), cookie);
  EXPECT_EQ(SecureCookie(cookie, true), cookie + "; Secure");
  EXPECT_EQ(SecureCookie(cookie + "; Secure", true), cookie + "; Secure");
}

TEST(DoorTest, ChunkedHeadCarriesHeadersAndChunkedEncoding) {
  Pistache::Http::Header::Collection headers;
  headers.add<Pistache::Http::Header::ContentType>("text/event-stream");
  std::string head = ResponseHead(Pistache::Http::Code::Ok, headers);
  EXPECT_EQ(head.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << head;
  EXPECT_NE(head.find("Content-Type: text/event-stream\r\n"), std::string::npos) << head;
  EXPECT_NE(head.find("Transfer-Encoding: chunked\r\n\r\n"), std::string::npos) << head;
}

}  // namespace
}  // namespace billing::gateway
