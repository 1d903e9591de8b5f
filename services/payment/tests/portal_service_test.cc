// PortalServiceImpl in-process: its server on a free port, called through the generated stub
// with signed identities. Who may call what (messaging or staff for PortalLink, the gateway
// for the public calls), and errors reaching the caller with their code and Retry-After.
#include "portal_service.h"

#include <chrono>
#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "domain/clock.h"
#include "errors/grpc_status.h"
#include "portal_test_support.h"
#include "rpc/identity.h"
#include "testing/fake_bill_gateway.h"
#include "testing/fake_payment_store.h"
#include "testing/fake_portal_clients.h"
#include "testing/fake_portal_store.h"
#include "testing/fake_provider.h"

namespace billing::payment {
namespace {

const std::string kKey(64, 'x');

class PortalServiceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!rpc::HasServiceIdentity()) rpc::InstallServiceIdentity("payment", kKey);
  }

  PortalServiceTest()
      : access_(store_, customers_, billing_, sender_, clock_, AccessOptions()),
        payments_(attempts_, bill_gateway_, {&tripay_}, clock_, PaySettings()),
        pay_links_(payments_),
        pages_(access_, customers_, billing_, pay_links_, attempts_, clock_),
        metrics_("payment"),
        service_(access_, pages_, metrics_) {
    customers_.Add(testing::Budi());
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    auto channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                                       grpc::InsecureChannelCredentials());
    stub_ = v1::PortalService::NewStub(channel);
  }
  ~PortalServiceTest() override { server_->Shutdown(); }

  static PortalAccessOptions AccessOptions() {
    PortalAccessOptions options;
    options.link_key = std::string(32, 'k');
    return options;
  }
  static PaymentSettings PaySettings() {
    PaymentSettings settings;
    settings.active_provider = "tripay";
    return settings;
  }

  // A context signed as `service`, acting for `user_id` (0: the service itself).
  static std::unique_ptr<grpc::ClientContext> As(const std::string& service, int64_t user_id = 0) {
    auto context = std::make_unique<grpc::ClientContext>();
    int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
    rpc::IdentityClaims claims;
    claims.service = service;
    claims.issued_at = now;
    claims.expires_at = now + 60;
    claims.user_id = user_id;
    if (user_id > 0) {
      claims.username = "staff";
      claims.role = "staff";
    }
    context->AddMetadata(rpc::kIdentityMetadata, rpc::SignIdentity(claims, kKey));
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    return context;
  }

  domain::SystemClock clock_;
  testing::FakePortalStore store_;
  testing::FakePortalCustomers customers_;
  testing::FakePortalBilling billing_;
  testing::FakePortalCodeSender sender_;
  PortalAccess access_;
  testing::FakePaymentStore attempts_;
  testing::FakeBillGateway bill_gateway_;
  testing::FakeProvider tripay_{"tripay"};
  Payments payments_;
  PaymentsPayLinks pay_links_;
  PortalPages pages_;
  metrics::Metrics metrics_;
  PortalServiceImpl service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::PortalService::Stub> stub_;
};

TEST_F(PortalServiceTest, MessagingAndStaffGetThePersonalLinkOthersDoNot) {
  v1::PortalLinkRequest request;
  request.set_customer_id(42);
  request.set_bill_id(981);
  v1::PortalLinkReply from_messaging;
  ASSERT_TRUE(stub_->PortalLink(As("messaging").get(), request, &from_messaging).ok());
  EXPECT_EQ(from_messaging.url().rfind("https://tagihan.example.net/portal/t/", 0), 0u);
  EXPECT_NE(from_messaging.url().find("?bill=981"), std::string::npos);

  v1::PortalLinkReply from_staff;
  ASSERT_TRUE(stub_->PortalLink(As("gateway", 7).get(), request, &from_staff).ok());
  EXPECT_EQ(from_staff.url(), from_messaging.url());

  v1::PortalLinkReply refused;
  EXPECT_EQ(stub_->PortalLink(As("gateway").get(), request, &refused).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(stub_->PortalLink(As("network").get(), request, &refused).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  grpc::ClientContext unsigned_context;
  EXPECT_EQ(stub_->PortalLink(&unsigned_context, request, &refused).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(PortalServiceTest, RevokingNeedsAStaffMember) {
  v1::RevokePortalLinkRequest request;
  request.set_customer_id(42);
  common::v1::Empty reply;
  EXPECT_EQ(stub_->RevokePortalLink(As("messaging").get(), request, &reply).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(stub_->RevokePortalLink(As("gateway", 7).get(), request, &reply).ok());
}

TEST_F(PortalServiceTest, ThePublicCallsComeThroughTheGatewayOnly) {
  v1::CodeRequest request;
  request.set_customer_number("PLG-0042");
  request.set_phone("0812 3456 7890");
  request.set_client_address("10.0.0.1");
  v1::CodeReply reply;
  EXPECT_EQ(stub_->RequestCode(As("messaging").get(), request, &reply).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(sender_.SentCodes().empty());
  ASSERT_TRUE(stub_->RequestCode(As("gateway").get(), request, &reply).ok());
  EXPECT_EQ(reply.resend_after(), 60);
  EXPECT_EQ(reply.expires_in(), 300);

  v1::VerifyCodeRequest verify;
  verify.set_customer_number("PLG-0042");
  verify.set_phone("6281234567890");
  verify.set_code(sender_.LastCode());
  verify.set_client_address("10.0.0.1");
  v1::PortalSession session;
  ASSERT_TRUE(stub_->VerifyCode(As("gateway").get(), verify, &session).ok());
  EXPECT_FALSE(session.token().empty());
  EXPECT_FALSE(session.expires_at().empty());

  v1::PortalRequest me_request;
  me_request.set_session(session.token());
  v1::PortalPage page;
  ASSERT_TRUE(stub_->Me(As("gateway").get(), me_request, &page).ok());
  EXPECT_EQ(page.customer().number(), "PLG-0042");

  common::v1::Empty empty;
  ASSERT_TRUE(stub_->Logout(As("gateway").get(), me_request, &empty).ok());
  ASSERT_TRUE(stub_->Logout(As("gateway").get(), me_request, &empty).ok());
  auto status = stub_->Me(As("gateway").get(), me_request, &page);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(PortalServiceTest, ErrorsKeepTheirFieldsAndRetryAfter) {
  v1::CodeRequest request;
  request.set_customer_number("nomor");
  request.set_phone("0812 3456 7890");
  request.set_client_address("10.0.0.9");
  v1::CodeReply reply;
  auto error = errors::FromGrpcStatus(stub_->RequestCode(As("gateway").get(), request, &reply));
  EXPECT_EQ(error.code(), errors::Code::kInvalidArgument);
  EXPECT_EQ(error.fields().count("customer_number"), 1u);

  request.set_customer_number("PLG-0042");
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(stub_->RequestCode(As("gateway").get(), request, &reply).ok());
  }
  error = errors::FromGrpcStatus(stub_->RequestCode(As("gateway").get(), request, &reply));
  EXPECT_EQ(error.code(), errors::Code::kResourceExhausted);
  EXPECT_GT(error.retry_after_seconds(), 800);
}

}  // namespace
}  // namespace billing::payment
