// Payments on in-memory fakes: links created once and reused, the provider down, callbacks
// applied exactly once in any order, "perlu dicek" instead of a lost payment, reconciliation.
#include "payments.h"

#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "domain/manual_clock.h"
#include "errors/error.h"
#include "i18n/messages.h"
#include "testing/fake_bill_gateway.h"
#include "testing/fake_payment_store.h"
#include "testing/fake_provider.h"

namespace billing::payment {
namespace {

using S = PaymentStatus;
using std::chrono::minutes;
using testing::FakeBillGateway;
using testing::FakePaymentStore;
using testing::FakeProvider;

class PaymentsTest : public ::testing::Test {
 protected:
  PaymentsTest()
      : clock_(domain::UtcTime(2026, 12, 1, 10)),
        payments_(store_, bills_, {&tripay_, &xendit_}, clock_, Settings(),
                  [this] { return "PAY" + std::to_string(++next_ref_); }) {
    bills_.Add(Bill(7, 5, 150000));
    bills_.Add(Bill(9, 5, 200000));
    bills_.Add(Bill(11, 6, 100000));
  }

  static PaymentSettings Settings() {
    PaymentSettings settings;
    settings.active_provider = "tripay";
    settings.callback_url_base = "https://isp.example/pay/callback/";
    return settings;
  }

  static BillView Bill(int64_t id, int64_t customer, int64_t amount) {
    BillView bill;
    bill.id = id;
    bill.customer_id = customer;
    bill.customer_name = "Budi";
    bill.customer_phone = "6281234567890";
    bill.description = "Internet 2026-12";
    bill.amount = amount;
    return bill;
  }

  Attempt Callback(const std::string& ref, S status, int64_t amount) {
    return payments_.HandleCallback("tripay", FakeProvider::Callback(ref, status, amount));
  }

