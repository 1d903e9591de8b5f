// PaymentService's handlers in process: a real gRPC server on loopback, the calls signed as the
// gateway (with or without a staff user) or as another service, billing and the store faked,
// Tripay played by its fake (tests/fakes/payments).
#include "payment_service.h"

#include <memory>
#include <string>

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>
#include <gtest/gtest.h>

#include "domain/manual_clock.h"
#include "fakes/payments/fake_tripay.h"
#include "i18n/messages.h"
#include "payment_test_support.h"
#include "providers/signatures.h"
#include "rpc/caller.h"
#include "rpc/identity.h"
#include "testing/fake_bill_gateway.h"
#include "testing/fake_payment_store.h"

namespace billing::payment {
namespace {

using billing::testing::payments::FakeTripay;
using testing::FakeBillGateway;
using testing::FakePaymentStore;

constexpr char kServiceKey[] = "payment-service-test-key-0123456789abcdef";
constexpr char kApiKey[] = "DEV-apikey";
constexpr char kPrivateKey[] = "private-key-123";
constexpr char kMerchant[] = "T0001";
constexpr char kPublicUrl[] = "https://tagihan.example.net";

class PaymentServiceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    rpc::InstallServiceIdentity("gateway", kServiceKey);  // the test calls as the gateway
  }

  PaymentServiceTest() {
    settings_.set_provider("tripay");
    settings_.set_public_url(kPublicUrl);
    settings_.mutable_tripay()->set_api_base_url(tripay_.BaseUrl());
    settings_.mutable_tripay()->set_api_key(kApiKey);
    settings_.mutable_tripay()->set_private_key(kPrivateKey);
    settings_.mutable_tripay()->set_merchant_code(kMerchant);
    bills_.Add({7, 5, "Budi", "6281234567890", "Internet 2026-12", 150000, false, ""});
    bills_.Add({9, 5, "Budi", "6281234567890", "Internet 2027-01", 150000, false, ""});

    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    stub_ = v1::PaymentService::NewStub(grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                                                            grpc::InsecureChannelCredentials()));
  }

  ~PaymentServiceTest() override { server_->Shutdown(); }

  // A call from the gateway acting for a signed-in staff member (or for nobody).
  static std::unique_ptr<grpc::ClientContext> AsStaff() {
    rpc::Caller staff;
    staff.user_id = 2;
    staff.username = "staff";
    staff.role = domain::Role::kStaff;
    return rpc::OutgoingContext(staff, std::chrono::seconds(10));
  }
  static std::unique_ptr<grpc::ClientContext> AsGateway() {
    return rpc::OutgoingContext(rpc::Caller(), std::chrono::seconds(10));
  }
  // A call signed by another service of the suite.
  static std::unique_ptr<grpc::ClientContext> AsService(const std::string& service) {
    auto context = std::make_unique<grpc::ClientContext>();
    rpc::IdentityClaims claims;
    claims.service = service;
    claims.issued_at = std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
    claims.expires_at = claims.issued_at + 60;
    context->AddMetadata(rpc::kIdentityMetadata, rpc::SignIdentity(claims, kServiceKey));
    return context;
  }

  grpc::Status Link(int64_t bill_id, v1::PaymentLink* reply) {
    v1::LinkForBillRequest request;
    request.set_bill_id(bill_id);
    return stub_->LinkForBill(AsStaff().get(), request, reply);
  }

  // Tripay's signed callback for the payment of `merchant_ref`, as the gateway hands it over.
  grpc::Status Callback(const std::string& merchant_ref, const std::string& status,
                        v1::CallbackReply* reply, bool tampered = false) {
    auto stored = tripay_.FindByMerchantRef(merchant_ref);
    EXPECT_TRUE(stored.has_value());
    billing::testing::payments::CallbackOptions options;
    options.tampered = tampered;
    auto callback = tripay_.BuildCallback(stored->reference, status, options);
    v1::CallbackRequest request;
    request.set_provider("tripay");
    for (const auto& [name, value] : callback.headers) (*request.mutable_headers())[name] = value;
    request.set_body(callback.body);
    return stub_->HandleCallback(AsGateway().get(), request, reply);
  }

  grpc::Status List(const v1::ListAttemptsRequest& request, v1::ListAttemptsReply* reply) {
    return stub_->ListAttempts(AsStaff().get(), request, reply);
  }

  // An attempt paid for a bill that was meanwhile paid at the counter ("perlu dicek").
  std::string PaidMeanwhile() {
    v1::PaymentLink link;
    EXPECT_TRUE(Link(7, &link).ok());
    bills_.PayAtCounter(7);
    v1::CallbackReply reply;
    EXPECT_TRUE(Callback(link.reference(), "PAID", &reply).ok());
    return link.reference();
  }

  FakeTripay tripay_{kApiKey, kPrivateKey, kMerchant};
  bills::v1::PaymentSettings settings_;
  domain::ManualClock clock_{domain::UtcTime(2026, 12, 1, 10)};
  http::CurlTransport transport_ = testing::RealTransport();
  FakePaymentStore store_;
  FakeBillGateway bills_;
  PaymentConfigSource source_{[this] { return settings_; }, transport_, clock_,
                              std::chrono::seconds(0)};
  LivePayments payments_{store_, bills_, source_, clock_};
  metrics::Metrics metrics_{"payment_test"};
  PaymentService service_{payments_, store_, clock_, metrics_};
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::PaymentService::Stub> stub_;
};

