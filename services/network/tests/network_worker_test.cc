// One round of the network worker (Step) on in-memory fakes and a manual clock: when the mirror
// is refreshed, the outbox followed, the isolir check run, and how long it waits.
#include "network_worker.h"

#include <thread>

#include <gtest/gtest.h>

#include "testing/fakes.h"

namespace billing::network {
namespace {

using std::chrono::milliseconds;
// Waits (up to 10 s) until `done` holds; the loop runs on its own thread.
bool WaitFor(const std::function<bool()>& done) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(milliseconds(1));
  }
  return true;
}

class NetworkWorkerTest : public ::testing::Test, public testing::FakeNetwork {
 protected:
  NetworkWorkerTest() {
    options.poll_interval = milliseconds(1000);
    options.refresh_interval = std::chrono::seconds(600);
    routers.Add("Kantor");
  }

  NetworkControl control{mirror, policy, links, cursor, customers, ledger, notifier};
  ReconcilerOptions reconcile;
  Reconciler reconciler{routers, links, {{"routeros", &driver}}, clock, reconcile};
  testing::FakeLeadership lock;
  WorkerOptions options;
};

TEST_F(NetworkWorkerTest, RefreshesTheMirrorFirstAndThenOncePerInterval) {
  NetworkWorker worker(control, policy, reconciler, lock, clock, options);
  customers.Add(1);
  worker.Step();
  EXPECT_EQ(mirror.rows.count(1), 1u);

  customers.Add(2);  // no event: only the periodic refresh finds them
  clock.Advance(options.refresh_interval - milliseconds(1));
  worker.Step();
  EXPECT_EQ(mirror.rows.count(2), 0u);
  clock.Advance(milliseconds(1));
  worker.Step();
  EXPECT_EQ(mirror.rows.count(2), 1u);
}

TEST_F(NetworkWorkerTest, FollowsTheOutboxToItsEndInOneRound) {
  NetworkWorker worker(control, policy, reconciler, lock, clock, options);
  for (int i = 0; i < 2500; ++i) cursor.Add("audit", "login", "");
  worker.Step();
  EXPECT_EQ(cursor.cursor, 2500);
}

TEST_F(NetworkWorkerTest, RunsTheIsolirCheckOnlyWhenClaimed) {
  NetworkWorker worker(control, policy, reconciler, lock, clock, options);
  policy.record.data.auto_isolir = true;
  customers.Add(1);
  ledger.overdue = {1};

  worker.Step();  // not due
  EXPECT_TRUE(policy.checks.empty());

  policy.check_due = true;
  worker.Step();
  ASSERT_EQ(policy.checks.size(), 1u);
  EXPECT_EQ(mirror.rows.at(1).record.subscriber.status, "isolated");
  EXPECT_EQ(policy.claims, 2);
}

TEST_F(NetworkWorkerTest, WaitsThePollIntervalUnlessTheRoutersHaveMoreWork) {
  reconcile.batch_size = 1;
  Reconciler small(routers, links, {{"routeros", &driver}}, clock, reconcile);
  NetworkWorker worker(control, policy, small, lock, clock, options);
  customers.Add(1);
  customers.Add(2);

  EXPECT_EQ(worker.Step(), milliseconds(0));  // a full batch: look again at once
  EXPECT_EQ(worker.Step(), milliseconds(0));  // full again (the pass cannot know it was the last)
  EXPECT_EQ(worker.Step(), options.poll_interval);
  EXPECT_EQ(driver.applied.size(), 2u);
}

TEST_F(NetworkWorkerTest, AStandbyReplicaRunsNoRoundUntilItLeads) {
  options.standby_retry = milliseconds(1);
  options.poll_interval = milliseconds(1);
  customers.Add(1);
  lock.granted = false;
  {
    NetworkWorker worker(control, policy, reconciler, lock, clock, options);
    worker.Start();
    ASSERT_TRUE(WaitFor([&] { return lock.attempts >= 3; }));
    worker.Stop();
  }
  EXPECT_TRUE(mirror.rows.empty());
  EXPECT_EQ(policy.claims, 0);

  lock.granted = true;
  lock.attempts = 0;
  NetworkWorker worker(control, policy, reconciler, lock, clock, options);
  worker.Start();
  // A second attempt comes only after the first round ended.
  ASSERT_TRUE(WaitFor([&] { return lock.attempts >= 2; }));
  worker.Stop();
  EXPECT_EQ(mirror.rows.count(1), 1u);
  EXPECT_GE(lock.releases, 2);  // every Stop gives the leadership back
}

TEST_F(NetworkWorkerTest, AFailedRoundIsRetriedAfterTheErrorBackOff) {
  options.error_backoff = milliseconds(1);
  customers.Add(1);
  customers.unavailable = true;  // RefreshAll fails
  NetworkWorker worker(control, policy, reconciler, lock, clock, options);
  worker.Start();
  ASSERT_TRUE(WaitFor([&] { return lock.attempts >= 3; }));
  worker.Stop();
  EXPECT_TRUE(mirror.rows.empty());
}

}  // namespace
}  // namespace billing::network
