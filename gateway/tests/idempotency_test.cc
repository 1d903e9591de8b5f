// Idempotency-Key decisions against in-process stores: replay, in flight, reuse, failures.
#include "middleware/idempotency.h"

#include <atomic>
#include <future>

#include <gtest/gtest.h>

#include "errors/error.h"
#include "i18n/messages.h"

namespace billing::gateway {
namespace {

using std::chrono::seconds;

// A store that is down (Redis unreachable) until told otherwise, counting its calls.
class DownStore final : public IdempotencyStore {
 public:
  std::optional<IdempotencyRecord> Claim(const std::string&, const IdempotencyRecord&,
                                         seconds) override {
    ++calls;
    throw errors::Unavailable("down");
  }
  void Complete(const std::string&, const IdempotencyRecord&, const IdempotencyRecord&,
                seconds) override {
    ++calls;
    throw errors::Unavailable("down");
  }
  void Release(const std::string&, const IdempotencyRecord&) override {
    ++calls;
    throw errors::Unavailable("down");
  }
  int calls = 0;
};

class IdempotencyTest : public ::testing::Test {
 protected:
  // A create that counts its runs and answers 201 with the run number.
  std::function<Response()> Create() {
    return [this] {
      int run = ++runs_;
      return Response::Json({{"id", run}}, 201);
    };
  }

  errors::Error ErrorOf(const std::function<void()>& body) {
    try {
      body();
    } catch (const errors::Error& e) {
      return e;
    }
    ADD_FAILURE() << "no error";
    return errors::Internal("none");
  }

