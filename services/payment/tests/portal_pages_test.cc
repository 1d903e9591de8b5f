// PortalPages on in-memory fakes and a hand-set clock: a session reaches its own customer's data
// only (another customer's bill or reference answers as an unknown one), the page's order and
// 12-month cut, the isolation reason, pay links through Payments and their status.
#include "portal_pages.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "domain/manual_clock.h"
#include "portal_test_support.h"
#include "testing/fake_bill_gateway.h"
#include "testing/fake_payment_store.h"
#include "testing/fake_portal_clients.h"
#include "testing/fake_portal_store.h"
#include "testing/fake_provider.h"

namespace billing::payment {
namespace {

using errors::Code;
using std::chrono::minutes;
using testing::ErrorOf;

class PortalPagesTest : public ::testing::Test {
 protected:
  PortalPagesTest()
      : access_(store_, customers_, billing_, sender_, clock_, AccessOptions()),
        payments_(attempts_, bill_gateway_, {&tripay_}, clock_, PaySettings(),
                  [this] { return "PAY" + std::to_string(++next_ref_); }),
        pay_links_(payments_),
        pages_(access_, customers_, billing_, pay_links_, attempts_, clock_) {
    customers_.Add(testing::Budi());
    customers_.Add(testing::Siti());
    // Budi (42): two unpaid, three paid (one older than a year); Siti (43): one unpaid.
    AddBill(981, 42, "2026-11", "2026-11-10", 150000);
    AddBill(975, 42, "2026-10", "2026-10-10", 150000);
    AddBill(917, 42, "2026-09", "2026-09-10", 150000, "2026-09-08T03:12:00Z");
    AddBill(850, 42, "2026-01", "2026-01-10", 150000, "2026-01-09T03:12:00Z");
    AddBill(700, 42, "2025-11", "2025-11-10", 150000, "2025-11-09T03:12:00Z");
    AddBill(990, 43, "2026-11", "2026-11-10", 120000);
    budi_ = SessionOf(42);
    siti_ = SessionOf(43);
  }

  static PortalAccessOptions AccessOptions() {
    PortalAccessOptions options;
    options.link_key = std::string(32, 'k');
    return options;
  }

  static PaymentSettings PaySettings() {
    PaymentSettings settings;
    settings.active_provider = "tripay";
    settings.callback_url_base = "https://tagihan.example.net/pay/callback/";
    return settings;
  }

  void AddBill(int64_t id, int64_t customer_id, const std::string& period, const std::string& due,
               int64_t amount, const std::string& paid_at = "") {
    bills::v1::Transaction bill;
    bill.set_id(id);
    bill.set_customer_id(customer_id);
    bill.set_type("internet");
    bill.set_period(period);
    bill.set_invoice_no("INV/" + period.substr(0, 4) + "/" + period.substr(5, 2) + "/" +
                        std::to_string(id));
    bill.set_description("Internet 20 Mbps " + period);
    bill.set_amount(amount);
    bill.set_due_date(due);
    bill.set_status(paid_at.empty() ? "unpaid" : "paid");
    bill.set_paid_at(paid_at);
    if (!paid_at.empty()) {
      bill.set_payment_method("online");
      bill.set_payment_reference("T123");
    }
    billing_.Add(bill);
    BillView view;
    view.id = id;
    view.customer_id = customer_id;
    view.customer_name = "Budi";
    view.description = bill.description();
    view.amount = amount;
    view.paid = !paid_at.empty();
    bill_gateway_.Add(view);
  }

  std::string SessionOf(int64_t customer_id) {
    std::string url = access_.LinkUrl(customer_id, 0);
    return access_.OpenLink(url.substr(url.rfind('/') + 1), "10.0.0.1").token;
  }

  static std::vector<int64_t> Ids(const google::protobuf::RepeatedPtrField<v1::PortalBill>& bills) {
    std::vector<int64_t> ids;
    for (const auto& bill : bills) ids.push_back(bill.id());
    return ids;
  }