  domain::ManualClock clock_;
  FakePaymentStore store_;
  FakeBillGateway bills_;
  FakeProvider tripay_{"tripay"};
  FakeProvider xendit_{"xendit"};
  int next_ref_ = 0;
  Payments payments_;
};

TEST_F(PaymentsTest, LinkForABillIsCreatedWithTheProvider) {
  auto link = payments_.LinkForBill(7);
  EXPECT_EQ(link.url, "https://pay.example/PAY1");
  EXPECT_EQ(link.provider, "tripay");
  EXPECT_EQ(link.reference, "PAY1");
  EXPECT_EQ(link.amount, 150000);
  EXPECT_FALSE(link.reused);
  auto stored = store_.Find("PAY1");
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->status, S::kPending);
  EXPECT_EQ(stored->provider_reference, "T-PAY1");
  EXPECT_EQ(stored->bill_ids, std::vector<int64_t>{7});
}

TEST_F(PaymentsTest, ValidLinkIsReusedAndANewOneMadeNearExpiry) {
  auto first = payments_.LinkForBill(7);
  clock_.Advance(std::chrono::hours(1));
  auto again = payments_.LinkForBill(7);
  EXPECT_TRUE(again.reused);
  EXPECT_EQ(again.reference, first.reference);
  EXPECT_EQ(tripay_.CreateCalls(), 1);
  clock_.Advance(std::chrono::hours(23));  // within the reuse margin of its expiry
  auto fresh = payments_.LinkForBill(7);
  EXPECT_FALSE(fresh.reused);
  EXPECT_NE(fresh.reference, first.reference);
}

TEST_F(PaymentsTest, LinkForAllUnpaidBillsCoversEveryUnpaidBillOfTheCustomer) {
  auto link = payments_.LinkForUnpaid(5);
  EXPECT_EQ(link.amount, 350000);
  EXPECT_EQ(store_.Find(link.reference)->bill_ids, (std::vector<int64_t>{7, 9}));
  EXPECT_FALSE(payments_.LinkForBill(7).reused);  // one bill is a different link
}

TEST_F(PaymentsTest, LinkForAPaidOrUnknownBillIsRefused) {
  bills_.PayAtCounter(7);
  try {
    payments_.LinkForBill(7);
    FAIL() << "paid bill got a link";
  } catch (const errors::Error& e) {
    EXPECT_EQ(e.code(), errors::Code::kFailedPrecondition);
  }
  try {
    payments_.LinkForBill(404);
    FAIL() << "unknown bill got a link";
  } catch (const errors::Error& e) {
    EXPECT_EQ(e.code(), errors::Code::kNotFound);
  }
  EXPECT_EQ(store_.Size(), 0u);
}

TEST_F(PaymentsTest, FreeBillOrUnconfiguredProviderGetsNoLink) {
  bills_.Add(Bill(13, 8, 0));
  try {
    payments_.LinkForBill(13);
    FAIL() << "a link for nothing";
  } catch (const errors::Error& e) {
    EXPECT_EQ(e.code(), errors::Code::kFailedPrecondition);
  }
  auto settings = Settings();
  settings.active_provider = "midtrans";
  Payments payments(store_, bills_, {&tripay_}, clock_, settings);
  try {
    payments.LinkForBill(7);
    FAIL() << "a link from no provider";
  } catch (const errors::Error& e) {
    EXPECT_EQ(e.code(), errors::Code::kFailedPrecondition);
  }
  EXPECT_EQ(store_.Size(), 0u);
}

TEST_F(PaymentsTest, ProviderDownGivesAClearErrorAndNothingPaid) {
  tripay_.FailCreate(errors::Unavailable("connection refused"));
  try {
    payments_.LinkForBill(7);
    FAIL() << "no error";
  } catch (const errors::Error& e) {
    EXPECT_EQ(e.code(), errors::Code::kUnavailable);
    EXPECT_EQ(e.message(), i18n::kPaymentProviderDown);
  }
  EXPECT_EQ(store_.Find("PAY1")->status, S::kFailed);
  EXPECT_FALSE(bills_.Get(7).paid);
  EXPECT_EQ(bills_.MarkCalls(), 0);
  tripay_.FailCreate(std::nullopt);
  EXPECT_FALSE(payments_.LinkForBill(7).reused);  // the failed attempt is not handed out
}

TEST_F(PaymentsTest, ProviderRefusalIsAFailedPrecondition) {
  tripay_.FailCreate(errors::FailedPrecondition("Invalid merchant code"));
  try {
    payments_.LinkForBill(7);
    FAIL() << "no error";
  } catch (const errors::Error& e) {
    EXPECT_EQ(e.code(), errors::Code::kFailedPrecondition);
    EXPECT_NE(e.message().find("Invalid merchant code"), std::string::npos);
  }
}

TEST_F(PaymentsTest, PaidCallbackMarksTheBillLunasWithTheProviderReference) {
  auto link = payments_.LinkForBill(7);
  auto attempt = Callback(link.reference, S::kPaid, 150000);
  EXPECT_EQ(attempt.status, S::kPaid);
  EXPECT_TRUE(attempt.bill_marked_at);
  EXPECT_TRUE(bills_.Get(7).paid);
  EXPECT_EQ(bills_.Get(7).payment_reference, "T-" + link.reference);
  EXPECT_EQ(store_.Callbacks().back().verdict, "accepted: paid");
}

TEST_F(PaymentsTest, TenConcurrentCopiesOfOnePaidMarkTheBillOnce) {
  auto link = payments_.LinkForBill(7);
  std::vector<std::thread> threads;
  threads.reserve(10);
  for (int i = 0; i < 10; ++i) {
    threads.emplace_back([&] { Callback(link.reference, S::kPaid, 150000); });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(bills_.MarkCalls(), 1);
  EXPECT_TRUE(bills_.Get(7).paid);
  int paid_events = 0;
  for (const auto& e : store_.Events()) paid_events += e.action == "payment_paid" ? 1 : 0;
  EXPECT_EQ(paid_events, 1);
  EXPECT_EQ(store_.Callbacks().size(), 10u);  // every copy is in the audit
}

TEST_F(PaymentsTest, ExpiredAfterPaidLeavesItPaid) {
  auto link = payments_.LinkForBill(7);
  Callback(link.reference, S::kPaid, 150000);
  auto events = store_.Events().size();
  auto after = Callback(link.reference, S::kExpired, 150000);
  EXPECT_EQ(after.status, S::kPaid);
  EXPECT_TRUE(bills_.Get(7).paid);
  EXPECT_EQ(store_.Events().size(), events);
}

TEST_F(PaymentsTest, BillPaidAtTheCounterMeanwhileIsKeptAsNeedsCheck) {
  auto link = payments_.LinkForBill(7);
  bills_.PayAtCounter(7);
  auto attempt = Callback(link.reference, S::kPaid, 150000);
  EXPECT_EQ(attempt.status, S::kPaid);
  EXPECT_EQ(attempt.needs_check, CheckReason::kPaidMeanwhile);
  EXPECT_EQ(bills_.MarkCalls(), 0);
  EXPECT_EQ(store_.Events().back().action, "payment_needs_check");
  ASSERT_EQ(store_.NeedingCheck().size(), 1u);
  EXPECT_EQ(store_.ForBill(7).size(), 1u);
  EXPECT_NE(store_.Events().back().summary.find("perlu dicek"), std::string::npos);
}

TEST_F(PaymentsTest, CounterPaymentRacingTheMarkingIsCaughtAsNeedsCheck) {
  auto link = payments_.LinkForBill(7);
  // The bill is read unpaid, then paid at the counter just before MarkPaid.
  bills_.OnMark([&](int64_t id) { bills_.PayAtCounter(id); });
  auto attempt = Callback(link.reference, S::kPaid, 150000);
  EXPECT_EQ(attempt.needs_check, CheckReason::kPaidMeanwhile);
  EXPECT_FALSE(attempt.bill_marked_at);
}

TEST_F(PaymentsTest, WrongAmountIsKeptAsNeedsCheckAndTheBillStaysUnpaid) {
  auto link = payments_.LinkForBill(7);
  auto attempt = Callback(link.reference, S::kPaid, 1000);
  EXPECT_EQ(attempt.status, S::kPaid);
  EXPECT_EQ(attempt.amount_paid, 1000);
  EXPECT_EQ(attempt.needs_check, CheckReason::kAmountMismatch);
  EXPECT_FALSE(bills_.Get(7).paid);
}

TEST_F(PaymentsTest, CallbackBeforeTheCreateCallReturnedWorks) {
  tripay_.OnCreate([&](const CreatePaymentRequest& request) {
    Callback(request.merchant_ref, S::kPaid, request.amount);
  });
  auto link = payments_.LinkForBill(7);
  auto attempt = store_.Find(link.reference);
  EXPECT_EQ(attempt->status, S::kPaid);
  EXPECT_EQ(attempt->pay_url, link.url);
  EXPECT_TRUE(bills_.Get(7).paid);
  EXPECT_EQ(bills_.MarkCalls(), 1);
}

TEST_F(PaymentsTest, UnknownReferenceIsRefusedAndAudited) {
  try {
    Callback("PAY-NOPE", S::kPaid, 150000);
    FAIL() << "accepted";
  } catch (const errors::Error& e) {
    EXPECT_EQ(e.code(), errors::Code::kNotFound);
  }
  EXPECT_EQ(store_.Callbacks().back().verdict, "unknown reference");
  EXPECT_EQ(bills_.MarkCalls(), 0);
}

TEST_F(PaymentsTest, ReferenceOfAnotherProviderIsRefused) {
  auto link = payments_.LinkForBill(7);
  try {
    payments_.HandleCallback("xendit", FakeProvider::Callback(link.reference, S::kPaid, 150000));
    FAIL() << "accepted";
  } catch (const errors::Error& e) {
    EXPECT_EQ(e.code(), errors::Code::kNotFound);
  }
  EXPECT_FALSE(bills_.Get(7).paid);
}

TEST_F(PaymentsTest, ForgedCallbackIsRefusedBeforeAnythingChanges) {
  auto link = payments_.LinkForBill(7);
  try {
    payments_.HandleCallback("tripay",
                             FakeProvider::Callback(link.reference, S::kPaid, 150000, false));
    FAIL() << "accepted";
  } catch (const errors::Error& e) {
    EXPECT_EQ(e.code(), errors::Code::kUnauthenticated);
  }
  EXPECT_EQ(store_.Find(link.reference)->status, S::kPending);
  EXPECT_EQ(store_.Callbacks().back().verdict, "refused: bad signature");
  EXPECT_EQ(store_.Callbacks().back().body_sha256.size(), 64u);
}

TEST_F(PaymentsTest, BillingDownAtMarkingIsRetriedByReconciliation) {
  auto link = payments_.LinkForBill(7);
  // The PAID is stored (the money is recorded) even though billing is away at the marking.
  bills_.OnMark([](int64_t) { throw errors::Unavailable("billing down"); });
  auto attempt = Callback(link.reference, S::kPaid, 150000);
  EXPECT_EQ(attempt.status, S::kPaid);
  EXPECT_FALSE(attempt.bill_marked_at);
  EXPECT_FALSE(bills_.Get(7).paid);

  bills_.OnMark(nullptr);
  EXPECT_EQ(payments_.Reconcile().marked, 0);  // too soon: the callback may still be at it
  clock_.Advance(minutes(6));
  auto report = payments_.Reconcile();
  EXPECT_EQ(report.marked, 1);
  EXPECT_TRUE(bills_.Get(7).paid);
  EXPECT_TRUE(store_.Find(link.reference)->bill_marked_at);
}

TEST_F(PaymentsTest, PaidIsRecordedWhileBillingIsDownAndMarkedLater) {
  auto link = payments_.LinkForBill(7);
  bills_.SetDown(true);
  auto attempt = Callback(link.reference, S::kPaid, 150000);
  EXPECT_EQ(attempt.status, S::kPaid);
  EXPECT_FALSE(attempt.bill_marked_at);
  bills_.SetDown(false);
  clock_.Advance(minutes(6));
  EXPECT_EQ(payments_.Reconcile().marked, 1);
  EXPECT_TRUE(bills_.Get(7).paid);
  EXPECT_EQ(bills_.MarkCalls(), 1);
}

TEST_F(PaymentsTest, ReconciliationFindsAPaymentWhoseCallbackWasLost) {
  auto link = payments_.LinkForBill(7);
  tripay_.SetStatus(link.reference,
                    {link.reference, "T-" + link.reference, S::kPaid, 150000, std::nullopt});
  EXPECT_EQ(payments_.Reconcile().asked, 0);  // too young to ask
  clock_.Advance(minutes(6));
  auto report = payments_.Reconcile();
  EXPECT_EQ(report.asked, 1);
  EXPECT_EQ(report.changed, 1);
  EXPECT_TRUE(bills_.Get(7).paid);
  EXPECT_EQ(payments_.Reconcile().asked, 0);  // paid and marked: nothing left to ask
}

TEST_F(PaymentsTest, ReconciliationClosesExpiredLinksAfterAskingTheProvider) {
  auto link = payments_.LinkForBill(7);
  tripay_.SetStatus(link.reference,
                    {link.reference, "T-" + link.reference, S::kPending, 150000, std::nullopt});
  clock_.Advance(std::chrono::hours(25));
  auto report = payments_.Reconcile();
  EXPECT_EQ(report.asked, 1);
  EXPECT_EQ(report.expired, 1);
  EXPECT_EQ(store_.Find(link.reference)->status, S::kExpired);
  EXPECT_FALSE(bills_.Get(7).paid);
}

TEST_F(PaymentsTest, ReconciliationSurvivesAProviderThatIsDown) {
  auto link = payments_.LinkForBill(7);
  clock_.Advance(minutes(6));
  class DownStatus final : public PaymentProvider {
   public:
    std::string_view Name() const override { return "tripay"; }
    CreatedPayment Create(const CreatePaymentRequest&) override { return {}; }
    PaymentState Status(const std::string&, const std::string&) override {
      throw errors::Unavailable("down");
    }
    CallbackVerdict VerifyCallback(const CallbackRequest&) const override { return {}; }
  } down;
  Payments payments(store_, bills_, {&down}, clock_, Settings());
  auto report = payments.Reconcile();
  EXPECT_EQ(report.failures, 1);
  EXPECT_EQ(store_.Find(link.reference)->status, S::kPending);
}

}  // namespace
}  // namespace billing::payment
