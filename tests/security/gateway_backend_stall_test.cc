// Attack: with the billing service stopped (SIGSTOP), a login took 29.5 s: route handlers
// blocked Pistache's I/O threads on gRPC calls. Now handlers run on a worker pool with one
// lane per backend, so requests hanging on billing cannot starve logins or customer lists;
// a full queue answers 503 at once, and only one long admin job runs at a time.
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <mutex>
#include <signal.h>
#include <thread>

#include <gtest/gtest.h>

#include "gateway_io_support.h"
#include "stack.h"

namespace billing::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// SIGSTOPs a service for the guard's lifetime.
class Paused final {
 public:
  explicit Paused(const std::string& service) : pid_(Stack().ServiceProcess(service).Pid()) {
    ::kill(pid_, SIGSTOP);
  }
  ~Paused() { ::kill(pid_, SIGCONT); }
  Paused(const Paused&) = delete;
  Paused& operator=(const Paused&) = delete;

 private:
  pid_t pid_;
};

// Requests fired in the background; their answers are kept.
class Background final {
 public:
  ~Background() { Join(); }
  void Fire(int count, const std::string& method, const std::string& path, const std::string& token,
            const std::string& body = "") {
    for (int i = 0; i < count; ++i) {
      threads_.emplace_back([this, method, path, token, body] {
        HttpClient client(Stack().GatewayUrl(), seconds(120));
        HttpHeaders headers = BearerHeaders(token);
        if (!body.empty()) headers["Content-Type"] = "application/json";
        try {
          HttpResponse response = client.Request(method, path, body, headers);
          std::lock_guard lock(mutex_);
          answers_.push_back(response);
        } catch (const HttpTransportError&) {
        }
      });
    }
  }
  void Join() {
    for (auto& thread : threads_) thread.join();
    threads_.clear();
  }
  std::vector<HttpResponse> Answers() {
    std::lock_guard lock(mutex_);
    return answers_;
  }

 private:
  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::vector<HttpResponse> answers_;
};

// The slowest of the calls (p99 of 20 is the slowest), in milliseconds.
template <typename Call>
int64_t SlowestMs(int times, Call call) {
  int64_t slowest = 0;
  for (int i = 0; i < times; ++i) {
    auto started = std::chrono::steady_clock::now();
    call();
    slowest = std::max<int64_t>(slowest, std::chrono::duration_cast<milliseconds>(
                                             std::chrono::steady_clock::now() - started)
                                             .count());
  }
  return slowest;
}

TEST(GatewayBackendStallTest, StoppedBillingDoesNotSlowLoginsOrCustomerLists) {
  std::string admin = Login("admin", "admin123");
  ASSERT_EQ(Stack().Http().Get("/api/transactions?limit=1", admin).status, 200);
  int port = PortOf(Stack().GatewayUrl());
  int baseline = EstablishedTo(port);
  Background hanging;
  Background excess;  // outlives the pause: its queued requests finish after SIGCONT
  {
    Paused billing("billing");
    hanging.Fire(32, "GET", "/api/transactions?limit=5", admin);
    // 32 client threads connecting on a loaded CI machine (a browser test beside it) once took
    // more than 10 s; the bound only stops a test that would never get there.
    ASSERT_TRUE(WaitFor([&] { return EstablishedTo(port) >= baseline + 32; }, seconds(60),
                        "32 requests to billing in the gateway"))
        << "connections to the gateway: " << EstablishedTo(port) << ", before: " << baseline;
    HttpClient client(Stack().GatewayUrl(), seconds(10));
    int failures = 0;
    int64_t login_ms = SlowestMs(20, [&] {
      HttpResponse login =
          client.Request("POST", "/api/auth/login", R"({"username":"staff","password":"staff123"})",
                         {{"Content-Type", "application/json"}});
      if (login.status != 200) ++failures;
    });
    int64_t list_ms = SlowestMs(20, [&] {
      if (client.Request("GET", "/api/customers?limit=20", "", BearerHeaders(admin)).status !=
          200) {
        ++failures;
      }
    });
    std::printf("while billing hangs: slowest of 20 logins %lld ms, of 20 customer lists %lld ms\n",
                static_cast<long long>(login_ms), static_cast<long long>(list_ms));
    EXPECT_EQ(failures, 0);
    EXPECT_LT(login_ms, 1000) << "slowest of 20 logins while billing hangs";
    EXPECT_LT(list_ms, 1000) << "slowest of 20 customer lists while billing hangs";
    EXPECT_TRUE(hanging.Answers().empty()) << "billing requests should still hang";

    // More than the queue holds (GATEWAY_QUEUE=40): the excess is refused at once.
    excess.Fire(40, "GET", "/api/transactions?limit=5", admin);
    ASSERT_TRUE(WaitFor(
        [&] {
          for (const auto& answer : excess.Answers()) {
            if (answer.status == 503) return true;
          }
          return false;
        },
        seconds(5), "a 503 for requests beyond the queue"));
    for (const auto& answer : excess.Answers()) {
      if (answer.status != 503) continue;
      EXPECT_TRUE(ExpectErrorShape(answer, 503, "unavailable"));
      EXPECT_EQ(answer.headers.count("retry-after"), 1u);
      break;
    }
  }  // SIGCONT: the hanging requests finish
  hanging.Join();
  excess.Join();
  EXPECT_EQ(Stack().Http().Get("/api/transactions?limit=1", admin).status, 200);
}

TEST(GatewayBackendStallTest, SecondLongAdminJobIsRefusedWhileOneRuns) {
  std::string admin = Login("admin", "admin123");
  std::atomic<int> sync_status{0};
  std::thread sync;
  {
    Paused network("network");
    // The sync hangs on the stopped network service, holding the one admin job slot. (If a
    // probe below held it at that moment, the sync itself got 409: it simply tries again.)
    sync = std::thread([&] {
      HttpClient client(Stack().GatewayUrl(), seconds(120));
      for (int attempt = 0; attempt < 100; ++attempt) {
        HttpResponse answer = client.Request(
            "POST", "/api/network/sync", "{}",
            {{"Authorization", "Bearer " + admin}, {"Content-Type", "application/json"}});
        sync_status = answer.status;
        if (answer.status != 409) return;
      }
    });
    HttpResponse refused;
    ASSERT_TRUE(WaitFor(
        [&] {
          refused = Stack().Http().PostJson("/api/billing/run", {{"period", "2001-01"}}, admin);
          return refused.status == 409;
        },
        seconds(10), "a second admin job refused"))
        << refused.Describe();
    EXPECT_TRUE(ExpectErrorShape(refused, 409, "failed_precondition"));
    // Ordinary requests are not affected.
    EXPECT_EQ(Stack().Http().Get("/api/customers?limit=1", admin).status, 200);
  }
  sync.join();
  EXPECT_EQ(sync_status.load(), 200);
  // Once the first job ended, the next one runs.
  HttpResponse run = Stack().Http().PostJson("/api/billing/run", {{"period", "2001-02"}}, admin);
  EXPECT_EQ(run.status, 200) << run.Describe();
}

}  // namespace
}  // namespace billing::testing

int main(int argc, char** argv) {
  billing::testing::UseFullStack(&argc, argv, {{"GATEWAY_WORKERS", "16"}, {"GATEWAY_QUEUE", "40"}});
  return RUN_ALL_TESTS();
}
