// Billing's and messaging's side of online payments (issue 15), asked over gRPC as the payment
// service asks (its own signed identity, no user), against the real services: the payment
// settings and who may read their keys, MarkPaidOnline (as at the counter: event, audit,
// method "online", the reference, by "sistem"; exactly once) and SendPortalCode (the code never
// in what staff can read).
#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <grpcpp/client_context.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <gtest/gtest.h>

#include "api_test.h"
#include "billing.grpc.pb.h"
#include "messaging.grpc.pb.h"
#include "rpc/identity.h"
#include "support/fake_whatsapp.h"
#include "support/wait_for.h"

namespace billing::testing {
namespace {

using nlohmann::json;
namespace bills_v1 = billing::bills::v1;
namespace messaging_v1 = billing::messaging::v1;

// A token as `service` would sign it now, with the suite's key (rpc/identity.h).
std::string ServiceToken(const std::string& service) {
  int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  rpc::IdentityClaims claims;
  claims.service = service;
  claims.issued_at = now;
  claims.expires_at = now + 60;
  return rpc::SignIdentity(claims, Stack().ServiceKey());
}

const json kTripay = {{"provider", "tripay"},
                      {"public_url", "https://tagihan.example.net/"},
                      {"tripay",
                       {{"merchant_code", "T0001"},
                        {"api_key", "DEV-api-key-123"},
                        {"private_key", "priv-key-456"}}}};

class PaymentInternalApiTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    package_id_ =
        Admin().CreatePackage({{"name", "Paket 10 Mbps"}, {"speed", "10 Mbps"}, {"price", 150000}});
    billing_ = bills_v1::BillingService::NewStub(
        grpc::CreateChannel(Stack().ServiceAddr("billing"), grpc::InsecureChannelCredentials()));
    messaging_ = messaging_v1::MessagingService::NewStub(
        grpc::CreateChannel(Stack().ServiceAddr("messaging"), grpc::InsecureChannelCredentials()));
  }

  std::unique_ptr<grpc::ClientContext> As(const std::string& service) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    context->AddMetadata(rpc::kIdentityMetadata, ServiceToken(service));
    return context;
  }

  int64_t NewBill(int64_t amount = 150000) {
    static int counter = 0;
    std::string digits = std::to_string(30000000 + ++counter * 7919);
    int64_t customer =
        Staff().CreateInternetCustomer(package_id_, {{"name", "Pelanggan Online"},
                                                     {"phone", "0815-" + digits},
                                                     {"pppoe_username", UniqueName("online")},
                                                     {"pppoe_password", "sandi-" + digits}});
    customer_ = customer;
    return Staff()
        .CreateBill(customer, "2026-11", {{"amount", amount}, {"due_date", "2026-11-10"}})
        .value("id", int64_t{0});
  }

  grpc::Status PayOnline(const std::string& service, int64_t id, int64_t amount,
                         const std::string& reference, bills_v1::MarkPaidOnlineReply* reply) {
    bills_v1::MarkPaidOnlineRequest request;
    request.set_id(id);
    request.set_amount(amount);
    request.set_reference(reference);
    return billing_->MarkPaidOnline(As(service).get(), request, reply);
  }

  bills_v1::Settings SettingsAs(const std::string& service) {
    bills_v1::GetSettingsRequest request;
    request.set_reveal_secrets(true);
    bills_v1::Settings reply;
    grpc::Status status = billing_->GetSettings(As(service).get(), request, &reply);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return reply;
  }

  int64_t package_id_ = 0;
  int64_t customer_ = 0;
  std::unique_ptr<bills_v1::BillingService::Stub> billing_;
  std::unique_ptr<messaging_v1::MessagingService::Stub> messaging_;
};

TEST_F(PaymentInternalApiTest, PaymentSettingsNeedTheProvidersKeysAndMaskThem) {
  HttpResponse missing = Stack().Http().PostJson(
      "/api/settings", {{"payment", {{"provider", "xendit"}, {"link_hours", 200}}}}, admin_);
  ASSERT_EQ(missing.status, 400) << missing.Describe();
  json fields = missing.Json()["error"]["fields"];
  EXPECT_TRUE(fields.contains("payment.link_hours")) << fields.dump();
  HttpResponse keys =
      Stack().Http().PostJson("/api/settings", {{"payment", {{"provider", "xendit"}}}}, admin_);
  ASSERT_EQ(keys.status, 400) << keys.Describe();
  fields = keys.Json()["error"]["fields"];
  for (const char* field :
       {"payment.xendit.secret_key", "payment.xendit.callback_token", "payment.public_url"}) {
    EXPECT_TRUE(fields.contains(field)) << field << " " << fields.dump();
  }

  HttpResponse saved = Stack().Http().PostJson("/api/settings", {{"payment", kTripay}}, admin_);
  ASSERT_EQ(saved.status, 200) << saved.Describe();
  EXPECT_EQ(saved.body.find("priv-key-456"), std::string::npos);
  json shown = Stack().Http().Get("/api/settings", staff_).Json()["payment"];
  EXPECT_EQ(shown["tripay"]["private_key"], "***");
  EXPECT_EQ(shown["tripay"]["api_key"], "***");
  EXPECT_EQ(shown["tripay"]["merchant_code"], "T0001");
  EXPECT_EQ(shown["public_url"], "https://tagihan.example.net");
  // The form sends the masks back: the keys stay.
  ASSERT_EQ(Stack().Http().PostJson("/api/settings", {{"payment", shown}}, admin_).status, 200);
  EXPECT_EQ(SettingsAs("payment").payment().tripay().private_key(), "priv-key-456");
  EXPECT_EQ(SettingsAs("payment").payment().tripay().api_key(), "DEV-api-key-123");
  // Each service reads only its own secrets; any other gets masks.
  EXPECT_EQ(SettingsAs("messaging").payment().tripay().private_key(), "***");
  EXPECT_EQ(SettingsAs("network").payment().tripay().private_key(), "***");
}