  MemoryIdempotencyStore store_;
  std::atomic<int> runs_{0};
  const std::string fingerprint_ = RequestFingerprint("POST", "/api/transactions", "{\"a\":1}");
};

TEST_F(IdempotencyTest, SameKeyReplaysTheFirstAnswerAndCreatesNothing) {
  Response first = RunIdempotent(store_, 7, "k-1", fingerprint_, Create());
  Response second = RunIdempotent(store_, 7, "k-1", fingerprint_, Create());
  EXPECT_EQ(runs_.load(), 1);
  EXPECT_EQ(first.status, 201);
  EXPECT_EQ(second.status, 201);
  EXPECT_EQ(second.body, first.body);
  EXPECT_EQ(second.content_type, first.content_type);
  EXPECT_EQ(second.headers.at("Idempotent-Replayed"), "true");
  EXPECT_EQ(first.headers.count("Idempotent-Replayed"), 0u);
}

TEST_F(IdempotencyTest, KeysAreKeptPerUser) {
  RunIdempotent(store_, 7, "k-1", fingerprint_, Create());
  Response other_user = RunIdempotent(store_, 8, "k-1", fingerprint_, Create());
  EXPECT_EQ(runs_.load(), 2);
  EXPECT_EQ(other_user.body, "{\"id\":2}");
}

TEST_F(IdempotencyTest, SameKeyWithAnotherBodyIsAConflict) {
  RunIdempotent(store_, 7, "k-1", fingerprint_, Create());
  std::string other = RequestFingerprint("POST", "/api/transactions", "{\"a\":2}");
  errors::Error error = ErrorOf([&] { RunIdempotent(store_, 7, "k-1", other, Create()); });
  EXPECT_EQ(error.code(), errors::Code::kFailedPrecondition);
  EXPECT_EQ(errors::HttpStatus(error.code()), 409);
  EXPECT_EQ(error.message(), i18n::kIdempotencyKeyReused);
  EXPECT_EQ(error.fields().count(kIdempotencyHeader), 1u);
  EXPECT_EQ(runs_.load(), 1);
}

TEST_F(IdempotencyTest, SameKeyWhileTheFirstRunsIsAConflict) {
  std::promise<void> started;
  std::promise<void> release;
  auto slow = std::async(std::launch::async, [&] {
    return RunIdempotent(store_, 7, "k-1", fingerprint_, [&] {
      started.set_value();
      release.get_future().wait();
      return Create()();
    });
  });
  started.get_future().wait();
  errors::Error error = ErrorOf([&] { RunIdempotent(store_, 7, "k-1", fingerprint_, Create()); });
  EXPECT_EQ(error.code(), errors::Code::kFailedPrecondition);
  EXPECT_EQ(error.message(), i18n::kIdempotencyInProgress);
  EXPECT_EQ(error.retry_after_seconds(), 1);
  release.set_value();
  EXPECT_EQ(slow.get().status, 201);
  EXPECT_EQ(RunIdempotent(store_, 7, "k-1", fingerprint_, Create()).body, "{\"id\":1}");
  EXPECT_EQ(runs_.load(), 1);
}

TEST_F(IdempotencyTest, FailedAttemptsAreNotKeptAndMayBeRetried) {
  auto refused = [] { return Response::Json({{"error", "x"}}, 400); };
  EXPECT_EQ(RunIdempotent(store_, 7, "k-1", fingerprint_, refused).status, 400);
  auto throws = []() -> Response { throw errors::Unavailable("billing down"); };
  EXPECT_EQ(ErrorOf([&] { RunIdempotent(store_, 7, "k-1", fingerprint_, throws); }).code(),
            errors::Code::kUnavailable);
  EXPECT_EQ(RunIdempotent(store_, 7, "k-1", fingerprint_, Create()).status, 201);
  EXPECT_EQ(runs_.load(), 1);
}

TEST_F(IdempotencyTest, AnswersExpireAfterTheirTtl) {
  auto now = std::chrono::steady_clock::now();
  MemoryIdempotencyStore store(100, [&now] { return now; });
  RunIdempotent(store, 7, "k-1", fingerprint_, Create());
  now += kIdempotencyTtl - seconds(1);
  RunIdempotent(store, 7, "k-1", fingerprint_, Create());
  EXPECT_EQ(runs_.load(), 1);
  now += seconds(2);
  RunIdempotent(store, 7, "k-1", fingerprint_, Create());
  EXPECT_EQ(runs_.load(), 2);
}

TEST_F(IdempotencyTest, AnAbandonedClaimStopsBlockingAfterThePendingTtl) {
  auto now = std::chrono::steady_clock::now();
  MemoryIdempotencyStore store(100, [&now] { return now; });
  IdempotencyRecord claim;
  claim.fingerprint = fingerprint_;
  claim.owner = "crashed";
  ASSERT_FALSE(store.Claim("idempotency:7:k-1", claim, kIdempotencyPendingTtl));
  EXPECT_EQ(ErrorOf([&] { RunIdempotent(store, 7, "k-1", fingerprint_, Create()); }).message(),
            i18n::kIdempotencyInProgress);
  now += kIdempotencyPendingTtl + seconds(1);
  EXPECT_EQ(RunIdempotent(store, 7, "k-1", fingerprint_, Create()).status, 201);
}

TEST_F(IdempotencyTest, OnlyTheClaimerCompletesOrReleases) {
  IdempotencyRecord mine;
  mine.fingerprint = fingerprint_;
  mine.owner = "a";
  IdempotencyRecord theirs = mine;
  theirs.owner = "b";
  ASSERT_FALSE(store_.Claim("k", mine, seconds(60)));
  store_.Release("k", theirs);
  IdempotencyRecord answer = theirs;
  answer.pending = false;
  store_.Complete("k", theirs, answer, seconds(60));
  auto held = store_.Claim("k", theirs, seconds(60));
  ASSERT_TRUE(held);
  EXPECT_TRUE(held->pending);
  EXPECT_EQ(held->owner, "a");
}

TEST_F(IdempotencyTest, MemoryStoreIsBounded) {
  MemoryIdempotencyStore store(2);
  for (const char* key : {"a", "b", "c"}) RunIdempotent(store, 7, key, fingerprint_, Create());
  RunIdempotent(store, 7, "a", fingerprint_, Create());  // "a" was dropped, runs again
  EXPECT_EQ(runs_.load(), 4);
}

TEST_F(IdempotencyTest, WhileTheSharedStoreIsDownThisProcessRemembers) {
  DownStore down;
  FallbackIdempotencyStore store(down, store_, seconds(60));
  Response first = RunIdempotent(store, 7, "k-1", fingerprint_, Create());
  Response second = RunIdempotent(store, 7, "k-1", fingerprint_, Create());
  EXPECT_EQ(runs_.load(), 1);
  EXPECT_EQ(second.body, first.body);
  EXPECT_EQ(down.calls, 1);  // not asked again during the pause
}

TEST_F(IdempotencyTest, ParallelRequestsWithOneKeyCreateOnce) {
  std::vector<std::future<int>> results;
  for (int i = 0; i < 16; ++i) {
    results.push_back(std::async(std::launch::async, [&] {
      try {
        return RunIdempotent(store_, 7, "k-par", fingerprint_, Create()).status;
      } catch (const errors::Error& e) {
        return errors::HttpStatus(e.code());
      }
    }));
  }
  for (auto& result : results) {
    int status = result.get();
    EXPECT_TRUE(status == 201 || status == 409) << status;
  }
  EXPECT_EQ(runs_.load(), 1);
}

TEST(IdempotencyKeyTest, AcceptsOnlyOneTo128VisibleAsciiCharacters) {
  EXPECT_TRUE(IsValidIdempotencyKey("a"));
  EXPECT_TRUE(IsValidIdempotencyKey("550e8400-e29b-41d4-a716-446655440000"));
  EXPECT_TRUE(IsValidIdempotencyKey(std::string(128, '~')));
  EXPECT_FALSE(IsValidIdempotencyKey(""));
  EXPECT_FALSE(IsValidIdempotencyKey(std::string(129, 'a')));
  EXPECT_FALSE(IsValidIdempotencyKey("a b"));
  EXPECT_FALSE(IsValidIdempotencyKey("a\tb"));
  EXPECT_FALSE(IsValidIdempotencyKey(std::string("a\0b", 3)));
  EXPECT_FALSE(IsValidIdempotencyKey("kunci\xC3\xA9"));
  EXPECT_FALSE(IsValidIdempotencyKey("a\x7F"));
}

TEST(IdempotencyKeyTest, FingerprintCoversMethodPathAndBody) {
  std::string base = RequestFingerprint("POST", "/api/customers", "{}");
  EXPECT_EQ(base.size(), 64u);
  EXPECT_EQ(base, RequestFingerprint("POST", "/api/customers", "{}"));
  EXPECT_NE(base, RequestFingerprint("POST", "/api/users", "{}"));
  EXPECT_NE(base, RequestFingerprint("PUT", "/api/customers", "{}"));
  EXPECT_NE(base, RequestFingerprint("POST", "/api/customers", "{ }"));
}

TEST(IdempotencyRecordTest, EncodesAndDecodes) {
  IdempotencyRecord record;
  record.pending = false;
  record.fingerprint = "f";
  record.owner = "o";
  record.status = 202;
  record.body = "{\"queued\":1}";
  record.content_type = "application/json";
  record.headers = {{"X", "y"}};
  auto decoded = IdempotencyRecord::Decode(record.Encode());
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->Encode(), record.Encode());
  EXPECT_FALSE(IdempotencyRecord::Decode("not json"));
  EXPECT_FALSE(IdempotencyRecord::Decode("{\"pending\":1}"));
}

}  // namespace
}  // namespace billing::gateway