TEST_F(PaymentServiceTest, LinkForBillNeedsASignedInUser) {
  v1::LinkForBillRequest request;
  request.set_bill_id(7);
  v1::PaymentLink reply;
  EXPECT_EQ(stub_->LinkForBill(AsGateway().get(), request, &reply).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(tripay_.Transactions().size(), 0u);
}

TEST_F(PaymentServiceTest, LinkForBillWithoutAProviderSaysOnlinePaymentIsNotSetUp) {
  settings_.set_provider("none");
  v1::PaymentLink reply;
  grpc::Status status = Link(7, &reply);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(status.error_message(), i18n::kPaymentNotConfigured);
  EXPECT_EQ(store_.Size(), 0u);
}

TEST_F(PaymentServiceTest, LinkForBillRefusesABadId) {
  v1::PaymentLink reply;
  EXPECT_EQ(Link(0, &reply).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Link(404, &reply).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(PaymentServiceTest, LinkForBillCreatesAtTheProviderThenReusesTheLink) {
  v1::PaymentLink first;
  ASSERT_TRUE(Link(7, &first).ok());
  EXPECT_EQ(first.provider(), "tripay");
  EXPECT_EQ(first.amount(), 150000);
  EXPECT_FALSE(first.reused());
  EXPECT_FALSE(first.expires_at().empty());
  auto stored = tripay_.FindByMerchantRef(first.reference());
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(first.url(), tripay_.BaseUrl() + "/checkout/" + stored->reference);
  EXPECT_EQ(stored->callback_url, std::string(kPublicUrl) + "/pay/callback/tripay");
  // The customer's browser comes back to the portal, told which payment it made.
  auto requests = tripay_.Requests();
  ASSERT_FALSE(requests.empty());
  EXPECT_NE(requests.front().body.find("portal%3Fpaid%3D" + first.reference()), std::string::npos)
      << requests.front().body;

  v1::PaymentLink again;
  ASSERT_TRUE(Link(7, &again).ok());
  EXPECT_TRUE(again.reused());
  EXPECT_EQ(again.reference(), first.reference());
  EXPECT_EQ(tripay_.Transactions().size(), 1u);
}

TEST_F(PaymentServiceTest, SettingsChangeTakesEffectOnTheNextCall) {
  settings_.set_provider("none");
  v1::PaymentLink reply;
  EXPECT_EQ(Link(7, &reply).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  settings_.set_provider("tripay");
  EXPECT_TRUE(Link(7, &reply).ok());
}

TEST_F(PaymentServiceTest, CallbackOnlyFromTheGateway) {
  v1::PaymentLink link;
  ASSERT_TRUE(Link(7, &link).ok());
  v1::CallbackRequest request;
  request.set_provider("tripay");
  request.set_body("{}");
  v1::CallbackReply reply;
  EXPECT_EQ(stub_->HandleCallback(AsService("network").get(), request, &reply).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  grpc::ClientContext unsigned_call;
  EXPECT_EQ(stub_->HandleCallback(&unsigned_call, request, &reply).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(PaymentServiceTest, PaidCallbackMarksTheBillOnce) {
  v1::PaymentLink link;
  ASSERT_TRUE(Link(7, &link).ok());
  v1::CallbackReply reply;
  ASSERT_TRUE(Callback(link.reference(), "PAID", &reply).ok());
  EXPECT_EQ(reply.reference(), link.reference());
  EXPECT_EQ(reply.status(), "paid");
  EXPECT_TRUE(bills_.Get(7).paid);
  ASSERT_TRUE(Callback(link.reference(), "PAID", &reply).ok());  // a duplicate
  ASSERT_TRUE(Callback(link.reference(), "EXPIRED", &reply).ok());
  EXPECT_EQ(reply.status(), "paid");
  EXPECT_EQ(bills_.MarkCalls(), 1);
}

TEST_F(PaymentServiceTest, ForgedCallbackIsUnauthenticatedAndChangesNothing) {
  v1::PaymentLink link;
  ASSERT_TRUE(Link(7, &link).ok());
  v1::CallbackReply reply;
  EXPECT_EQ(Callback(link.reference(), "PAID", &reply, /*tampered=*/true).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_FALSE(bills_.Get(7).paid);
  EXPECT_EQ(store_.Find(link.reference())->status, PaymentStatus::kPending);
}

TEST_F(PaymentServiceTest, UnknownProviderOrReferenceIsNotFound) {
  v1::CallbackRequest request;
  request.set_provider("paypal");
  request.set_body("{}");
  v1::CallbackReply reply;
  EXPECT_EQ(stub_->HandleCallback(AsGateway().get(), request, &reply).error_code(),
            grpc::StatusCode::NOT_FOUND);
  request.set_provider("");
  EXPECT_EQ(stub_->HandleCallback(AsGateway().get(), request, &reply).error_code(),
            grpc::StatusCode::NOT_FOUND);
  // A correctly signed callback for a payment this service never made.
  nlohmann::json body = {{"reference", "T-404"},
                         {"merchant_ref", "PAY-unknown"},
                         {"total_amount", 150000},
                         {"status", "PAID"},
                         {"paid_at", 1764583200}};
  request.set_provider("tripay");
  request.set_body(body.dump());
  (*request.mutable_headers())["x-callback-event"] = "payment_status";
  (*request.mutable_headers())["X-Callback-Signature"] = HmacSha256Hex(kPrivateKey, body.dump());
  EXPECT_EQ(stub_->HandleCallback(AsGateway().get(), request, &reply).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(PaymentServiceTest, ListAttemptsFiltersAndPages) {
  v1::PaymentLink first;
  ASSERT_TRUE(Link(7, &first).ok());
  v1::PaymentLink second;
  ASSERT_TRUE(Link(9, &second).ok());
  v1::ListAttemptsRequest request;
  v1::ListAttemptsReply reply;
  ASSERT_TRUE(List(request, &reply).ok());
  EXPECT_EQ(reply.total(), 2);
  ASSERT_EQ(reply.items_size(), 2);
  EXPECT_EQ(reply.items(0).reference(), second.reference());  // newest first
  EXPECT_EQ(reply.items(0).bill_ids(0), 9);
  EXPECT_EQ(reply.items(0).status(), "pending");
  EXPECT_EQ(reply.items(0).scope(), "bill");

  request.set_bill_id(7);
  ASSERT_TRUE(List(request, &reply).ok());
  ASSERT_EQ(reply.items_size(), 1);
  EXPECT_EQ(reply.items(0).reference(), first.reference());

  request.set_bill_id(0);
  request.set_customer_id(5);
  request.mutable_paging()->set_limit(1);
  request.mutable_paging()->set_offset(1);
  ASSERT_TRUE(List(request, &reply).ok());
  EXPECT_EQ(reply.total(), 2);
  ASSERT_EQ(reply.items_size(), 1);
  EXPECT_EQ(reply.items(0).reference(), first.reference());

  request.mutable_paging()->set_limit(501);
  EXPECT_EQ(List(request, &reply).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  request.mutable_paging()->set_limit(0);
  request.set_customer_id(-1);
  EXPECT_EQ(List(request, &reply).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(stub_->ListAttempts(AsGateway().get(), v1::ListAttemptsRequest(), &reply).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(PaymentServiceTest, StaffSettleAPaymentThatNeedsCheckWithANote) {
  std::string reference = PaidMeanwhile();
  v1::ListAttemptsRequest waiting;
  waiting.set_needs_check(true);
  v1::ListAttemptsReply list;
  ASSERT_TRUE(List(waiting, &list).ok());
  ASSERT_EQ(list.items_size(), 1);
  const v1::Attempt& attempt = list.items(0);
  EXPECT_EQ(attempt.needs_check(), "paid_meanwhile");
  EXPECT_EQ(attempt.needs_check_text(), CheckReasonText(CheckReason::kPaidMeanwhile));
  EXPECT_EQ(attempt.checked_by(), "");

  v1::SettleCheckRequest settle;
  settle.set_attempt_id(attempt.id());
  settle.set_note("Dana dikembalikan via transfer BCA");
  v1::Attempt settled;
  ASSERT_TRUE(stub_->SettleCheck(AsStaff().get(), settle, &settled).ok());
  EXPECT_EQ(settled.checked_by(), "staff");
  EXPECT_EQ(settled.checked_note(), "Dana dikembalikan via transfer BCA");
  EXPECT_EQ(settled.checked_at(), domain::FormatRfc3339(clock_.Now()));
  EXPECT_EQ(settled.needs_check(), "paid_meanwhile");  // why it needed a look stays visible

  ASSERT_TRUE(List(waiting, &list).ok());
  EXPECT_EQ(list.items_size(), 0);
  EXPECT_EQ(stub_->SettleCheck(AsStaff().get(), settle, &settled).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);  // once
  EXPECT_EQ(store_.Find(reference)->settled_by, "staff");
}

TEST_F(PaymentServiceTest, SettleNeedsANoteOfAtMost500Characters) {
  PaidMeanwhile();
  int64_t id = store_.List({}, 10, 0).items.at(0).id;
  v1::SettleCheckRequest settle;
  settle.set_attempt_id(id);
  v1::Attempt reply;
  settle.set_note("   ");
  EXPECT_EQ(stub_->SettleCheck(AsStaff().get(), settle, &reply).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  std::string long_note;
  for (int i = 0; i < 501; ++i) long_note += "é";  // characters, not bytes
  settle.set_note(long_note);
  EXPECT_EQ(stub_->SettleCheck(AsStaff().get(), settle, &reply).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  long_note.resize(long_note.size() - 2);
  settle.set_note(long_note);
  EXPECT_TRUE(stub_->SettleCheck(AsStaff().get(), settle, &reply).ok());
  EXPECT_EQ(stub_->SettleCheck(AsGateway().get(), settle, &reply).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(PaymentServiceTest, OnlyAPaymentThatNeedsCheckCanBeSettled) {
  v1::PaymentLink link;
  ASSERT_TRUE(Link(7, &link).ok());
  v1::SettleCheckRequest settle;
  settle.set_attempt_id(store_.Find(link.reference())->id);
  settle.set_note("dicek");
  v1::Attempt reply;
  EXPECT_EQ(stub_->SettleCheck(AsStaff().get(), settle, &reply).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  settle.set_attempt_id(999);
  EXPECT_EQ(stub_->SettleCheck(AsStaff().get(), settle, &reply).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace billing::payment
