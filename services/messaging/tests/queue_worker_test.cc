// The sender loop on in-memory fakes and a hand-moved clock: sending, pacing, retries, and
// marking each message exactly once.
#include "queue_worker.h"

#include <algorithm>
#include <thread>

#include <gtest/gtest.h>

#include "i18n/messages.h"
#include "i18n/wa_link_messages.h"
#include "testing/fake_clients.h"
#include "testing/fake_send_queue.h"
#include "testing/fake_sender_lease.h"
#include "testing/fake_transport.h"
#include "testing/manual_clock.h"
#include "testing/settings_json.h"

namespace billing::messaging {
namespace {

using std::chrono::milliseconds;
using namespace billing::messaging::testing;

constexpr const char* kSentAnswer = R"({"messages":[{"id":"wamid.1"}]})";

class QueueWorkerTest : public ::testing::Test {
 protected:
  QueueWorkerTest() { UsePace(1500); }

  void UsePace(int pace_ms) {
    billing.settings = SettingsFrom({{"whatsapp",
                                      {{"provider", "cloud"},
                                       {"base_url", "http://127.0.0.1:9/"},
                                       {"token", "tok"},
                                       {"phone_number_id", "10001"},
                                       {"pace_ms", pace_ms}}}});
  }

  // Steps the worker as its loop would, moving the clock by each wait instead of sleeping,
  // until `done` or `max_steps`.
  void Run(const std::function<bool()>& done, int max_steps = 100) {
    for (int i = 0; i < max_steps && !done(); ++i) {
      milliseconds wait = worker.Step();
      clock.Advance(wait);
    }
  }

