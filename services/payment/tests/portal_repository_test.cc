// The PostgreSQL PortalStore on a throwaway PostgreSQL: links (one per customer, the first
// wins), codes replaced and edited under a lock, sessions, shared rate-limit windows counted
// exactly under concurrency, revocation with its audit row, and pruning.
#include "portal_repository.h"

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "db/migrations.h"
#include "domain/manual_clock.h"
#include "events/outbox.h"
#include "support/postgres_instance.h"

namespace billing::db {
std::vector<Migration> PaymentMigrations();
}

namespace billing::payment {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

class PortalRepositoryTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { postgres_ = new billing::testing::PostgresInstance(); }
  static void TearDownTestSuite() {
    delete postgres_;
    postgres_ = nullptr;
  }

  void SetUp() override {
    static int next = 0;
    database_ = "portal_" + std::to_string(++next);
    pool_ = std::make_unique<db::Pool>(postgres_->CreateDatabase(database_), "payment", 12);
    events::ApplyMigrations(*pool_);
    db::ApplyMigrations(*pool_, "payment", db::PaymentMigrations());
    store_ = std::make_unique<PortalRepository>(*pool_);
  }

  std::string Sql(const std::string& sql) const { return postgres_->Psql(database_, sql); }

  PortalCode Code(int64_t customer_id, const std::string& phone) const {
    PortalCode code;
    code.customer_id = customer_id;
    code.phone = phone;
    code.code_hash = "hash-" + phone;
    code.deliverable = true;
    code.created_at = now_;
    code.expires_at = now_ + minutes(5);
    return code;
  }

  static billing::testing::PostgresInstance* postgres_;
  std::string database_;
  std::unique_ptr<db::Pool> pool_;
  std::unique_ptr<PortalRepository> store_;
  PortalTime now_ = domain::UtcTime(2026, 12, 1, 10) + std::chrono::microseconds(123);
};

billing::testing::PostgresInstance* PortalRepositoryTest::postgres_ = nullptr;

TEST_F(PortalRepositoryTest, OneLinkPerCustomerTheFirstWins) {
  EXPECT_FALSE(store_->LinkOf(42));
  PortalLinkRecord first{42, "nonce-1", "hash-1", now_};
  EXPECT_EQ(store_->AddLink(first), first);
  PortalLinkRecord second{42, "nonce-2", "hash-2", now_ + minutes(1)};
  EXPECT_EQ(store_->AddLink(second), first);
  EXPECT_EQ(store_->LinkOf(42), first);
  EXPECT_EQ(store_->CustomerOfLink("hash-1"), 42);
  EXPECT_FALSE(store_->CustomerOfLink("hash-2"));
}

TEST_F(PortalRepositoryTest, RevokingEndsTheLinkAndTheSessionsWithAnAuditRow) {
  store_->AddLink({42, "nonce-1", "hash-1", now_});
  store_->AddSession({"s-42", 42, now_, now_ + minutes(30)});
  store_->AddSession({"s-43", 43, now_, now_ + minutes(30)});
  rpc::Caller staff;
  staff.user_id = 1;
  staff.username = "admin";
  staff.service = "gateway";
  store_->RevokeLink(42, staff);
  EXPECT_FALSE(store_->LinkOf(42));
  EXPECT_FALSE(store_->CustomerOfLink("hash-1"));
  EXPECT_FALSE(store_->Session("s-42"));
  EXPECT_TRUE(store_->Session("s-43"));
  EXPECT_EQ(Sql("SELECT action || '|' || entity || '|' || entity_id || '|' || actor_username"
                " FROM events.outbox"),
            "portal_link_revoked|customer|42|admin");
  store_->RevokeLink(42, staff);  // nothing left: no second row
  EXPECT_EQ(Sql("SELECT count(*) FROM events.outbox"), "1");
}

