// NetworkControl on in-memory fakes: the isolir policy, reconnect after payment, staff actions
// and following the outbox.
#include "network_control.h"

#include <gtest/gtest.h>

#include "errors/error.h"
#include "events/outbox.h"
#include "i18n/messages.h"
#include "testing/fakes.h"

namespace billing::network {
namespace {

class NetworkControlTest : public ::testing::Test, public testing::FakeNetwork {
 protected:
  NetworkControlTest() { policy.record.data.grace_days = 3; }

  // The customer as the service knows them, mirrored already.
  void Mirrored(int64_t id, const std::string& status = "active",
                const std::optional<StatusOrigin>& origin = std::nullopt) {
    mirror.Upsert(customers.Add(id, status), origin);
  }
  std::string StatusOf(int64_t id) { return mirror.rows.at(id).record.subscriber.status; }

  NetworkControl control{mirror, policy, links, cursor, customers, ledger, notifier};
};

TEST_F(NetworkControlTest, CheckIsolatesActiveOverdueCustomersOnly) {
  Mirrored(1);                                                 // overdue, active: isolated
  Mirrored(2, "isolated", StatusOrigin{"manual", "Diputus"});  // overdue, already isolated
  Mirrored(3);                                                 // not overdue
  Mirrored(4);                                                 // overdue, exempted
  mirror.SetExemptUntil(4, "2026-11-30", 3);
  Mirrored(5);  // overdue, the customer service refuses
  customers.refuse_status.insert(5);
  ledger.overdue = {1, 2, 4, 5};

  CheckResult result = control.RunCheck();

  EXPECT_EQ(result.checked, 4);
  EXPECT_EQ(result.isolated, 1);
  ASSERT_EQ(customers.status_changes.size(), 1u);
  EXPECT_EQ(customers.status_changes[0].customer_id, 1);
  EXPECT_EQ(customers.status_changes[0].status, "isolated");
  EXPECT_EQ(ledger.last_grace_days, 3);
  const SubscriberRecord& isolated = mirror.rows.at(1).record;
  EXPECT_EQ(isolated.subscriber.status, "isolated");
  EXPECT_EQ(isolated.isolated_by, "auto");
  EXPECT_EQ(isolated.reason, events::FormatSummary(i18n::kReasonAutoIsolir, {{"hari", "3"}}));
  EXPECT_EQ(mirror.rows.at(2).record.isolated_by, "manual");
  ASSERT_EQ(policy.checks.size(), 1u);
  EXPECT_EQ(policy.checks[0], std::make_pair(int64_t{4}, int64_t{1}));
}

TEST_F(NetworkControlTest, CheckMirrorsAnOverdueCustomerNotMirroredYet) {
  customers.Add(9);
  ledger.overdue = {9};
  EXPECT_EQ(control.RunCheck().isolated, 1);
  EXPECT_EQ(StatusOf(9), "isolated");
}

TEST_F(NetworkControlTest, CheckStopsWithoutRecordWhenTheCustomerServiceIsAway) {
  Mirrored(1);
  ledger.overdue = {1};
  customers.unavailable = true;
  try {
    control.RunCheck();
    FAIL() << "no error";
  } catch (const errors::Error& e) {
    EXPECT_EQ(e.code(), errors::Code::kUnavailable);
  }
  EXPECT_TRUE(policy.checks.empty());
  EXPECT_EQ(StatusOf(1), "active");
}

TEST_F(NetworkControlTest, PaymentReconnectsOnlyAutomaticallyIsolatedCustomersWithoutArrears) {
  Mirrored(1, "isolated", StatusOrigin{"auto", "Telat"});
  Mirrored(2, "isolated", StatusOrigin{"manual", "Diputus staf"});
  Mirrored(3, "isolated", StatusOrigin{"auto", "Telat"});
  ledger.overdue = {3};  // still owes another bill

  control.OnPaid(1);
  control.OnPaid(2);
  control.OnPaid(3);

  ASSERT_EQ(customers.status_changes.size(), 1u);
  EXPECT_EQ(customers.status_changes[0].customer_id, 1);
  EXPECT_EQ(customers.status_changes[0].status, "active");
  EXPECT_EQ(customers.status_changes[0].reason, i18n::kReasonPaid);
  EXPECT_EQ(StatusOf(1), "active");
  EXPECT_EQ(mirror.rows.at(1).record.isolated_by, "");
  EXPECT_EQ(mirror.rows.at(1).record.reason, i18n::kReasonPaid);
  EXPECT_EQ(StatusOf(2), "isolated");
  EXPECT_EQ(StatusOf(3), "isolated");
}

TEST_F(NetworkControlTest, StaffIsolateIsManualAndShowsTheRouters) {
  Mirrored(1);
  routers.Add("Kantor");
  CustomerNetworkView view = control.Isolate(1, "Permintaan pelanggan", rpc::Caller{});
  EXPECT_EQ(view.status, "isolated");
  EXPECT_EQ(view.isolated_by, "manual");
  EXPECT_EQ(view.reason, "Permintaan pelanggan");
  ASSERT_EQ(view.links.size(), 1u);
  EXPECT_EQ(view.links[0].state, "pending");
}

TEST_F(NetworkControlTest, ReconnectInArrearsExemptsFromTheCheckForTheGraceDays) {
  Mirrored(1, "isolated", StatusOrigin{"auto", "Telat"});
  ledger.overdue = {1};
  CustomerNetworkView view = control.Reconnect(1, "Janji bayar", rpc::Caller{});
  EXPECT_EQ(view.status, "active");
  EXPECT_EQ(view.exempt_until, "2026-12-04");  // today + 3 grace days

  // The next check leaves them alone.
  EXPECT_EQ(control.RunCheck().isolated, 0);
  EXPECT_EQ(StatusOf(1), "active");
}

TEST_F(NetworkControlTest, ReconnectWithoutGraceDaysStillExemptsOneDay) {
  policy.record.data.grace_days = 0;
  Mirrored(1, "isolated", StatusOrigin{"manual", "x"});
  ledger.overdue = {1};
  EXPECT_EQ(control.Reconnect(1, "", rpc::Caller{}).exempt_until, "2026-12-02");
}

TEST_F(NetworkControlTest, ReconnectOfAnActiveCustomerSetsNoExemption) {
  Mirrored(1);
  ledger.overdue = {1};
  EXPECT_EQ(control.Reconnect(1, "", rpc::Caller{}).exempt_until, "");
}

TEST_F(NetworkControlTest, ViewOfANonInternetCustomerIsNotFound) {
  try {
    control.View(42);
    FAIL() << "no error";
  } catch (const errors::Error& e) {
    EXPECT_EQ(e.code(), errors::Code::kNotFound);
  }
}

TEST_F(NetworkControlTest, RefreshAllMirrorsLiveCustomersAndForgetsTheGone) {
  Mirrored(1);
  Mirrored(2);
  customers.customers.erase(2);  // left the customer service
  customers.Add(3);
  EXPECT_EQ(control.RefreshAll(), 2);
  EXPECT_FALSE(mirror.rows.at(1).record.subscriber.deleted);
  EXPECT_TRUE(mirror.rows.at(2).record.subscriber.deleted);
  EXPECT_FALSE(mirror.rows.at(3).record.subscriber.deleted);
}

TEST_F(NetworkControlTest, OutboxCustomerChangesAreSettledTogetherAndTheCursorMoves) {
  customers.Add(1);
  customers.Add(2);
  cursor.Add("customer", "create", "1");
  cursor.Add("customer", "update", "2");
  cursor.Add("customer", "show_password", "1");
  cursor.Add("audit", "login", "");

  EXPECT_EQ(control.FollowOutbox(100), 4);

  EXPECT_EQ(cursor.cursor, 4);
  EXPECT_EQ(mirror.refresh_many_calls, 1);
  EXPECT_EQ(mirror.rows.size(), 2u);
  EXPECT_TRUE(notifier.notices.empty());
}

TEST_F(NetworkControlTest, OutboxIsolateFollowsTheOriginAndQueuesTheNotice) {
  Mirrored(1);
  customers.customers.at(1).subscriber.status = "isolated";
  cursor.Add("customer", "update", "1");
  cursor.Add("customer", "isolate", "1", R"({"reason":"Telat bayar","origin":"auto"})");

  EXPECT_EQ(control.FollowOutbox(100), 2);

  const SubscriberRecord& record = mirror.rows.at(1).record;
  EXPECT_EQ(record.subscriber.status, "isolated");
  EXPECT_EQ(record.isolated_by, "auto");
  EXPECT_EQ(record.reason, "Telat bayar");
  ASSERT_EQ(notifier.notices.size(), 1u);
  EXPECT_EQ(notifier.notices[0].kind, "isolir");
  EXPECT_EQ(notifier.notices[0].key, "isolir:1:2");
  EXPECT_EQ(notifier.notices[0].reason, "Telat bayar");
}

TEST_F(NetworkControlTest, OutboxNoticeFollowsThePolicy) {
  policy.record.data.notify_whatsapp = false;
  Mirrored(1, "isolated", StatusOrigin{"manual", "x"});
  cursor.Add("customer", "reconnect", "1", R"({"reason":"Lunas"})");
  EXPECT_EQ(control.FollowOutbox(100), 1);
  EXPECT_TRUE(notifier.notices.empty());
}

TEST_F(NetworkControlTest, OutboxWaitsWhileTheCustomerServiceIsAway) {
  customers.Add(1);
  cursor.Add("customer", "create", "1");
  customers.unavailable = true;

  EXPECT_EQ(control.FollowOutbox(100), 0);
  EXPECT_EQ(cursor.cursor, 0);

  customers.unavailable = false;
  EXPECT_EQ(control.FollowOutbox(100), 1);
  EXPECT_EQ(cursor.cursor, 1);
  EXPECT_EQ(mirror.rows.count(1), 1u);
}

TEST_F(NetworkControlTest, OutboxSkipsACustomerThatCanNeverBeReadAndSettlesTheRest) {
  customers.Add(1);
  customers.Add(2);
  customers.broken.insert(2);
  cursor.Add("customer", "create", "1");
  cursor.Add("customer", "create", "2");

  EXPECT_EQ(control.FollowOutbox(100), 2);

  EXPECT_EQ(cursor.cursor, 2);
  EXPECT_EQ(mirror.rows.count(1), 1u);
  EXPECT_EQ(mirror.rows.count(2), 0u);
}

TEST_F(NetworkControlTest, OutboxPackageChangeRefreshesEveryoneAndRereadsThePackages) {
  customers.Add(1);
  customers.Add(2);  // changed by the package alone: no customer event
  cursor.Add("customer", "create", "1");
  cursor.Add("package", "update", "5");
  cursor.Add("customer", "update", "1");

  EXPECT_EQ(control.FollowOutbox(100), 3);

  EXPECT_EQ(mirror.rows.count(2), 1u);
  EXPECT_EQ(customers.package_reads, 2);  // once before the package change, once after
  EXPECT_EQ(cursor.cursor, 3);
}

TEST_F(NetworkControlTest, OutboxPaymentReconnectsTheCustomerOfTheTransaction) {
  Mirrored(1, "isolated", StatusOrigin{"auto", "Telat"});
  ledger.transactions[77] = 1;
  cursor.Add("transaction", "mark_lunas", "77");
  EXPECT_EQ(control.FollowOutbox(100), 1);
  EXPECT_EQ(StatusOf(1), "active");
}

TEST_F(NetworkControlTest, OutboxRestoreRefreshesAndVerifiesEveryRouter) {
  customers.Add(1);
  cursor.Add("system", "restore", "");
  EXPECT_EQ(control.FollowOutbox(100), 1);
  EXPECT_EQ(mirror.rows.count(1), 1u);
  EXPECT_EQ(links.verify_all_calls, 1);
}

}  // namespace
}  // namespace billing::network