  ManualClock clock{UtcTime(2026, 11, 10, 3)};
  FakeSendQueue queue{clock};
  FakeSenderLease lease;
  FakeBillingClient billing;
  ScriptedTransport transport;
  RetryPolicy retry{milliseconds(5000), std::chrono::minutes(30), 3};
  ProviderConfig providers;
  QueueWorker worker{queue, queue, lease, billing, transport, retry, clock, providers};
};

TEST_F(QueueWorkerTest, SendsAQueuedMessageAndMarksItSent) {
  int64_t id = queue.Add("6281234567890", "Tagihan Budi");
  transport.Answer(200, kSentAnswer);
  EXPECT_EQ(worker.Step(), milliseconds(0));
  ASSERT_EQ(transport.Requests().size(), 1u);
  EXPECT_NE(transport.Requests()[0].body.find("6281234567890"), std::string::npos);
  auto row = queue.Get(id);
  EXPECT_EQ(row.status, "sent");
  EXPECT_EQ(row.provider_message_id, "wamid.1");
  EXPECT_EQ(row.attempts, 1);
  EXPECT_EQ(row.provider, "cloud");
}

TEST_F(QueueWorkerTest, TheMessageIsMarkedSendingDuringTheCallAndFinishedOnce) {
  int64_t id = queue.Add("6281234567890", "Tagihan Budi");
  std::string status_during_call;
  transport.on_perform = [&](const HttpRequest&) { status_during_call = queue.Get(id).status; };
  transport.Answer(200, kSentAnswer);
  Run([&] { return transport.Requests().size() >= 1; });
  Run([] { return false; }, 10);  // nothing more to send: the sent message stays sent
  EXPECT_EQ(status_during_call, "sending");
  EXPECT_EQ(transport.Requests().size(), 1u);
  EXPECT_EQ(queue.Get(id).finishes, 1);
  EXPECT_EQ(queue.Get(id).status, "sent");
  EXPECT_EQ(queue.StrayFinishes(), 0);
}

TEST_F(QueueWorkerTest, AttemptsAreAtLeastTheConfiguredPaceApart) {
  UsePace(4000);
  for (int i = 0; i < 4; ++i) queue.Add("6281234567890", "m" + std::to_string(i));
  transport.fallback = {200, kSentAnswer, ""};
  transport.on_perform = [&](const HttpRequest&) { clock.Advance(milliseconds(300)); };
  Run([&] { return transport.Requests().size() >= 4; });
  auto claims = queue.Claims();
  auto finishes = queue.Finishes();
  ASSERT_EQ(claims.size(), 4u);
  for (size_t i = 1; i < claims.size(); ++i) {
    // The pause counts from the end of the previous attempt.
    EXPECT_GE(claims[i] - finishes[i - 1], milliseconds(4000)) << "attempt " << i;
  }
}

TEST_F(QueueWorkerTest, APaceBelowTheMinimumIsRaisedToIt) {
  UsePace(100);
  for (int i = 0; i < 3; ++i) queue.Add("6281234567890", "m" + std::to_string(i));
  transport.fallback = {200, kSentAnswer, ""};
  Run([&] { return transport.Requests().size() >= 3; });
  auto claims = queue.Claims();
  ASSERT_EQ(claims.size(), 3u);
  for (size_t i = 1; i < claims.size(); ++i) EXPECT_GE(claims[i] - claims[i - 1], kMinPace);
}

TEST_F(QueueWorkerTest, ATransientFailureIsRetriedAfterTheBackOff) {
  int64_t id = queue.Add("6281234567890", "Tagihan Budi");
  transport.Answer(503, "{}");
  transport.Answer(200, kSentAnswer);
  auto first_attempt = clock.Now();
  EXPECT_EQ(worker.Step(), milliseconds(0));
  auto row = queue.Get(id);
  EXPECT_EQ(row.status, "queued");
  EXPECT_EQ(row.next_attempt_at, first_attempt + milliseconds(5000));
  EXPECT_NE(row.last_error.find("HTTP 503"), std::string::npos);

  Run([&] { return queue.Get(id).status != "queued"; });
  EXPECT_EQ(queue.Get(id).status, "sent");
  EXPECT_EQ(queue.Get(id).attempts, 2);
  auto claims = queue.Claims();
  ASSERT_EQ(claims.size(), 2u);
  EXPECT_GE(claims[1] - claims[0], milliseconds(5000));
}

TEST_F(QueueWorkerTest, GivesUpAfterTheLastAllowedAttempt) {
  int64_t id = queue.Add("6281234567890", "Tagihan Budi");
  transport.fallback = {503, "{}", ""};
  Run([&] { return queue.Get(id).status == "failed"; });
  auto row = queue.Get(id);
  EXPECT_EQ(row.status, "failed");
  EXPECT_EQ(row.attempts, 3);
  EXPECT_EQ(row.last_error.rfind(i18n::kGaveUpPrefix, 0), 0u) << row.last_error;
  EXPECT_EQ(transport.Requests().size(), 3u);
}

TEST_F(QueueWorkerTest, APermanentFailureIsNotRetried) {
  int64_t id = queue.Add("6281234567890", "Tagihan Budi");
  transport.fallback = {400, R"({"error":{"message":"bad number"}})", ""};
  Run([] { return false; }, 20);
  EXPECT_EQ(queue.Get(id).status, "failed");
  EXPECT_EQ(queue.Get(id).attempts, 1);
  EXPECT_EQ(transport.Requests().size(), 1u);
}

TEST_F(QueueWorkerTest, TakingTheLeaseFailsWhatADeadSenderLeftSendingWithoutResending) {
  int64_t interrupted = queue.AddSending("6281234567890");
  transport.fallback = {200, kSentAnswer, ""};
  Run([] { return false; }, 10);
  EXPECT_EQ(queue.Get(interrupted).status, "failed");
  EXPECT_EQ(queue.Get(interrupted).last_error, i18n::kInterruptedMaybeSent);
  EXPECT_TRUE(transport.Requests().empty());
  EXPECT_EQ(queue.FailInterruptedCalls(), 1);  // once per lease taken, not per step
}

TEST_F(QueueWorkerTest, WithoutTheLeaseNothingIsSent) {
  lease.available = false;
  int64_t id = queue.Add("6281234567890", "Tagihan Budi");
  EXPECT_GT(worker.Step(), milliseconds(0));
  EXPECT_EQ(queue.Get(id).status, "queued");
  EXPECT_TRUE(transport.Requests().empty());
  EXPECT_EQ(queue.FailInterruptedCalls(), 0);
}

TEST_F(QueueWorkerTest, StoppedSendingOrNoProviderSendsNothing) {
  int64_t id = queue.Add("6281234567890", "Tagihan Budi");
  queue.SetEnabled(false);
  Run([] { return false; }, 5);
  billing.settings = SettingsFrom({{"whatsapp", {{"provider", "none"}}}});
  queue.SetEnabled(true);
  Run([] { return false; }, 5);
  EXPECT_EQ(queue.Get(id).status, "queued");
  EXPECT_TRUE(transport.Requests().empty());
}

TEST_F(QueueWorkerTest, TheLoopSendsAfterWakeAndStopReleasesTheLease) {
  transport.Answer(200, kSentAnswer);
  worker.Start();
  int64_t id = queue.Add("6281234567890", "Tagihan Budi");
  worker.Wake();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (queue.Get(id).status != "sent" && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(10));
  }
  worker.Stop();
  EXPECT_EQ(queue.Get(id).status, "sent");
  EXPECT_EQ(queue.Get(id).finishes, 1);
  EXPECT_EQ(lease.releases.load(), 1);
  EXPECT_FALSE(lease.held.load());
}

// wa-link as the sender sees it: GET /status answers `state`, POST /send answers from a script
// (default: sent). Every request is recorded.
class WaLinkTransport final : public HttpTransport {
 public:
  HttpResult Perform(const HttpRequest& request) override {
    if (on_perform) on_perform(request);
    paths.push_back(request.url.substr(request.url.rfind('/')));
    if (paths.back() == "/status") {
      return {200, nlohmann::json{{"state", state}, {"number", "6281200000000"}}.dump(), ""};
    }
    sends.push_back(request);
    if (!send_answers.empty()) {
      HttpResult answer = send_answers.front();
      send_answers.erase(send_answers.begin());
      return answer;
    }
    return {200, R"({"id":"3EB0)" + std::to_string(sends.size()) + R"(","duplicate":false})", ""};
  }
  size_t Count(const std::string& path) const {
    return static_cast<size_t>(std::count(paths.begin(), paths.end(), path));
  }