  domain::ManualClock clock_{domain::UtcTime(2026, 12, 1, 10)};
  testing::FakePortalStore store_;
  testing::FakePortalCustomers customers_;
  testing::FakePortalBilling billing_;
  testing::FakePortalCodeSender sender_;
  PortalAccess access_;
  testing::FakePaymentStore attempts_;
  testing::FakeBillGateway bill_gateway_;
  testing::FakeProvider tripay_{"tripay"};
  int next_ref_ = 0;
  Payments payments_;
  PaymentsPayLinks pay_links_;
  PortalPages pages_;
  std::string budi_;
  std::string siti_;
};

TEST_F(PortalPagesTest, MeShowsUnpaidOldestDueFirstAndAYearOfPaidNewestFirst) {
  auto page = pages_.Me(budi_);
  EXPECT_EQ(page.customer().number(), "PLG-0042");
  EXPECT_EQ(page.customer().name(), "Budi Santoso");
  EXPECT_EQ(page.customer().type(), "internet");
  EXPECT_EQ(page.customer().status(), "active");
  EXPECT_EQ(page.customer().isolation_reason(), "");
  EXPECT_EQ(Ids(page.unpaid()), (std::vector<int64_t>{975, 981}));
  EXPECT_EQ(Ids(page.paid()), (std::vector<int64_t>{917, 850}));  // 700 is older than a year
  EXPECT_EQ(page.unpaid(0).due_date(), "2026-10-10");
  EXPECT_EQ(page.unpaid(0).amount(), 150000);
  EXPECT_EQ(page.paid(0).paid_at(), "2026-09-08T03:12:00Z");
  EXPECT_EQ(page.paid(0).method(), "online");
  ASSERT_EQ(page.bank_accounts_size(), 1);
  EXPECT_EQ(page.bank_accounts(0).bank(), "BRI");
  EXPECT_EQ(page.shop().name(), "Warung Net");
  EXPECT_EQ(page.shop().phone(), "0812 0000 1111");
  EXPECT_TRUE(page.online_payment());
  EXPECT_EQ(page.time_zone(), "Asia/Jakarta");
}

TEST_F(PortalPagesTest, AnIsolatedCustomerWithAnOverdueBillIsIsolatedForUnpaid) {
  customers_.SetStatus(42, "isolated");
  EXPECT_EQ(pages_.Me(budi_).customer().isolation_reason(), "unpaid");
  EXPECT_EQ(pages_.Bill(budi_, 917).customer().isolation_reason(), "unpaid");

  // Siti's only bill is due in the future (time zone Asia/Jakarta).
  customers_.SetStatus(43, "isolated");
  clock_.Set(domain::UtcTime(2026, 11, 9, 16));  // 23:00 WIB on 9 November
  EXPECT_EQ(pages_.Me(siti_).customer().isolation_reason(), "other");
  clock_.Set(domain::UtcTime(2026, 11, 10, 17));  // 00:00 WIB on 11 November
  siti_ = SessionOf(43);
  EXPECT_EQ(pages_.Me(siti_).customer().isolation_reason(), "unpaid");
}

TEST_F(PortalPagesTest, OnlinePaymentIsOffWithoutAProvider) {
  billing_.MutableSettings().mutable_payment()->set_provider("none");
  EXPECT_FALSE(pages_.Me(budi_).online_payment());
  auto error = ErrorOf([&] { pages_.PayBill(budi_, 981); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code(), Code::kUnavailable);
  EXPECT_EQ(tripay_.CreateCalls(), 0);
}

TEST_F(PortalPagesTest, OneOwnBillForPrinting) {
  auto reply = pages_.Bill(budi_, 917);
  EXPECT_EQ(reply.bill().id(), 917);
  EXPECT_EQ(reply.bill().number(), "INV/2026/09/917");  // billing's number, as it is
  EXPECT_EQ(reply.bill().status(), "paid");
  EXPECT_EQ(reply.bill().reference(), "T123");
  EXPECT_EQ(reply.customer().number(), "PLG-0042");
  EXPECT_EQ(reply.customer().address(), "Jl. Mawar 1");
  EXPECT_EQ(reply.shop().address(), "Jl. Melati 2");
  auto unpaid = pages_.Bill(budi_, 981).bill();
  EXPECT_EQ(unpaid.status(), "unpaid");
  EXPECT_EQ(unpaid.paid_at(), "");
}

TEST_F(PortalPagesTest, AnotherCustomersBillAnswersAsAnUnknownOne) {
  auto unknown = ErrorOf([&] { pages_.Bill(budi_, 99999); });
  auto others = ErrorOf([&] { pages_.Bill(budi_, 990); });
  auto pay_others = ErrorOf([&] { pages_.PayBill(budi_, 990); });
  auto pay_unknown = ErrorOf([&] { pages_.PayBill(budi_, 99999); });
  ASSERT_TRUE(unknown && others && pay_others && pay_unknown);
  EXPECT_EQ(unknown->code(), Code::kNotFound);
  for (const auto* error : {&*others, &*pay_others, &*pay_unknown}) {
    EXPECT_EQ(error->code(), unknown->code());
    EXPECT_EQ(error->message(), unknown->message());
  }
  EXPECT_EQ(tripay_.CreateCalls(), 0);
}

TEST_F(PortalPagesTest, PayingABillGoesThroughPaymentsAndIsReused) {
  auto link = pages_.PayBill(budi_, 981);
  EXPECT_EQ(link.reference, "PAY1");
  EXPECT_EQ(link.provider, "tripay");
  EXPECT_EQ(link.amount, 150000);
  EXPECT_EQ(link.url, "https://pay.example/PAY1");
  EXPECT_FALSE(link.reused);
  EXPECT_TRUE(pages_.PayBill(budi_, 981).reused);
  auto paid = ErrorOf([&] { pages_.PayBill(budi_, 917); });
  ASSERT_TRUE(paid);
  EXPECT_EQ(paid->code(), Code::kFailedPrecondition);
}

TEST_F(PortalPagesTest, PayingEverythingUnpaid) {
  auto link = pages_.PayAll(budi_);
  EXPECT_EQ(link.amount, 300000);
  EXPECT_EQ(attempts_.Find(link.reference)->bill_ids, (std::vector<int64_t>{975, 981}));
  bill_gateway_.PayAtCounter(990);
  auto nothing = ErrorOf([&] { pages_.PayAll(siti_); });
  ASSERT_TRUE(nothing);
  EXPECT_EQ(nothing->code(), Code::kFailedPrecondition);
}

TEST_F(PortalPagesTest, TenPayRequestsPerSession) {
  for (int i = 0; i < 10; ++i) pages_.PayBill(budi_, 981);
  auto error = ErrorOf([&] { pages_.PayAll(budi_); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code(), Code::kResourceExhausted);
  EXPECT_GT(error->retry_after_seconds(), 0);
  pages_.PayBill(SessionOf(42), 981);  // a new session counts anew
}

TEST_F(PortalPagesTest, PaymentStatusOfOwnPaymentsOnly) {
  auto link = pages_.PayBill(budi_, 981);
  auto status = pages_.PaymentStatus(budi_, link.reference);
  EXPECT_EQ(status.reference(), link.reference);
  EXPECT_EQ(status.status(), "pending");
  EXPECT_EQ(status.amount(), 150000);
  payments_.HandleCallback(
      "tripay", testing::FakeProvider::Callback(link.reference, PaymentStatus::kPaid, 150000));
  EXPECT_EQ(pages_.PaymentStatus(budi_, link.reference).status(), "paid");

  auto others = ErrorOf([&] { pages_.PaymentStatus(siti_, link.reference); });
  auto unknown = ErrorOf([&] { pages_.PaymentStatus(siti_, "PAY-NONE"); });
  ASSERT_TRUE(others && unknown);
  EXPECT_EQ(others->code(), Code::kNotFound);
  EXPECT_EQ(others->message(), unknown->message());
  EXPECT_EQ(unknown->code(), Code::kNotFound);
}

TEST_F(PortalPagesTest, AnEndedSessionReachesNothing) {
  clock_.Advance(minutes(30));
  for (auto call : std::vector<std::function<void()>>{
           [&] { pages_.Me(budi_); }, [&] { pages_.Bill(budi_, 981); },
           [&] { pages_.PayBill(budi_, 981); }, [&] { pages_.PayAll(budi_); },
           [&] { pages_.PaymentStatus(budi_, "PAY1"); }}) {
    auto error = ErrorOf(call);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->code(), Code::kUnauthenticated);
  }
  EXPECT_EQ(tripay_.CreateCalls(), 0);
}

TEST_F(PortalPagesTest, ADeletedCustomersSessionEnds) {
  customers_.Remove(42);
  auto error = ErrorOf([&] { pages_.Me(budi_); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code(), Code::kUnauthenticated);
}

}  // namespace
}  // namespace billing::payment
