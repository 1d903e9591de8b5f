// GrpcBillGateway against a fake billing service (the generated Service subclassed) on loopback:
// bills read and mapped, every unpaid page, MarkPaidOnline's answers, the settings as revealed,
// and billing away as unavailable.
#include "clients.h"

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>
#include <gtest/gtest.h>

#include "errors/error.h"
#include "payment_test_support.h"
#include "rpc/caller.h"
#include "rpc/identity.h"

namespace billing::payment {
namespace {

constexpr char kServiceKey[] = "payment-clients-test-key-0123456789abcdef";

class FakeBilling final : public bills::v1::BillingService::Service {
 public:
  std::map<int64_t, bills::v1::Transaction> bills;
  bills::v1::Settings settings;
  std::vector<bills::v1::MarkPaidOnlineRequest> marks;
  std::vector<bool> reveal_asked;
  std::string mark_result = "marked";
  std::vector<std::string> callers;  // the service of every call's identity

  grpc::Status GetTransaction(grpc::ServerContext* context, const bills::v1::TransactionId* request,
                              bills::v1::Transaction* reply) override {
    Seen(*context);
    auto it = bills.find(request->id());
    if (it == bills.end()) return {grpc::StatusCode::NOT_FOUND, "Transaksi tidak ditemukan"};
    *reply = it->second;
    return grpc::Status::OK;
  }

  grpc::Status ListTransactions(grpc::ServerContext* context,
                                const bills::v1::ListTransactionsRequest* request,
                                bills::v1::ListTransactionsReply* reply) override {
    Seen(*context);
    std::vector<bills::v1::Transaction> matching;
    for (const auto& [id, t] : bills) {
      if (t.customer_id() == request->customer_id() && t.status() == request->status()) {
        matching.push_back(t);
      }
    }
    reply->set_total(static_cast<int64_t>(matching.size()));
    const auto limit = static_cast<size_t>(request->paging().limit());
    for (size_t i = static_cast<size_t>(request->paging().offset());
         i < matching.size() && static_cast<size_t>(reply->items_size()) < limit; ++i) {
      *reply->add_items() = matching[i];
    }
    return grpc::Status::OK;
  }

  grpc::Status MarkPaidOnline(grpc::ServerContext* context,
                              const bills::v1::MarkPaidOnlineRequest* request,
                              bills::v1::MarkPaidOnlineReply* reply) override {
    Seen(*context);
    marks.push_back(*request);
    if (bills.count(request->id()) == 0) return {grpc::StatusCode::NOT_FOUND, "tidak ada"};
    reply->set_result(mark_result);
    return grpc::Status::OK;
  }

  grpc::Status GetSettings(grpc::ServerContext* context,
                           const bills::v1::GetSettingsRequest* request,
                           bills::v1::Settings* reply) override {
    Seen(*context);
    reveal_asked.push_back(request->reveal_secrets());
    *reply = settings;
    return grpc::Status::OK;
  }

 private:
  void Seen(const grpc::ServerContext& context) {
    auto caller = rpc::VerifiedCaller(context);
    callers.push_back(caller ? caller->service + "/" + std::to_string(caller->user_id) : "none");
  }
};

bills::v1::Transaction Bill(int64_t id, int64_t customer_id, const std::string& status) {
  bills::v1::Transaction t;
  t.set_id(id);
  t.set_customer_id(customer_id);
  t.set_customer_name("Budi");
  t.set_customer_phone("6281234567890");
  t.set_description("Internet 2026-12");
  t.set_amount(150000 + id);
  t.set_status(status);
  return t;
}

class GrpcBillGatewayTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    rpc::InstallServiceIdentity("payment", kServiceKey);  // calls out as the payment service
  }

  GrpcBillGatewayTest() {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
    builder.RegisterService(&billing_);
    server_ = builder.BuildAndStart();
    stub_ = bills::v1::BillingService::NewStub(grpc::CreateChannel(
        "127.0.0.1:" + std::to_string(port_), grpc::InsecureChannelCredentials()));
    gateway_ = std::make_unique<GrpcBillGateway>(*stub_);
  }
  ~GrpcBillGatewayTest() override {
    if (server_) server_->Shutdown();
  }

