// The attack that must fail: calling the services' gRPC ports directly, past the gateway, with
// no identity, forged `x-actor-*` metadata, a token signed with another key or an expired one;
// and a valid token of the wrong service reading the WhatsApp token or PPPoE passwords.
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/client_context.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "auth.grpc.pb.h"
#include "backup.grpc.pb.h"
#include "billing.grpc.pb.h"
#include "customer.grpc.pb.h"
#include "messaging.grpc.pb.h"
#include "network.grpc.pb.h"
#include "payment.grpc.pb.h"
#include "rpc/identity.h"
#include "stack.h"

namespace billing::testing {
namespace {

using Metadata = std::multimap<std::string, std::string>;

constexpr const char* kWhatsappToken = "wa-rahasia-token-0123456789";
constexpr const char* kPppoePassword = "pppoe-rahasia-42";

int64_t Now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int64_t AdminId() { return std::stoll(Sql("SELECT id FROM auth.users WHERE username = 'admin'")); }

// A token as the gateway signs it for the default admin, or as `service` signs its own calls.
std::string UserToken(const std::string& key, int64_t issued_at, int64_t expires_at) {
  rpc::IdentityClaims claims;
  claims.service = "gateway";
  claims.issued_at = issued_at;
  claims.expires_at = expires_at;
  claims.user_id = AdminId();
  claims.username = "admin";
  claims.role = "admin";
  return rpc::SignIdentity(claims, key);
}

std::string ServiceToken(const std::string& service) {
  rpc::IdentityClaims claims;
  claims.service = service;
  claims.issued_at = Now();
  claims.expires_at = claims.issued_at + 60;
  return rpc::SignIdentity(claims, Stack().ServiceKey());
}

Metadata AsAdmin() {
  return {{rpc::kIdentityMetadata, UserToken(Stack().ServiceKey(), Now(), Now() + 60)}};
}
Metadata As(const std::string& service) {
  return {{rpc::kIdentityMetadata, ServiceToken(service)}};
}

std::unique_ptr<grpc::ClientContext> Context(const Metadata& metadata) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  for (const auto& [name, value] : metadata) context->AddMetadata(name, value);
  return context;
}

std::shared_ptr<grpc::Channel> Channel(const std::string& service) {
  return grpc::CreateChannel(Stack().ServiceAddr(service), grpc::InsecureChannelCredentials());
}

// One sensitive call per service port, each as an attacker would pick it.
struct Probe {
  std::string name;
  std::function<grpc::Status(const Metadata&)> call;
};

std::vector<Probe> Probes() {
  return {
      {"auth.ListUsers",
       [](const Metadata& m) {
         auto stub = auth::v1::AuthService::NewStub(Channel("auth"));
         auth::v1::ListUsersReply reply;
         return stub->ListUsers(Context(m).get(), {}, &reply);
       }},
      {"customer.ListBillable",
       [](const Metadata& m) {
         auto stub = customer::v1::CustomerService::NewStub(Channel("customer"));
         auto context = Context(m);
         auto reader = stub->ListBillable(context.get(), {});
         customer::v1::BillableBatch batch;
         while (reader->Read(&batch)) {
         }
         return reader->Finish();
       }},
      {"billing.GetSettings(reveal_secrets)",
       [](const Metadata& m) {
         auto stub = bills::v1::BillingService::NewStub(Channel("billing"));
         bills::v1::GetSettingsRequest request;
         request.set_reveal_secrets(true);
         bills::v1::Settings reply;
         return stub->GetSettings(Context(m).get(), request, &reply);
       }},
      {"messaging.Status",
       [](const Metadata& m) {
         auto stub = messaging::v1::MessagingService::NewStub(Channel("messaging"));
         messaging::v1::StatusReply reply;
         return stub->Status(Context(m).get(), {}, &reply);
       }},
      {"backup.Export",
       [](const Metadata& m) {
         auto stub = backup::v1::BackupService::NewStub(Channel("backup"));
         auto context = Context(m);
         backup::v1::ExportRequest request;
         request.set_passphrase("uji-identitas-layanan");
         auto reader = stub->Export(context.get(), request);
         backup::v1::Chunk chunk;
         while (reader->Read(&chunk)) {
         }
         return reader->Finish();
       }},
      {"network.GetSettings",
       [](const Metadata& m) {
         auto stub = network::v1::NetworkService::NewStub(Channel("network"));
         network::v1::Settings reply;
         return stub->GetSettings(Context(m).get(), {}, &reply);
       }},
      {"payment.ListAttempts",
       [](const Metadata& m) {
         auto stub = payment::v1::PaymentService::NewStub(Channel("payment"));
         payment::v1::ListAttemptsReply reply;
         return stub->ListAttempts(Context(m).get(), {}, &reply);
       }},
  };
}

TEST(GrpcIdentity, EveryPortRefusesCallsWithoutAValidIdentity) {
  const std::string wrong_key = "another-key-another-key-another-key-0123456789";
  std::map<std::string, Metadata> attacks = {
      {"no identity", {}},
      {"forged x-actor admin",
       {{"x-actor-id", std::to_string(AdminId())},
        {"x-actor-username", "admin"},
        {"x-actor-role", "admin"}}},
      {"wrong key", {{rpc::kIdentityMetadata, UserToken(wrong_key, Now(), Now() + 60)}}},
      {"expired",
       {{rpc::kIdentityMetadata, UserToken(Stack().ServiceKey(), Now() - 120, Now() - 60)}}},
      {"garbage token plus forged actor",
       {{rpc::kIdentityMetadata, "v1.e30.AAAA"}, {"x-actor-role", "admin"}, {"x-actor-id", "1"}}},
  };
  for (const auto& probe : Probes()) {
    for (const auto& [attack, metadata] : attacks) {
      grpc::Status status = probe.call(metadata);
      EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED)
          << probe.name << " with " << attack << ": " << status.error_message();
    }
    // The positive control: the same call signed correctly (the gateway, for the admin) works.
    grpc::Status control = probe.call(AsAdmin());
    EXPECT_TRUE(control.ok()) << probe.name << " signed correctly: " << control.error_message();
  }
}