TEST_F(PaymentInternalApiTest, MarkPaidOnlineIsACounterPaymentBySistemWithTheReference) {
  int64_t id = NewBill();
  bills_v1::MarkPaidOnlineReply reply;
  grpc::Status status = PayOnline("payment", id, 150000, "T0001ABC/INV-1", &reply);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(reply.result(), "marked");
  EXPECT_EQ(reply.transaction().payment_reference(), "T0001ABC/INV-1");
  json shown = Stack().Http().Get("/api/transactions/" + std::to_string(id), staff_).Json();
  EXPECT_EQ(shown["status"], "paid");
  EXPECT_EQ(shown["payment_method"], "online");
  EXPECT_EQ(shown["payment_reference"], "T0001ABC/INV-1");
  EXPECT_EQ(shown["paid_by"], "sistem");
  EXPECT_EQ(shown["paid_amount"], 150000);
  EXPECT_EQ(Sql("SELECT count(*) FROM events.outbox WHERE action = 'mark_lunas' AND entity_id = '" +
                std::to_string(id) + "' AND actor_username = 'sistem'"),
            "1");

  // Again (a repeated callback): the same transaction, nothing new.
  bills_v1::MarkPaidOnlineReply again;
  ASSERT_TRUE(PayOnline("payment", id, 150000, "T0001ABC/INV-1", &again).ok());
  EXPECT_EQ(again.result(), "already_paid");
  EXPECT_EQ(Sql("SELECT count(*) FROM events.outbox WHERE action = 'mark_lunas' AND entity_id = '" +
                std::to_string(id) + "'"),
            "1");
}

