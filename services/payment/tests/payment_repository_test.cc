// The PostgreSQL PaymentStore on a throwaway PostgreSQL: attempts round-trip, merchant_ref is
// unique, and one event applied from 10 threads at once is one transition with one outbox row.
#include "payment_repository.h"

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "db/migrations.h"
#include "domain/manual_clock.h"
#include "errors/error.h"
#include "events/outbox.h"
#include "payments.h"
#include "support/postgres_instance.h"
#include "testing/fake_bill_gateway.h"
#include "testing/fake_provider.h"

namespace billing::db {
std::vector<Migration> PaymentMigrations();
}

namespace billing::payment {
namespace {

using S = PaymentStatus;

class PaymentRepositoryTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { postgres_ = new billing::testing::PostgresInstance(); }
  static void TearDownTestSuite() {
    delete postgres_;
    postgres_ = nullptr;
  }

  void SetUp() override {
    static int next = 0;
    database_ = "payment_" + std::to_string(++next);
    pool_ = std::make_unique<db::Pool>(postgres_->CreateDatabase(database_), "payment", 12);
    events::ApplyMigrations(*pool_);
    db::ApplyMigrations(*pool_, "payment", db::PaymentMigrations());
    store_ = std::make_unique<PaymentRepository>(*pool_);
  }

  std::string Sql(const std::string& sql) const { return postgres_->Psql(database_, sql); }

  NewAttempt Fresh(const std::string& ref) const {
    return {ref,
            "tripay",
            5,
            Scope::kAllUnpaid,
            {7, 9},
            350000,
            clock_.Now() + std::chrono::hours(24),
            clock_.Now()};
  }

