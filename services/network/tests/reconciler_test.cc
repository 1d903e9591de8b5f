// The Reconciler on in-memory fakes and a manual clock: what it applies, how it records failures
// and back-off, when it probes an idle router.
#include "reconciler.h"

#include <gtest/gtest.h>

#include "testing/fakes.h"

namespace billing::network {
namespace {

using std::chrono::milliseconds;
using testing::FakeRouterLinks;

class ReconcilerTest : public ::testing::Test, public testing::FakeNetwork {
 protected:
  ReconcilerTest() {
    options.batch_size = 10;
    options.retry_base = milliseconds(5000);
    options.retry_ceiling = milliseconds(600000);
    options.probe_interval = milliseconds(60000);
    router_id = routers.Add("Kantor");
  }

  void Subscribe(int64_t id) { mirror.Upsert(customers.Add(id), std::nullopt); }
  Reconciler Make() { return Reconciler(routers, links, {{"routeros", &driver}}, clock, options); }
  const FakeRouterLinks::Link& LinkOf(int64_t customer_id) {
    return links.links.at({router_id, customer_id});
  }

  ReconcilerOptions options;
  int64_t router_id = 0;
};

TEST_F(ReconcilerTest, AppliesEverySubscriberBehindAndRecordsTheContact) {
  Subscribe(1);
  Subscribe(2);
  Reconciler reconciler = Make();

  EXPECT_FALSE(reconciler.Pass());

  ASSERT_EQ(driver.applied.size(), 2u);
  EXPECT_EQ(driver.applied[0].second.customer_id, 1);
  EXPECT_EQ(LinkOf(1).applied_version, 1);
  EXPECT_EQ(LinkOf(2).attempts, 0);
  ASSERT_EQ(routers.contacts.size(), 1u);
  EXPECT_EQ(routers.contacts[0].reachable, std::optional<bool>(true));
  EXPECT_TRUE(routers.contacts[0].synced);
  ASSERT_EQ(routers.apply_events.size(), 1u);
  EXPECT_EQ(routers.apply_events[0].applied, 2);
  EXPECT_EQ(routers.apply_events[0].failed, 0);

  // Nothing behind: the router is left alone until its next probe.
  EXPECT_FALSE(reconciler.Pass());
  EXPECT_EQ(driver.opens, 1);
  EXPECT_EQ(routers.apply_events.size(), 1u);
}

TEST_F(ReconcilerTest, ProbesAnIdleRouterOncePerInterval) {
  Reconciler reconciler = Make();
  reconciler.Pass();
  EXPECT_EQ(driver.opens, 1);  // first sight of the router
  clock.Advance(options.probe_interval - milliseconds(1));
  reconciler.Pass();
  EXPECT_EQ(driver.opens, 1);
  clock.Advance(milliseconds(1));
  reconciler.Pass();
  EXPECT_EQ(driver.opens, 2);
  EXPECT_TRUE(routers.apply_events.empty());  // a probe applies nothing
}

TEST_F(ReconcilerTest, ChangedSubscriberIsAppliedAgainWithWhatWasThere) {
  Subscribe(1);
  Reconciler reconciler = Make();
  reconciler.Pass();
  SubscriberRecord changed = customers.customers.at(1);
  changed.subscriber.status = "isolated";
  mirror.Upsert(changed, StatusOrigin{"auto", "Telat"});

  reconciler.Pass();

  ASSERT_EQ(driver.applied.size(), 2u);
  EXPECT_EQ(driver.applied[1].second.status, "isolated");
  EXPECT_EQ(LinkOf(1).applied_version, 2);
  ASSERT_TRUE(LinkOf(1).applied.has_value());
  EXPECT_EQ(LinkOf(1).applied->status, "isolated");
}

TEST_F(ReconcilerTest, UnreachableRouterFailsItsWorkAndRetriesWithBackOff) {
  Subscribe(1);
  Subscribe(2);
  driver.down.insert(router_id);
  Reconciler reconciler = Make();

  reconciler.Pass();

  EXPECT_EQ(LinkOf(1).attempts, 1);
  EXPECT_EQ(LinkOf(1).last_error, "connection refused");
  EXPECT_EQ(LinkOf(2).next_attempt, clock.Now() + options.retry_base);
  ASSERT_EQ(routers.contacts.size(), 1u);
  EXPECT_EQ(routers.contacts[0].reachable, std::optional<bool>(false));
  EXPECT_FALSE(routers.contacts[0].synced);
  ASSERT_EQ(routers.apply_events.size(), 1u);
  EXPECT_EQ(routers.apply_events[0].failed, 2);

  // Not due before the back-off ends (and no probe due either).
  clock.Advance(options.retry_base - milliseconds(1));
  reconciler.Pass();
  EXPECT_EQ(driver.opens, 1);
  clock.Advance(milliseconds(1));
  reconciler.Pass();
  EXPECT_EQ(driver.opens, 2);
  EXPECT_EQ(LinkOf(1).attempts, 2);
  EXPECT_EQ(LinkOf(1).next_attempt, clock.Now() + 2 * options.retry_base);

  // Back: applied at the next due time, attempts cleared.
  driver.down.clear();
  clock.Advance(2 * options.retry_base);
  reconciler.Pass();
  EXPECT_EQ(LinkOf(1).attempts, 0);
  EXPECT_EQ(driver.applied.size(), 2u);
  EXPECT_EQ(routers.contacts.back().reachable, std::optional<bool>(true));
}

TEST_F(ReconcilerTest, ASubscriberTheRouterRefusesDoesNotStopThePass) {
  Subscribe(1);
  Subscribe(2);
  driver.refuse.insert(1);
  Reconciler reconciler = Make();

  reconciler.Pass();

  EXPECT_EQ(LinkOf(1).attempts, 1);
  EXPECT_EQ(LinkOf(2).applied_version, 1);
  EXPECT_EQ(routers.contacts.back().reachable, std::optional<bool>(true));
  EXPECT_EQ(routers.contacts.back().error, "");
  EXPECT_FALSE(routers.contacts.back().synced);  // not complete while one failed
  EXPECT_EQ(routers.apply_events.back().applied, 1);
  EXPECT_EQ(routers.apply_events.back().failed, 1);
}

TEST_F(ReconcilerTest, ABrokenConnectionFailsTheRestWithItsReason) {
  Subscribe(1);
  Subscribe(2);
  Subscribe(3);
  driver.drop_at = 2;
  Reconciler reconciler = Make();

  reconciler.Pass();

  EXPECT_EQ(LinkOf(1).applied_version, 1);
  EXPECT_EQ(LinkOf(2).last_error, "connection reset");
  EXPECT_EQ(LinkOf(3).last_error, "connection reset");
  EXPECT_EQ(driver.applied.size(), 1u);
  EXPECT_EQ(routers.contacts.back().reachable, std::optional<bool>(false));
  EXPECT_EQ(routers.contacts.back().error, "connection reset");
}

TEST_F(ReconcilerTest, AFullBatchAsksForAnotherPassAtOnce) {
  options.batch_size = 2;
  Subscribe(1);
  Subscribe(2);
  Subscribe(3);
  Reconciler reconciler = Make();
  EXPECT_TRUE(reconciler.Pass());
  EXPECT_FALSE(routers.contacts.back().synced);
  EXPECT_FALSE(reconciler.Pass());
  EXPECT_TRUE(routers.contacts.back().synced);
  EXPECT_EQ(driver.applied.size(), 3u);
}

TEST_F(ReconcilerTest, DisabledRoutersAndUnknownKindsAreSkipped) {
  routers.routers[0].data.enabled = false;
  int64_t radius = routers.Add("NAS", "radius");  // no driver for it here
  Subscribe(1);
  Reconciler reconciler = Make();
  EXPECT_FALSE(reconciler.Pass());
  EXPECT_EQ(driver.opens, 0);
  EXPECT_TRUE(routers.contacts.empty());
  EXPECT_EQ(links.links.count({radius, 1}), 0u);
}

}  // namespace
}  // namespace billing::network