  std::string state = "connected";
  std::vector<HttpResult> send_answers;
  std::vector<std::string> paths;  // "/status", "/send" in order
  std::vector<HttpRequest> sends;
  std::function<void(const HttpRequest&)> on_perform;
};

// Provider "linked": messages wait (nothing claimed, no attempt counted) while the phone is not
// connected, and go out paced once it is.
class LinkedGateTest : public ::testing::Test {
 protected:
  LinkedGateTest() {
    billing.settings = SettingsFrom({{"whatsapp", {{"provider", "linked"}, {"pace_ms", 1500}}}});
    providers.wa_link = {"http://127.0.0.1:50121", "0123456789abcdef0123456789abcdef"};
  }

  void Run(int steps) {
    for (int i = 0; i < steps; ++i) clock.Advance(worker.Step());
  }

  ManualClock clock{UtcTime(2026, 11, 10, 3)};
  FakeSendQueue queue{clock};
  FakeSenderLease lease;
  FakeBillingClient billing;
  WaLinkTransport transport;
  RetryPolicy retry{milliseconds(5000), std::chrono::minutes(30), 3};
  ProviderConfig providers;
  QueueWorker worker{queue, queue, lease, billing, transport, retry, clock, providers};
};

TEST_F(LinkedGateTest, WhileThePhoneIsNotConnectedNothingIsClaimedAndNoAttemptCounted) {
  int64_t id = queue.Add("6281234567890", "Tagihan Budi");
  for (const char* state : {"disconnected", "waiting_for_scan"}) {
    transport.state = state;
    Run(30);
  }
  EXPECT_TRUE(queue.Claims().empty());
  EXPECT_EQ(queue.Get(id).status, "queued");
  EXPECT_EQ(queue.Get(id).attempts, 0);
  EXPECT_EQ(transport.Count("/send"), 0u);
  EXPECT_GT(transport.Count("/status"), 0u);
  // While waiting it looks about once a second, not in a tight loop.
  EXPECT_EQ(worker.Step(), QueueWorker::kNotReadyPoll);
}

TEST_F(LinkedGateTest, OnceConnectedTheWaitingMessagesGoPacedWithTheirKeys) {
  transport.state = "disconnected";
  std::vector<int64_t> ids = {queue.Add("6281234567890", "a"), queue.Add("6281234567891", "b"),
                              queue.Add("6281234567892", "c")};
  Run(10);
  ASSERT_TRUE(queue.Claims().empty());
  transport.state = "connected";
  transport.on_perform = [&](const HttpRequest&) { clock.Advance(milliseconds(200)); };
  for (int i = 0; i < 50 && transport.sends.size() < 3; ++i) clock.Advance(worker.Step());
  ASSERT_EQ(transport.sends.size(), 3u);
  for (size_t i = 0; i < ids.size(); ++i) {
    EXPECT_EQ(queue.Get(ids[i]).status, "sent");
    EXPECT_EQ(queue.Get(ids[i]).attempts, 1);
    EXPECT_EQ(nlohmann::json::parse(transport.sends[i].body)["key"],
              "msg-" + std::to_string(ids[i]));
  }
  auto claims = queue.Claims();
  auto finishes = queue.Finishes();
  for (size_t i = 1; i < claims.size(); ++i) EXPECT_GE(claims[i] - finishes[i - 1], kMinPace);
}

// At the minimum pace the status is asked about every other message, not before each one.
TEST_F(LinkedGateTest, AReadyAnswerIsTrustedForAWhile) {
  for (int i = 0; i < 3; ++i) queue.Add("6281234567890", "m" + std::to_string(i));
  for (int i = 0; i < 20 && transport.sends.size() < 3; ++i) clock.Advance(worker.Step());
  EXPECT_EQ(transport.paths,
            (std::vector<std::string>{"/status", "/send", "/send", "/status", "/send"}));
}

// wa-link goes away while the queue is empty: the message queued next waits, unattempted.
TEST_F(LinkedGateTest, AnIdleSenderDoesNotTrustAnEarlierReadyAnswer) {
  EXPECT_EQ(worker.Step(), milliseconds(500));  // looked (connected), found nothing to send
  ASSERT_EQ(transport.Count("/status"), 1u);
  transport.state = "disconnected";
  clock.Advance(milliseconds(500));
  int64_t id = queue.Add("6281234567890", "Tagihan Budi");
  EXPECT_EQ(worker.Step(), QueueWorker::kNotReadyPoll);
  EXPECT_EQ(transport.Count("/status"), 2u);
  EXPECT_EQ(queue.Get(id).attempts, 0);
  EXPECT_TRUE(queue.Claims().empty());
}

TEST_F(LinkedGateTest, AFailedSendMakesTheSenderAskAgainBeforeTheNextMessage) {
  int64_t first = queue.Add("6281234567890", "a");
  int64_t second = queue.Add("6281234567891", "b");
  transport.send_answers = {{409, R"({"error":"not_linked"})", ""}};
  EXPECT_EQ(worker.Step(), milliseconds(0));  // status, then the send that meets the 409
  EXPECT_EQ(queue.Get(first).status, "queued");
  EXPECT_EQ(queue.Get(first).last_error, i18n::kWaLinkNotLinked);
  transport.state = "disconnected";  // what the 409 meant
  Run(20);
  EXPECT_EQ(transport.Count("/send"), 1u);
  EXPECT_EQ(queue.Get(second).attempts, 0);
  EXPECT_EQ(queue.Get(first).attempts, 1);
  transport.state = "connected";
  for (int i = 0; i < 50 && queue.Get(first).status != "sent"; ++i) clock.Advance(worker.Step());
  for (int i = 0; i < 50 && queue.Get(second).status != "sent"; ++i) clock.Advance(worker.Step());
  EXPECT_EQ(queue.Get(first).status, "sent");
  EXPECT_EQ(queue.Get(second).status, "sent");
  EXPECT_EQ(queue.Get(second).attempts, 1);
  // The retry carried the first attempt's key.
  ASSERT_EQ(transport.sends.size(), 3u);
  auto key = [&](size_t i) { return nlohmann::json::parse(transport.sends[i].body)["key"]; };
  EXPECT_EQ(key(0), "msg-" + std::to_string(first));
  EXPECT_EQ(std::count_if(transport.sends.begin(), transport.sends.end(),
                          [&](const HttpRequest& r) {
                            return nlohmann::json::parse(r.body)["key"] ==
                                   "msg-" + std::to_string(first);
                          }),
            2);
}

}  // namespace
}  // namespace billing::messaging
