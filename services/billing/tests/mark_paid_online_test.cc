// MarkPaidOnline on a throwaway PostgreSQL: the payment service's payment is the counter's
// (method "online", the reference, by "sistem", one mark_lunas event), an exact amount only, an
// already paid bill comes back unchanged, and of concurrent calls for one bill exactly one marks.
#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "db/migrations.h"
#include "errors/error.h"
#include "events/outbox.h"
#include "i18n/messages.h"
#include "support/postgres_instance.h"
#include "transaction_repository.h"

namespace billing::db {
std::vector<Migration> BillingMigrations();
}

namespace billing::bills {
namespace {

rpc::Caller System() {
  rpc::Caller caller;
  caller.service = "payment";
  caller.username = i18n::kSystemActor;
  return caller;
}

rpc::Caller Staff() {
  rpc::Caller caller;
  caller.user_id = 2;
  caller.username = "staff";
  caller.role = domain::Role::kStaff;
  return caller;
}

Payment Online(int64_t amount, const std::string& reference) {
  Payment payment;
  payment.method = "online";
  payment.amount = amount;
  payment.reference = reference;
  return payment;
}

class MarkPaidOnlineTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { postgres_ = new testing::PostgresInstance(); }
  static void TearDownTestSuite() {
    delete postgres_;
    postgres_ = nullptr;
  }

  void SetUp() override {
    static int next = 0;
    database_ = "online_" + std::to_string(++next);
    pool_ = std::make_unique<db::Pool>(postgres_->CreateDatabase(database_), "billing", 12);
    events::ApplyMigrations(*pool_);
    db::ApplyMigrations(*pool_, "billing", db::BillingMigrations());
    transactions_ = std::make_unique<TransactionRepository>(*pool_);
  }

  int64_t Bill(int64_t amount) {
    NewTransaction t{7,           "Budi",     "6281234567890",         "internet",
                     "2026-11",   "Internet", nlohmann::json::array(), amount,
                     "2026-11-10"};
    return transactions_->Create(t, Staff(), "Asia/Jakarta").id;
  }

  std::string Sql(const std::string& sql) { return postgres_->Psql(database_, sql); }

  static testing::PostgresInstance* postgres_;
  std::string database_;
  std::unique_ptr<db::Pool> pool_;
  std::unique_ptr<TransactionRepository> transactions_;
};

testing::PostgresInstance* MarkPaidOnlineTest::postgres_ = nullptr;

TEST_F(MarkPaidOnlineTest, MarksPaidLikeTheCounterWithMethodOnlineAndTheReference) {
  int64_t id = Bill(150000);
  OnlinePaymentResult result =
      transactions_->MarkPaidOnline(id, Online(150000, "T123/INV-7"), System());
  EXPECT_TRUE(result.marked);
  EXPECT_EQ(result.transaction.status, "paid");
  EXPECT_EQ(result.transaction.payment_method, "online");
  EXPECT_EQ(result.transaction.payment_reference, "T123/INV-7");
  EXPECT_EQ(result.transaction.paid_by, i18n::kSystemActor);
  EXPECT_EQ(result.transaction.paid_amount, 150000);
  EXPECT_EQ(transactions_->Find(id)->payment_reference, "T123/INV-7");
  EXPECT_EQ(Sql("SELECT count(*) FROM events.outbox WHERE action = 'mark_lunas' AND entity_id = '" +
                std::to_string(id) + "' AND actor_username = 'sistem' AND service = 'billing'"),
            "1");
}

TEST_F(MarkPaidOnlineTest, AnotherAmountChangesNothing) {
  int64_t id = Bill(150000);
  try {
    transactions_->MarkPaidOnline(id, Online(149000, "T1"), System());
    ADD_FAILURE() << "a different amount was accepted";
  } catch (const errors::Error& e) {
    EXPECT_EQ(e.code(), errors::Code::kFailedPrecondition);
  }
  EXPECT_EQ(transactions_->Find(id)->status, "unpaid");
  EXPECT_EQ(Sql("SELECT count(*) FROM events.outbox WHERE action = 'mark_lunas'"), "0");
}

TEST_F(MarkPaidOnlineTest, AnAlreadyPaidBillComesBackUnchanged) {
  int64_t id = Bill(150000);
  Payment cash;
  cash.method = "cash";
  transactions_->MarkPaid(id, cash, Staff());
  OnlinePaymentResult result = transactions_->MarkPaidOnline(id, Online(150000, "T9"), System());
  EXPECT_FALSE(result.marked);
  EXPECT_EQ(result.transaction.payment_method, "cash");
  EXPECT_EQ(result.transaction.payment_reference, "");
  EXPECT_EQ(Sql("SELECT count(*) FROM events.outbox WHERE action = 'mark_lunas'"), "1");
}

TEST_F(MarkPaidOnlineTest, AnUnknownBillIsNotFound) {
  try {
    transactions_->MarkPaidOnline(999, Online(1000, "T1"), System());
    ADD_FAILURE() << "no error";
  } catch (const errors::Error& e) {
    EXPECT_EQ(e.code(), errors::Code::kNotFound);
  }
}

TEST_F(MarkPaidOnlineTest, OfConcurrentCallsForOneBillExactlyOneMarks) {
  for (int round = 0; round < 5; ++round) {
    int64_t id = transactions_
                     ->Create({7 + round, "Budi", "", "gas", "2026-11", "LPG",
                               nlohmann::json::array(), 22000, "2026-11-30"},
                              Staff(), "Asia/Jakarta")
                     .id;
    std::atomic<int> marked{0};
    std::atomic<int> already{0};
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i) {
      threads.emplace_back([&, i] {
        while (!go.load()) std::this_thread::yield();
        auto result =
            transactions_->MarkPaidOnline(id, Online(22000, "T" + std::to_string(i)), System());
        (result.marked ? marked : already)++;
        EXPECT_EQ(result.transaction.status, "paid");
      });
    }
    go = true;
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(marked.load(), 1);
    EXPECT_EQ(already.load(), 7);
    EXPECT_EQ(Sql("SELECT count(*) FROM events.outbox WHERE action = 'mark_lunas' AND "
                  "entity_id = '" +
                  std::to_string(id) + "'"),
              "1");
  }
}

}  // namespace
}  // namespace billing::bills