class SecretsGoOnlyToTheirService : public ::testing::Test {
 protected:
  void SetUp() override {
    auto billing = bills::v1::BillingService::NewStub(Channel("billing"));
    bills::v1::SettingsDocument patch;
    bills::v1::Settings updated;
    patch.set_json(
        nlohmann::json({{"whatsapp", {{"provider", "none"}, {"token", kWhatsappToken}}}}).dump());
    grpc::Status settings = billing->UpdateSettings(Context(AsAdmin()).get(), patch, &updated);
    ASSERT_TRUE(settings.ok()) << settings.error_message();

    auto customers = customer::v1::CustomerService::NewStub(Channel("customer"));
    customer::v1::PackageInput package_input;
    package_input.set_name(UniqueName("Paket identitas "));
    package_input.set_speed("10 Mbps");
    package_input.set_price(150000);
    customer::v1::Package package;
    grpc::Status created =
        customers->CreatePackage(Context(AsAdmin()).get(), package_input, &package);
    ASSERT_TRUE(created.ok()) << created.error_message();
    customer::v1::CustomerInput input;
    input.set_type(customer::v1::CUSTOMER_TYPE_INTERNET);
    input.set_name("Budi Identitas");
    input.set_phone("0812-3456-7890");
    input.set_address("Jl. Melati No. 5");
    input.set_pppoe_username(UniqueName("budi"));
    input.set_pppoe_password(kPppoePassword);
    input.set_package_id(package.id());
    input.set_due_day(15);
    input.set_installed_at("2025-01-31");
    customer::v1::Customer customer;
    created = customers->CreateCustomer(Context(AsAdmin()).get(), input, &customer);
    ASSERT_TRUE(created.ok()) << created.error_message();
    customer_id_ = customer.id();
  }

  static std::string Settings(const Metadata& metadata) {
    auto stub = bills::v1::BillingService::NewStub(Channel("billing"));
    bills::v1::GetSettingsRequest request;
    request.set_reveal_secrets(true);
    bills::v1::Settings reply;
    grpc::Status status = stub->GetSettings(Context(metadata).get(), request, &reply);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return reply.whatsapp().token();
  }

  // Our customer's PPPoE password as ListBillable streams it to the caller.
  static std::string BillablePassword(const Metadata& metadata) {
    auto stub = customer::v1::CustomerService::NewStub(Channel("customer"));
    auto context = Context(metadata);
    customer::v1::ListBillableRequest request;
    request.set_every_status(true);
    auto reader = stub->ListBillable(context.get(), request);
    customer::v1::BillableBatch batch;
    std::string password = "<customer not streamed>";
    while (reader->Read(&batch)) {
      for (const auto& item : batch.items()) {
        if (item.id() == customer_id_) password = item.pppoe_password();
      }
    }
    grpc::Status status = reader->Finish();
    EXPECT_TRUE(status.ok()) << status.error_message();
    return password;
  }

  static std::string CustomerPassword(const Metadata& metadata) {
    auto stub = customer::v1::CustomerService::NewStub(Channel("customer"));
    customer::v1::CustomerId request;
    request.set_id(customer_id_);
    request.set_with_password(true);  // asked for: only the services that use it get it
    customer::v1::Customer reply;
    grpc::Status status = stub->GetCustomer(Context(metadata).get(), request, &reply);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return reply.pppoe_password();
  }

  static inline int64_t customer_id_ = 0;
};

TEST_F(SecretsGoOnlyToTheirService, WhatsappTokenOnlyToMessaging) {
  EXPECT_EQ(Settings(As("messaging")), kWhatsappToken);
  for (const char* other : {"backup", "billing", "customer", "network", "auth", "gateway"}) {
    EXPECT_NE(Settings(As(other)), kWhatsappToken) << other;
  }
  EXPECT_NE(Settings(AsAdmin()), kWhatsappToken) << "a person through the gateway";
}

