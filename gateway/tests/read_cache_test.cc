// The read cache: answers kept within their ttl only, dropped by Clear and events, never
// overtaken by a fetch that a drop overtook, shared by concurrent callers, bounded in size, and
// errors never kept.
#include "middleware/read_cache.h"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "domain/manual_clock.h"

namespace billing::gateway {
namespace {

using std::chrono::milliseconds;

// Holds fetches until the test opens it.
class Gate {
 public:
  void Wait() {
    entered_ = true;
    std::unique_lock lock(mutex_);
    opened_.wait(lock, [this] { return open_; });
  }
  void WaitUntilEntered() const {
    while (!entered_) std::this_thread::yield();
  }
  void Open() {
    {
      std::lock_guard lock(mutex_);
      open_ = true;
    }
    opened_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable opened_;
  bool open_ = false;
  std::atomic<bool> entered_{false};
};

class ReadCacheTest : public ::testing::Test {
 protected:
  ReadCacheOptions Options() {
    ReadCacheOptions options;
    options.ttl = milliseconds(1000);
    return options;
  }
  // A fetch that answers `body` and counts its calls.
  std::function<Response()> Fetch(const std::string& body) {
    return [this, body] {
      ++fetches_;
      return Response::JsonText(body);
    };
  }

  domain::ManualClock clock_;
  std::atomic<int> fetches_{0};
};

TEST_F(ReadCacheTest, KeepsAnAnswerWithinItsTtl) {
  ReadCache cache(Options(), clock_);
  EXPECT_EQ(cache.Get("k", Fetch("one")).body, "one");
  EXPECT_EQ(cache.Get("k", Fetch("two")).body, "one");
  EXPECT_EQ(fetches_, 1);
  EXPECT_EQ(cache.Hits(), 1u);

  clock_.Advance(milliseconds(1000));
  EXPECT_EQ(cache.Get("k", Fetch("three")).body, "three");
  EXPECT_EQ(fetches_, 2);
}

TEST_F(ReadCacheTest, KeysAreSeparate) {
  ReadCache cache(Options(), clock_);
  cache.Get("a", Fetch("A"));
  EXPECT_EQ(cache.Get("b", Fetch("B")).body, "B");
  EXPECT_EQ(cache.Get("a", Fetch("x")).body, "A");
  EXPECT_EQ(cache.Size(), 2u);
}

TEST_F(ReadCacheTest, ClearAndEventsDropEverything) {
  ReadCache cache(Options(), clock_);
  cache.Get("a", Fetch("A"));
  cache.Get("b", Fetch("B"));
  cache.Clear();
  EXPECT_EQ(cache.Size(), 0u);
  EXPECT_EQ(cache.Bytes(), 0u);
  EXPECT_EQ(cache.Get("a", Fetch("A2")).body, "A2");

  cache.OnEvent(events::EventMessage{7, "customer", "create", "", "", ""});
  EXPECT_EQ(cache.Get("a", Fetch("A3")).body, "A3");
  cache.OnEvent(events::EventMessage{8, "system", "restore", "", "", ""});
  EXPECT_EQ(cache.Get("a", Fetch("A4")).body, "A4");
}

// No cached route shows users: logins (each one an event) leave the cache alone.
TEST_F(ReadCacheTest, UserEventsLeaveItAlone) {
  ReadCache cache(Options(), clock_);
  cache.Get("a", Fetch("A"));
  cache.OnEvent(events::EventMessage{9, "user", "login", "3", "kasir", ""});
  cache.OnEvent(events::EventMessage{10, "user", "update", "3", "admin", ""});
  EXPECT_EQ(cache.Get("a", Fetch("A2")).body, "A");
}

TEST_F(ReadCacheTest, AFetchOvertakenByAClearIsNotKept) {
  ReadCache cache(Options(), clock_);
  // The write commits while the read is under way: what the read saw may predate it.
  Response answer = cache.Get("k", [&] {
    cache.Clear();
    return Response::JsonText("before the write");
  });
  EXPECT_EQ(answer.body, "before the write");  // the caller itself gets what it fetched
  EXPECT_EQ(cache.Size(), 0u);
  EXPECT_EQ(cache.Get("k", Fetch("after")).body, "after");
}

TEST_F(ReadCacheTest, ErrorsAndOtherAnswersAreNotKept) {
  ReadCache cache(Options(), clock_);
  EXPECT_THROW(cache.Get("k", []() -> Response { throw std::runtime_error("backend down"); }),
               std::runtime_error);
  EXPECT_EQ(cache.Get("k", Fetch("fine")).body, "fine");

  Response created = Response::JsonText("{}", 201);
  cache.Get("created", [&] { return created; });
  Response secret = Response::JsonText("{}");
  secret.headers["Cache-Control"] = "no-store";
  cache.Get("secret", [&] { return secret; });
  EXPECT_EQ(cache.Size(), 1u);
}

TEST_F(ReadCacheTest, StaysWithinItsBounds) {
  ReadCacheOptions options = Options();
  options.max_bytes = 100;
  options.max_entry_bytes = 40;
  ReadCache cache(options, clock_);
  cache.Get("big", Fetch(std::string(41, 'x')));
  EXPECT_EQ(cache.Size(), 0u);
  for (int i = 0; i < 10; ++i) cache.Get("k" + std::to_string(i), Fetch(std::string(30, 'y')));
  EXPECT_LE(cache.Bytes(), 100u);
  EXPECT_GE(cache.Size(), 1u);
  // The newest stays, the oldest went first.
  int before = fetches_;
  cache.Get("k9", Fetch("z"));
  EXPECT_EQ(fetches_, before);
  cache.Get("k0", Fetch("z"));
  EXPECT_EQ(fetches_, before + 1);
}

TEST_F(ReadCacheTest, DisabledKeepsNothing) {
  ReadCacheOptions options = Options();
  options.ttl = milliseconds(0);
  ReadCache cache(options, clock_);
  EXPECT_FALSE(cache.Enabled());
  cache.Get("k", Fetch("one"));
  EXPECT_EQ(cache.Get("k", Fetch("two")).body, "two");
}

// Callers that arrive while a fetch of their key is under way wait for it instead of asking
// the backend themselves.
TEST_F(ReadCacheTest, ConcurrentCallersShareOneFetch) {
  ReadCache cache(Options(), clock_);
  Gate gate;
  auto slow = [&] {
    ++fetches_;
    gate.Wait();
    return Response::JsonText("shared");
  };
  std::vector<std::thread> callers;
  std::vector<std::string> bodies(8);
  callers.emplace_back([&] { bodies[0] = cache.Get("k", slow).body; });
  gate.WaitUntilEntered();
  for (int i = 1; i < 8; ++i) {
    callers.emplace_back([&, i] { bodies[i] = cache.Get("k", slow).body; });
  }
  // Every caller has registered its miss before the fetch is released.
  while (cache.Misses() < 8) std::this_thread::yield();
  gate.Open();
  for (auto& caller : callers) caller.join();
  EXPECT_EQ(fetches_, 1);
  for (const auto& body : bodies) EXPECT_EQ(body, "shared");
}

// A caller arriving after a drop does not join a fetch begun before it.
TEST_F(ReadCacheTest, ACallerAfterAClearDoesNotJoinAnOlderFetch) {
  ReadCache cache(Options(), clock_);
  Gate gate;
  std::thread first([&] {
    cache.Get("k", [&] {
      gate.Wait();
      return Response::JsonText("old");
    });
  });
  gate.WaitUntilEntered();
  cache.Clear();
  EXPECT_EQ(cache.Get("k", Fetch("new")).body, "new");
  gate.Open();
  first.join();
  EXPECT_EQ(cache.Get("k", Fetch("newer")).body, "new");
}

// When the shared fetch fails, the callers that waited for it ask for themselves.
TEST_F(ReadCacheTest, WaitersFetchThemselvesWhenTheSharedFetchFails) {
  ReadCache cache(Options(), clock_);
  Gate gate;
  std::thread first([&] {
    EXPECT_THROW(cache.Get("k",
                           [&]() -> Response {
                             gate.Wait();
                             throw std::runtime_error("backend down");
                           }),
                 std::runtime_error);
  });
  gate.WaitUntilEntered();
  std::string second_body;
  std::thread second([&] { second_body = cache.Get("k", Fetch("own")).body; });
  while (cache.Misses() < 2) std::this_thread::yield();
  gate.Open();
  first.join();
  second.join();
  EXPECT_EQ(second_body, "own");
}

}  // namespace
}  // namespace billing::gateway