  static billing::testing::PostgresInstance* postgres_;
  std::string database_;
  std::unique_ptr<db::Pool> pool_;
  std::unique_ptr<PaymentRepository> store_;
  domain::ManualClock clock_{domain::UtcTime(2026, 12, 1, 10) + std::chrono::microseconds(123)};
};

billing::testing::PostgresInstance* PaymentRepositoryTest::postgres_ = nullptr;

TEST_F(PaymentRepositoryTest, AttemptRoundTripsExactly) {
  auto inserted = store_->Insert(Fresh("PAY1"));
  EXPECT_GT(inserted.id, 0);
  EXPECT_EQ(inserted.status, S::kPending);
  EXPECT_EQ(inserted.bill_ids, (std::vector<int64_t>{7, 9}));
  EXPECT_EQ(inserted.created_at, clock_.Now());
  EXPECT_FALSE(inserted.paid_at);
  auto updated = store_->Update("PAY1", [&](Attempt& a) -> std::optional<AttemptEvent> {
    a.provider_reference = "T-1";
    a.pay_url = "https://pay.example/1";
    a.amount_charged = 354250;
    a.status = S::kPaid;
    a.amount_paid = 354250;
    a.paid_at = clock_.Now();
    a.needs_check = CheckReason::kAmountMismatch;
    return AttemptEvent{"payment_paid", "Pembayaran PAY1: paid"};
  });
  ASSERT_TRUE(updated);
  EXPECT_EQ(store_->Find("PAY1"), updated);
  EXPECT_EQ(store_->Find("PAY-NONE"), std::nullopt);
}

TEST_F(PaymentRepositoryTest, MerchantReferenceIsUnique) {
  store_->Insert(Fresh("PAY1"));
  try {
    store_->Insert(Fresh("PAY1"));
    FAIL() << "stored twice";
  } catch (const errors::Error& e) {
    EXPECT_EQ(e.code(), errors::Code::kAlreadyExists);
  }
}

TEST_F(PaymentRepositoryTest, UpdateOfAnUnknownReferenceIsNotFound) {
  try {
    store_->Update("PAY-NONE", [](Attempt&) { return AttemptEvent{"x", "y"}; });
    FAIL() << "no error";
  } catch (const errors::Error& e) {
    EXPECT_EQ(e.code(), errors::Code::kNotFound);
  }
}

TEST_F(PaymentRepositoryTest, UpdateWithoutAnEventWritesNothing) {
  store_->Insert(Fresh("PAY1"));
  auto written = store_->Update("PAY1", [](Attempt& a) -> std::optional<AttemptEvent> {
    a.status = S::kPaid;  // changed on the copy but not asked to be written
    return std::nullopt;
  });
  EXPECT_FALSE(written);
  EXPECT_EQ(store_->Find("PAY1")->status, S::kPending);
  EXPECT_EQ(Sql("SELECT count(*) FROM events.outbox"), "0");
}

TEST_F(PaymentRepositoryTest, OneEventFromTenThreadsIsOneTransitionAndOneOutboxRow) {
  auto attempt = store_->Insert(Fresh("PAY1"));
  std::atomic<int> transitions{0};
  std::vector<std::thread> threads;
  threads.reserve(10);
  for (int i = 0; i < 10; ++i) {
    threads.emplace_back([&] {
      auto written = store_->Update("PAY1", [&](Attempt& a) -> std::optional<AttemptEvent> {
        auto next = NextStatus(a.status, S::kPaid);
        if (!next) return std::nullopt;
        a.status = *next;
        a.amount_paid = 350000;
        return AttemptEvent{"payment_paid", "Pembayaran PAY1: paid"};
      });
      if (written) ++transitions;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(transitions, 1);
  EXPECT_EQ(store_->Find("PAY1")->status, S::kPaid);
  EXPECT_EQ(Sql("SELECT count(*) || '|' || min(action) || '|' || min(entity) || '|' ||"
                " min(entity_id) || '|' || min(actor_username) || '|' || min(service)"
                " FROM events.outbox"),
            "1|payment_paid|payment|" + std::to_string(attempt.id) + "|sistem|payment");
}

TEST_F(PaymentRepositoryTest, TenConcurrentPaidCallbacksMarkTheBillOnce) {
  testing::FakeBillGateway bills;
  BillView bill;
  bill.id = 7;
  bill.customer_id = 5;
  bill.amount = 150000;
  bill.description = "Internet 2026-12";
  bills.Add(bill);
  testing::FakeProvider tripay("tripay");
  PaymentSettings settings;
  settings.active_provider = "tripay";
  Payments payments(*store_, bills, {&tripay}, clock_, settings);
  auto link = payments.LinkForBill(7);

  std::vector<std::thread> threads;
  threads.reserve(10);
  for (int i = 0; i < 10; ++i) {
    threads.emplace_back([&] {
      payments.HandleCallback("tripay",
                              testing::FakeProvider::Callback(link.reference, S::kPaid, 150000));
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(bills.MarkCalls(), 1);
  EXPECT_TRUE(store_->Find(link.reference)->bill_marked_at);
  EXPECT_EQ(Sql("SELECT count(*) FROM events.outbox WHERE action = 'payment_paid'"), "1");
  EXPECT_EQ(Sql("SELECT count(*) FROM events.outbox WHERE action = 'payment_bill_marked'"), "1");
  EXPECT_EQ(Sql("SELECT count(*) FROM payment.callbacks WHERE verdict = 'accepted: paid'"), "10");

  // A late EXPIRED changes nothing.
  payments.HandleCallback("tripay",
                          testing::FakeProvider::Callback(link.reference, S::kExpired, 150000));
  EXPECT_EQ(store_->Find(link.reference)->status, S::kPaid);
}

TEST_F(PaymentRepositoryTest, StaffSeeABillsAttemptsAndThoseNeedingCheck) {
  store_->Insert(Fresh("PAY1"));  // bills 7 and 9
  auto single = Fresh("PAY2");
  single.bill_ids = {9};
  single.created_at += std::chrono::minutes(1);
  store_->Insert(single);
  auto refs = [](const std::vector<Attempt>& attempts) {
    std::string text;
    for (const auto& a : attempts) text += a.merchant_ref + " ";
    return text;
  };
  EXPECT_EQ(refs(store_->ForBill(9)), "PAY2 PAY1 ");
  EXPECT_EQ(refs(store_->ForBill(7)), "PAY1 ");
  EXPECT_EQ(refs(store_->ForBill(8)), "");
  EXPECT_EQ(refs(store_->NeedingCheck()), "");
  store_->Update("PAY2", [](Attempt& a) -> std::optional<AttemptEvent> {
    a.status = S::kPaid;
    a.needs_check = CheckReason::kPaidMeanwhile;
    return AttemptEvent{"payment_needs_check", "x"};
  });
  EXPECT_EQ(refs(store_->NeedingCheck()), "PAY2 ");
  EXPECT_EQ(store_->NeedingCheck()[0].needs_check, CheckReason::kPaidMeanwhile);
}

TEST_F(PaymentRepositoryTest, PendingOpenAndCheckedFollowTheAttempts) {
  store_->Insert(Fresh("PAY1"));
  auto other = Fresh("PAY2");
  other.customer_id = 6;
  store_->Insert(other);
  ASSERT_EQ(store_->Pending(5).size(), 1u);
  EXPECT_EQ(store_->Pending(5)[0].merchant_ref, "PAY1");
  EXPECT_EQ(store_->Open().size(), 2u);

  store_->MarkChecked("PAY1", clock_.Now());
  EXPECT_EQ(store_->Find("PAY1")->checked_at, clock_.Now());

  store_->Update("PAY1", [](Attempt& a) -> std::optional<AttemptEvent> {
    a.status = S::kExpired;
    return AttemptEvent{"payment_expired", "x"};
  });
  EXPECT_TRUE(store_->Pending(5).empty());
  EXPECT_EQ(store_->Open().size(), 1u);

  store_->RecordCallback({"tripay", std::string(64, 'a'), "PAY1", "accepted: paid", clock_.Now()});
  EXPECT_EQ(Sql("SELECT provider || '|' || merchant_ref || '|' || verdict FROM payment.callbacks"),
            "tripay|PAY1|accepted: paid");
}

TEST_F(PaymentRepositoryTest, PruningDropsOldRefusedCallbacksAndKeepsAcceptedOnes) {
  const TimePoint old = clock_.Now() - std::chrono::hours(24 * 40);
  store_->RecordCallback({"tripay", std::string(64, 'a'), "PAY1", "accepted: paid", old});
  store_->RecordCallback({"tripay", std::string(64, 'b'), "", "refused: bad signature", old});
  store_->RecordCallback({"nope", std::string(64, 'c'), "", "unknown provider", old});
  store_->RecordCallback(
      {"tripay", std::string(64, 'd'), "", "refused: bad signature", clock_.Now()});

  store_->PruneRefusedCallbacks(clock_.Now() - std::chrono::hours(24 * 30));

  EXPECT_EQ(Sql("SELECT string_agg(left(body_sha256, 1) || ':' || verdict, ',' ORDER BY id)"
                " FROM payment.callbacks"),
            "a:accepted: paid,d:refused: bad signature");
}

TEST_F(PaymentRepositoryTest, ListFiltersByBillCustomerAndWaitingForStaffAndPages) {
  store_->Insert(Fresh("PAY1"));  // customer 5, bills 7 and 9
  auto second = Fresh("PAY2");
  second.bill_ids = {9};
  second.created_at += std::chrono::minutes(1);
  store_->Insert(second);
  auto third = Fresh("PAY3");
  third.customer_id = 6;
  third.bill_ids = {11};
  third.created_at += std::chrono::minutes(2);
  store_->Insert(third);
  auto refs = [](const AttemptPage& page) {
    std::string text = std::to_string(page.total) + ":";
    for (const auto& a : page.items) text += " " + a.merchant_ref;
    return text;
  };
  EXPECT_EQ(refs(store_->List({}, 50, 0)), "3: PAY3 PAY2 PAY1");
  EXPECT_EQ(refs(store_->List({}, 2, 1)), "3: PAY2 PAY1");
  EXPECT_EQ(refs(store_->List({9, 0, false}, 50, 0)), "2: PAY2 PAY1");
  EXPECT_EQ(refs(store_->List({7, 0, false}, 50, 0)), "1: PAY1");
  EXPECT_EQ(refs(store_->List({0, 6, false}, 50, 0)), "1: PAY3");
  EXPECT_EQ(refs(store_->List({9, 6, false}, 50, 0)), "0:");
  EXPECT_EQ(refs(store_->List({0, 0, true}, 50, 0)), "0:");
  store_->Update("PAY2", [](Attempt& a) -> std::optional<AttemptEvent> {
    a.status = S::kPaid;
    a.needs_check = CheckReason::kAmountMismatch;
    return AttemptEvent{"payment_needs_check", "x"};
  });
  EXPECT_EQ(refs(store_->List({0, 0, true}, 50, 0)), "1: PAY2");
  EXPECT_EQ(refs(store_->List({0, 5, true}, 50, 0)), "1: PAY2");
  EXPECT_EQ(refs(store_->List({0, 6, true}, 50, 0)), "0:");
}

TEST_F(PaymentRepositoryTest, SettleRecordsWhoWhyAndWhenOnceWithTheAuditRow) {
  auto attempt = store_->Insert(Fresh("PAY1"));
  rpc::Caller staff;
  staff.user_id = 2;
  staff.username = "staff";
  staff.role = domain::Role::kStaff;
  const Settlement settlement{attempt.id, "Dana dikembalikan", clock_.Now()};
  auto code_of = [&](const Settlement& s) {
    try {
      store_->Settle(s, staff);
    } catch (const errors::Error& e) {
      return e.code();
    }
    return errors::Code::kInternal;
  };
  EXPECT_EQ(code_of(settlement), errors::Code::kFailedPrecondition);  // nothing to check
  EXPECT_EQ(code_of({attempt.id + 100, "x", clock_.Now()}), errors::Code::kNotFound);
  store_->Update("PAY1", [](Attempt& a) -> std::optional<AttemptEvent> {
    a.status = S::kPaid;
    a.needs_check = CheckReason::kPaidMeanwhile;
    return AttemptEvent{"payment_needs_check", "x"};
  });

  Attempt settled = store_->Settle(settlement, staff);
  EXPECT_EQ(settled.settled_by, "staff");
  EXPECT_EQ(settled.settled_note, "Dana dikembalikan");
  EXPECT_EQ(settled.settled_at, clock_.Now());
  EXPECT_EQ(settled.needs_check, CheckReason::kPaidMeanwhile);
  EXPECT_EQ(store_->Find("PAY1"), settled);
  EXPECT_TRUE(store_->List({0, 0, true}, 50, 0).items.empty());
  EXPECT_EQ(Sql("SELECT count(*) || '|' || min(actor_username) || '|' || min(entity_id)"
                " FROM events.outbox WHERE action = 'payment_settled'"),
            "1|staff|" + std::to_string(attempt.id));
  EXPECT_EQ(code_of(settlement), errors::Code::kFailedPrecondition);  // once
  EXPECT_EQ(Sql("SELECT count(*) FROM events.outbox WHERE action = 'payment_settled'"), "1");
}

}  // namespace
}  // namespace billing::payment