// The bulk feed only to network (it writes every PPP secret); one customer's also to messaging
// (the {password} placeholder of its templates).
TEST_F(SecretsGoOnlyToTheirService, PppoePasswordsOnlyToTheServicesThatUseThem) {
  EXPECT_EQ(BillablePassword(As("network")), kPppoePassword);
  EXPECT_EQ(CustomerPassword(As("network")), kPppoePassword);
  EXPECT_EQ(CustomerPassword(As("messaging")), kPppoePassword);
  for (const char* other : {"backup", "billing", "messaging", "auth", "gateway"}) {
    EXPECT_EQ(BillablePassword(As(other)), "") << other;
  }
  for (const char* other : {"backup", "billing", "auth", "gateway"}) {
    EXPECT_EQ(CustomerPassword(As(other)), "") << other;
  }
  // People see one only through the audited RevealPppoePassword.
  EXPECT_EQ(CustomerPassword(AsAdmin()), "") << "a person through the gateway";
}

// Without a user, only the network service may change a customer's status (its isolir policy).
TEST_F(SecretsGoOnlyToTheirService, OnlyNetworkIsolatesWithoutAUser) {
  auto stub = customer::v1::CustomerService::NewStub(Channel("customer"));
  customer::v1::SetStatusRequest request;
  request.set_id(customer_id_);
  request.set_status(customer::v1::CUSTOMER_STATUS_ISOLATED);
  request.set_reason("uji identitas");
  customer::v1::Customer reply;
  grpc::Status status = stub->SetStatus(Context(As("backup")).get(), request, &reply);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
  EXPECT_EQ(Sql("SELECT status FROM customer.customers WHERE id = " + std::to_string(customer_id_)),
            "active");
}

// The payment providers' keys only to payment (it signs the provider calls and checks the
// callbacks); messaging, which gets the WhatsApp token, gets them masked like everyone else.
TEST_F(SecretsGoOnlyToTheirService, PaymentKeysOnlyToPayment) {
  auto billing = bills::v1::BillingService::NewStub(Channel("billing"));
  bills::v1::SettingsDocument patch;
  patch.set_json(nlohmann::json({{"payment",
                                  {{"provider", "midtrans"},
                                   {"public_url", "https://tagihan.example.net"},
                                   {"midtrans", {{"server_key", "SB-Mid-server-rahasia"}}}}}})
                     .dump());
  bills::v1::Settings updated;
  grpc::Status saved = billing->UpdateSettings(Context(AsAdmin()).get(), patch, &updated);
  ASSERT_TRUE(saved.ok()) << saved.error_message();
  EXPECT_EQ(updated.payment().midtrans().server_key(), "***");
  auto server_key = [&](const Metadata& metadata) {
    bills::v1::GetSettingsRequest request;
    request.set_reveal_secrets(true);
    bills::v1::Settings reply;
    grpc::Status status = billing->GetSettings(Context(metadata).get(), request, &reply);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return reply.payment().midtrans().server_key();
  };
  EXPECT_EQ(server_key(As("payment")), "SB-Mid-server-rahasia");
  for (const char* other :
       {"messaging", "backup", "billing", "customer", "network", "auth", "gateway"}) {
    EXPECT_EQ(server_key(As(other)), "***") << other;
  }
  EXPECT_EQ(server_key(AsAdmin()), "***") << "a person through the gateway";
  EXPECT_NE(Settings(As("payment")), kWhatsappToken) << "payment does not send WhatsApp";
}

// Marking a bill paid online and queueing a portal sign-in code are the payment service's own.
TEST_F(SecretsGoOnlyToTheirService, OnlyPaymentMarksPaidOnlineOrSendsPortalCodes) {
  auto billing = bills::v1::BillingService::NewStub(Channel("billing"));
  auto messaging = messaging::v1::MessagingService::NewStub(Channel("messaging"));
  for (const Metadata& caller : {As("network"), As("messaging"), As("gateway"), AsAdmin()}) {
    bills::v1::MarkPaidOnlineRequest pay;
    pay.set_id(1);
    pay.set_amount(150000);
    pay.set_reference("palsu");
    bills::v1::MarkPaidOnlineReply paid;
    EXPECT_EQ(billing->MarkPaidOnline(Context(caller).get(), pay, &paid).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
    messaging::v1::PortalCodeRequest code;
    code.set_customer_id(customer_id_);
    code.set_phone("6281234567890");
    code.set_code("123456");
    messaging::v1::PortalCodeReply queued;
    EXPECT_EQ(messaging->SendPortalCode(Context(caller).get(), code, &queued).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }
}

}  // namespace
}  // namespace billing::testing

int main(int argc, char** argv) {
  billing::testing::UseFullStack(&argc, argv);
  return RUN_ALL_TESTS();
}