TEST_F(PaymentInternalApiTest, MarkPaidOnlineRefusesOthersWrongAmountsAndUnknownBills) {
  int64_t id = NewBill();
  bills_v1::MarkPaidOnlineReply reply;
  EXPECT_EQ(PayOnline("network", id, 150000, "R1", &reply).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(PayOnline("payment", id, 149000, "R1", &reply).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(PayOnline("payment", id + 100000, 150000, "R1", &reply).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(PayOnline("payment", id, 150000, "", &reply).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Stack().Http().Get("/api/transactions/" + std::to_string(id), staff_).Json()["status"],
            "unpaid");
  // The counter cannot claim an online payment.
  HttpResponse counter = Stack().Http().PostJson(
      "/api/transactions/" + std::to_string(id) + "/mark-lunas", {{"method", "online"}}, staff_);
  EXPECT_EQ(counter.status, 400) << counter.Describe();
}

TEST_F(PaymentInternalApiTest, ConcurrentOnlinePaymentsOfOneBillMarkItOnce) {
  int64_t id = NewBill();
  std::vector<std::string> results(10);
  std::vector<std::thread> threads;
  for (int i = 0; i < 10; ++i) {
    threads.emplace_back([&, i] {
      bills_v1::MarkPaidOnlineReply reply;
      grpc::Status status = PayOnline("payment", id, 150000, "R-" + std::to_string(i), &reply);
      results[i] = status.ok() ? reply.result() : status.error_message();
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(std::count(results.begin(), results.end(), "marked"), 1);
  EXPECT_EQ(std::count(results.begin(), results.end(), "already_paid"), 9);
  EXPECT_EQ(Sql("SELECT count(*) FROM events.outbox WHERE action = 'mark_lunas' AND entity_id = '" +
                std::to_string(id) + "'"),
            "1");
}

TEST_F(PaymentInternalApiTest, APortalCodeIsQueuedFirstAndNeverShownInClear) {
  HttpResponse settings = Stack().Http().PostJson("/api/settings",
                                                  {{"business", {{"name", "Sejahtera Net"}}},
                                                   {"whatsapp",
                                                    {{"provider", "gateway"},
                                                     {"base_url", "http://127.0.0.1:9"},
                                                     {"token", "tok-code"},
                                                     {"remind_overdue", false},
                                                     {"reminder_days_before", 0},
                                                     {"send_receipt", false}}}},
                                                  admin_);
  ASSERT_EQ(settings.status, 200) << settings.Describe();
  ASSERT_EQ(Stack().Http().Post("/api/whatsapp/stop", "", BearerHeaders(admin_)).status, 200);
  NewBill();
  auto send = [&](const std::string& service, const std::string& code,
                  messaging_v1::PortalCodeReply* reply) {
    messaging_v1::PortalCodeRequest request;
    request.set_customer_id(customer_);
    request.set_phone("6281234567890");
    request.set_code(code);
    request.set_valid_minutes(5);
    return messaging_->SendPortalCode(As(service).get(), request, reply);
  };
  messaging_v1::PortalCodeReply reply;
  EXPECT_EQ(send("network", "482731", &reply).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(send("payment", "48273", &reply).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  grpc::Status status = send("payment", "482731", &reply);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_GT(reply.message_id(), 0);
  // One per customer in 30 s.
  EXPECT_EQ(send("payment", "111222", &reply).error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);

  HttpResponse listed = Stack().Http().Get("/api/whatsapp/messages?limit=50", admin_);
  ASSERT_EQ(listed.status, 200) << listed.Describe();
  EXPECT_EQ(listed.body.find("482731"), std::string::npos) << listed.body;
  EXPECT_NE(listed.body.find("Kode masuk Cek Tagihan Sejahtera Net: ******"), std::string::npos)
      << listed.body;
  EXPECT_EQ(Sql("SELECT customer_name FROM messaging.messages WHERE id = " +
                std::to_string(reply.message_id())),
            "Pelanggan Online");
  EXPECT_EQ(Sql("SELECT count(*) FROM events.outbox WHERE changes::text LIKE '%482731%' OR "
                "summary LIKE '%482731%'"),
            "0");
  EXPECT_EQ(Sql("SELECT count(*) FROM messaging.messages WHERE body LIKE '%482731%' OR "
                "params::text LIKE '%482731%'"),
            "0");
}

// Through a real send: the code goes out before a message queued earlier, in clear to the
// provider only, and is gone from the queue once sent.
TEST_F(PaymentInternalApiTest, APortalCodeGoesOutFirstAndItsCodeIsThenForgotten) {
  FakeWhatsapp fake;
  HttpResponse settings = Stack().Http().PostJson("/api/settings",
                                                  {{"business", {{"name", "Sejahtera Net"}}},
                                                   {"whatsapp",
                                                    {{"provider", "gateway"},
                                                     {"base_url", fake.BaseUrl()},
                                                     {"token", "tok-code"},
                                                     {"remind_overdue", false},
                                                     {"reminder_days_before", 0},
                                                     {"send_receipt", false}}}},
                                                  admin_);
  ASSERT_EQ(settings.status, 200) << settings.Describe();
  ASSERT_EQ(Stack().Http().Post("/api/whatsapp/stop", "", BearerHeaders(admin_)).status, 200);
  NewBill();
  HttpResponse bill =
      Stack().Http().PostJson("/api/whatsapp/send-billing", {{"customer_id", customer_}}, staff_);
  ASSERT_EQ(bill.status, 202) << bill.Describe();
  messaging_v1::PortalCodeRequest request;
  request.set_customer_id(customer_);
  request.set_phone("6281299990000");
  request.set_code("905517");
  messaging_v1::PortalCodeReply reply;
  grpc::Status status = messaging_->SendPortalCode(As("payment").get(), request, &reply);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(
      Sql("SELECT secret FROM messaging.messages WHERE id = " + std::to_string(reply.message_id())),
      "905517");

  ASSERT_EQ(Stack().Http().Post("/api/whatsapp/start", "", BearerHeaders(admin_)).status, 200);
  ASSERT_TRUE(WaitFor([&] { return fake.RequestsTo("/send").size() >= 2; },
                      std::chrono::seconds(30), "two sends"));
  auto sends = fake.RequestsTo("/send");
  EXPECT_EQ(sends[0].Form()["target"], "6281299990000");
  EXPECT_NE(sends[0].Form()["message"].find("Sejahtera Net: 905517. Berlaku 5 menit."),
            std::string::npos)
      << sends[0].body;
  EXPECT_EQ(sends[1].Form()["message"].find("905517"), std::string::npos);
  ASSERT_TRUE(WaitFor(
      [&] {
        return Sql("SELECT status FROM messaging.messages WHERE id = " +
                   std::to_string(reply.message_id())) == "sent";
      },
      std::chrono::seconds(10), "the code message recorded as sent"));
  EXPECT_EQ(Sql("SELECT count(*) FROM messaging.messages WHERE secret IS NOT NULL"), "0");
  EXPECT_EQ(Stack().Http().Get("/api/whatsapp/messages?limit=50", admin_).body.find("905517"),
            std::string::npos);
}

}  // namespace
}  // namespace billing::testing

int main(int argc, char** argv) {
  billing::testing::UseFullStack(&argc, argv);
  return RUN_ALL_TESTS();
}