  int port_ = 0;
  FakeBilling billing_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<bills::v1::BillingService::Stub> stub_;
  std::unique_ptr<GrpcBillGateway> gateway_;
};

TEST_F(GrpcBillGatewayTest, BillIsReadAndMappedAsTheServiceItself) {
  auto paid = Bill(7, 5, "paid");
  paid.set_payment_reference("T-1");
  billing_.bills[7] = paid;
  auto bill = gateway_->Bill(7);
  ASSERT_TRUE(bill);
  EXPECT_EQ(bill->id, 7);
  EXPECT_EQ(bill->customer_id, 5);
  EXPECT_EQ(bill->customer_name, "Budi");
  EXPECT_EQ(bill->customer_phone, "6281234567890");
  EXPECT_EQ(bill->description, "Internet 2026-12");
  EXPECT_EQ(bill->amount, 150007);
  EXPECT_TRUE(bill->paid);
  EXPECT_EQ(bill->payment_reference, "T-1");
  EXPECT_EQ(gateway_->Bill(8), std::nullopt);
  EXPECT_EQ(billing_.callers.front(), "payment/0");  // signed, no user
}

TEST_F(GrpcBillGatewayTest, UnpaidBillsReadsEveryPage) {
  for (int64_t id = 1; id <= 1203; ++id) billing_.bills[id] = Bill(id, 5, "unpaid");
  billing_.bills[2000] = Bill(2000, 5, "paid");
  billing_.bills[2001] = Bill(2001, 6, "unpaid");
  auto unpaid = gateway_->UnpaidBills(5);
  ASSERT_EQ(unpaid.size(), 1203u);
  EXPECT_EQ(unpaid.front().id, 1);
  EXPECT_EQ(unpaid.back().id, 1203);
  for (const auto& bill : unpaid) EXPECT_FALSE(bill.paid);
  EXPECT_EQ(billing_.callers.size(), 3u);  // three pages of 500
}

TEST_F(GrpcBillGatewayTest, MarkPaidOnlineAnswersBecomeMarkResults) {
  billing_.bills[7] = Bill(7, 5, "unpaid");
  EXPECT_EQ(gateway_->MarkPaid(7, 150007, "T-1"), MarkResult::kMarked);
  ASSERT_EQ(billing_.marks.size(), 1u);
  EXPECT_EQ(billing_.marks[0].id(), 7);
  EXPECT_EQ(billing_.marks[0].amount(), 150007);
  EXPECT_EQ(billing_.marks[0].reference(), "T-1");
  billing_.mark_result = "already_paid";
  EXPECT_EQ(gateway_->MarkPaid(7, 150007, "T-1"), MarkResult::kAlreadyPaid);
  EXPECT_EQ(gateway_->MarkPaid(8, 1, "T-2"), MarkResult::kNotFound);
  billing_.mark_result = "something else";
  EXPECT_EQ(testing::ErrorCodeOf([&] { gateway_->MarkPaid(7, 150007, "T-1"); }),
            errors::Code::kInternal);
}

TEST_F(GrpcBillGatewayTest, PaymentSettingsAreAskedWithTheSecrets) {
  billing_.settings.mutable_payment()->set_provider("xendit");
  billing_.settings.mutable_payment()->mutable_xendit()->set_secret_key("xnd_secret");
  auto settings = gateway_->PaymentSettings();
  EXPECT_EQ(settings.provider(), "xendit");
  EXPECT_EQ(settings.xendit().secret_key(), "xnd_secret");
  ASSERT_EQ(billing_.reveal_asked.size(), 1u);
  EXPECT_TRUE(billing_.reveal_asked[0]);
}

TEST_F(GrpcBillGatewayTest, BillingAwayIsUnavailable) {
  server_->Shutdown();
  server_.reset();
  EXPECT_EQ(testing::ErrorCodeOf([&] { gateway_->Bill(7); }), errors::Code::kUnavailable);
  EXPECT_EQ(testing::ErrorCodeOf([&] { gateway_->MarkPaid(7, 1, "T"); }),
            errors::Code::kUnavailable);
  EXPECT_EQ(testing::ErrorCodeOf([&] { gateway_->UnpaidBills(5); }), errors::Code::kUnavailable);
}

}  // namespace
}  // namespace billing::payment