TEST_F(PortalRepositoryTest, ACodeIsReplacedAndEditedUnderALock) {
  store_->PutCode(Code(42, "6281"));
  auto edited = store_->EditCode(42, "6281", [](PortalCode& code) {
    code.tries = 4;
    code.voided = true;
    return true;
  });
  ASSERT_TRUE(edited);
  auto read = store_->EditCode(42, "6281", [](PortalCode&) { return false; });
  EXPECT_EQ(read, edited);
  EXPECT_EQ(read->tries, 4);
  EXPECT_EQ(read->expires_at, now_ + minutes(5));
  EXPECT_FALSE(read->used_at);

  auto fresh = Code(42, "6281");
  fresh.code_hash = "new";
  fresh.created_at = now_ + minutes(1);
  store_->PutCode(fresh);
  read = store_->EditCode(42, "6281", [](PortalCode&) { return false; });
  EXPECT_EQ(read, fresh);  // tries and void reset

  store_->EditCode(42, "6281", [&](PortalCode& code) {
    code.used_at = now_ + minutes(2);
    return true;
  });
  EXPECT_EQ(store_->EditCode(42, "6281", [](PortalCode&) { return false; })->used_at,
            now_ + minutes(2));
  EXPECT_FALSE(store_->EditCode(42, "6282", [](PortalCode&) { return true; }));
}

TEST_F(PortalRepositoryTest, TriesFromTenThreadsAreAllCounted) {
  store_->PutCode(Code(42, "6281"));
  std::vector<std::thread> threads;
  for (int i = 0; i < 10; ++i) {
    threads.emplace_back([&] {
      store_->EditCode(42, "6281", [](PortalCode& code) {
        ++code.tries;
        return true;
      });
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(store_->EditCode(42, "6281", [](PortalCode&) { return false; })->tries, 10);
}

TEST_F(PortalRepositoryTest, SessionsRoundTripAndEnd) {
  PortalSessionRecord session{"s-1", 42, now_, now_ + minutes(30)};
  store_->AddSession(session);
  EXPECT_EQ(store_->Session("s-1"), session);
  store_->DeleteSession("s-1");
  store_->DeleteSession("s-1");
  EXPECT_FALSE(store_->Session("s-1"));
}

TEST_F(PortalRepositoryTest, RateWindowsCountEveryHitFromManyThreads) {
  std::vector<std::thread> threads;
  for (int i = 0; i < 10; ++i) {
    threads.emplace_back([&] { store_->Hit("code_number:42", now_, minutes(15)); });
  }
  for (auto& t : threads) t.join();
  auto hit = store_->Hit("code_number:42", now_ + minutes(14), minutes(15));
  EXPECT_EQ(hit.hits, 11);
  EXPECT_EQ(hit.window_start, now_);
  EXPECT_EQ(store_->Hit("code_number:43", now_, minutes(15)).hits, 1);

  hit = store_->Hit("code_number:42", now_ + minutes(15), minutes(15));
  EXPECT_EQ(hit.hits, 1);
  EXPECT_EQ(hit.window_start, now_ + minutes(15));
}

TEST_F(PortalRepositoryTest, PruneDropsWhatExpired) {
  store_->AddSession({"old", 42, now_ - minutes(30), now_});
  store_->AddSession({"live", 42, now_, now_ + minutes(30)});
  auto old_code = Code(42, "6281");
  old_code.expires_at = now_ - std::chrono::hours(25);
  store_->PutCode(old_code);
  store_->PutCode(Code(42, "6282"));
  store_->Hit("old", now_ - minutes(20), minutes(15));
  store_->Hit("live", now_ - minutes(5), minutes(15));
  store_->Prune(now_, now_ - std::chrono::hours(24), now_ - minutes(15));
  EXPECT_FALSE(store_->Session("old"));
  EXPECT_TRUE(store_->Session("live"));
  EXPECT_EQ(Sql("SELECT string_agg(phone, ',') FROM payment.portal_codes"), "6282");
  EXPECT_EQ(Sql("SELECT string_agg(key, ',') FROM payment.portal_limits"), "live");
}

}  // namespace
}  // namespace billing::payment
