// The network service's two questions, asked over gRPC as it asks them (its own signed service
// identity, no user):
// BillingService.ListOverdue and MessagingService.SendNotice, against the real services, with
// the customers, bills and payments made through the gateway's HTTP API.
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <grpcpp/client_context.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <gtest/gtest.h>

#include "api_test.h"
#include "billing.grpc.pb.h"
#include "errors/error.h"
#include "errors/grpc_status.h"
#include "messaging.grpc.pb.h"
#include "rpc/identity.h"

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

// "YYYY-MM-DD" `days` before `date`.
std::string DaysBefore(const std::string& date, int days) {
  using namespace std::chrono;
  int y = 0;
  unsigned m = 0, d = 0;
  EXPECT_EQ(std::sscanf(date.c_str(), "%d-%u-%u", &y, &m, &d), 3) << date;
  year_month_day shifted{sys_days{year{y} / m / d} - std::chrono::days{days}};
  char out[16];
  std::snprintf(out, sizeof(out), "%04d-%02u-%02u", static_cast<int>(shifted.year()),
                static_cast<unsigned>(shifted.month()), static_cast<unsigned>(shifted.day()));
  return out;
}

int64_t Count(const std::string& query) { return std::stoll(Sql(query)); }

class OverdueNoticeTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    package_id_ =
        Admin().CreatePackage({{"name", "Paket 5 Mbps"}, {"speed", "5 Mbps"}, {"price", 100000}});
    ASSERT_GT(package_id_, 0);
    // A provider that is never reached: sending is switched off below, so notices wait in the
    // queue; the reminder scheduler stays quiet so only notices are queued.
    HttpResponse settings =
        Stack().Http().PostJson("/api/settings",
                                {{"business", {{"name", "Sejahtera Net"}}},
                                 {"billing", {{"auto_run", false}}},  // no bills but the test's own
                                 {"whatsapp",
                                  {{"provider", "gateway"},
                                   {"base_url", "http://127.0.0.1:9"},
                                   {"token", "tok-notice"},
                                   {"remind_overdue", false},
                                   {"reminder_days_before", 0},
                                   {"send_receipt", false}}}},
                                admin_);
    ASSERT_EQ(settings.status, 200) << settings.Describe();
    HttpResponse stop = Stack().Http().Post("/api/whatsapp/stop", "", BearerHeaders(admin_));
    ASSERT_EQ(stop.status, 200) << stop.Describe();
    billing_ = bills_v1::BillingService::NewStub(
        grpc::CreateChannel(Stack().ServiceAddr("billing"), grpc::InsecureChannelCredentials()));
    messaging_ = messaging_v1::MessagingService::NewStub(
        grpc::CreateChannel(Stack().ServiceAddr("messaging"), grpc::InsecureChannelCredentials()));
  }

  static void TearDownTestSuite() {
    billing_.reset();
    messaging_.reset();
  }

  static int64_t NewCustomer(const std::string& type, const std::string& name) {
    static int counter = 0;
    std::string digits = std::to_string(20000000 + ++counter * 7919);
    json fields = {{"name", name}, {"phone", "0815-" + digits}};
    if (type != "internet")
      return Staff().CreateGasCustomer(Merged(fields, {{"gas_price", 22000}}));
    return Staff().CreateInternetCustomer(package_id_,
                                          Merged(fields, {{"pppoe_username", UniqueName("isolir")},
                                                          {"pppoe_password", "sandi-" + digits},
                                                          {"due_day", 10}}));
  }

  static int64_t NewBill(int64_t customer, const std::string& period, const std::string& due) {
    return Staff().CreateBill(customer, period, {{"due_date", due}}).value("id", int64_t{0});
  }

  static void MarkLunas(int64_t transaction) {
    ASSERT_FALSE(Staff().MarkPaid(transaction).empty());
  }

  // ListOverdue as the network service asks it: as itself, no user.
  static grpc::Status Overdue(int grace_days, int64_t customer_id,
                              bills_v1::ListOverdueReply* out) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    context.AddMetadata(rpc::kIdentityMetadata, ServiceToken("network"));
    bills_v1::ListOverdueRequest request;
    request.set_grace_days(grace_days);
    request.set_customer_id(customer_id);
    return billing_->ListOverdue(&context, request, out);
  }

  // Our customers in the reply (other tests of this binary add their own), in reply order.
  static std::vector<bills_v1::OverdueCustomer> Only(const bills_v1::ListOverdueReply& reply,
                                                     const std::set<int64_t>& ours) {
    std::vector<bills_v1::OverdueCustomer> out;
    for (const auto& item : reply.items()) {
      if (ours.count(item.customer_id())) out.push_back(item);
    }
    return out;
  }

  static std::string Today() {
    bills_v1::ListOverdueReply reply;
    grpc::Status status = Overdue(0, 0, &reply);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return reply.today();
  }

  static grpc::Status Notice(int64_t customer, const std::string& kind, const std::string& key,
                             messaging_v1::NoticeReply* out,
                             const std::string& reason = "Tunggakan",
                             const std::map<std::string, std::string>& metadata = {
                                 {rpc::kIdentityMetadata, ServiceToken("network")}}) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    for (const auto& [name, value] : metadata) context.AddMetadata(name, value);
    messaging_v1::NoticeRequest request;
    request.set_customer_id(customer);
    request.set_kind(kind);
    request.set_key(key);
    request.set_reason(reason);
    return messaging_->SendNotice(&context, request, out);
  }

  static int64_t Notices(int64_t customer) {
    return Count("SELECT count(*) FROM messaging.messages WHERE customer_id = " +
                 std::to_string(customer) + " AND kind IN ('isolir', 'reconnect')");
  }

  static inline int64_t package_id_ = 0;
  static inline std::unique_ptr<bills_v1::BillingService::Stub> billing_;
  static inline std::unique_ptr<messaging_v1::MessagingService::Stub> messaging_;
};

TEST_F(OverdueNoticeTest, ListOverdueCountsUnpaidInternetBillsPastDuePlusGrace) {
  std::string today = Today();
  ASSERT_EQ(today.size(), 10u);
  int64_t yesterday = NewCustomer("internet", "Andi Kemarin");
  NewBill(yesterday, "2026-01", DaysBefore(today, 1));
  int64_t long_ago = NewCustomer("internet", "Bayu Lama");
  int64_t oldest = NewBill(long_ago, "2026-01", DaysBefore(today, 10));
  int64_t newer = NewBill(long_ago, "2026-02", DaysBefore(today, 5));
  int64_t due_today = NewCustomer("internet", "Citra Hari Ini");
  NewBill(due_today, "2026-01", today);
  int64_t paid_up = NewCustomer("internet", "Dewi Lunas");
  MarkLunas(NewBill(paid_up, "2026-01", DaysBefore(today, 10)));
  int64_t gas = NewCustomer("gas", "Pangkalan Eko");
  HttpResponse sale = Stack().Http().PostJson(
      "/api/transactions",
      {{"customer_id", gas},
       {"due_date", DaysBefore(today, 10)},
       {"items", {{{"name", "LPG 3 kg"}, {"qty", 1}, {"unit_price", 22000}}}}},
      staff_);
  ASSERT_EQ(sale.status, 201) << sale.Describe();
  std::set<int64_t> ours = {yesterday, long_ago, due_today, paid_up, gas};

  bills_v1::ListOverdueReply none_grace;
  ASSERT_TRUE(Overdue(0, 0, &none_grace).ok());
  EXPECT_EQ(none_grace.today(), today);
  auto items = Only(none_grace, ours);
  ASSERT_EQ(items.size(), 2u);  // due today, paid, gas: not overdue
  EXPECT_EQ(items[0].customer_id(), std::min(yesterday, long_ago));
  EXPECT_EQ(items[1].customer_id(), std::max(yesterday, long_ago));
  const auto& bayu = items[0].customer_id() == long_ago ? items[0] : items[1];
  EXPECT_EQ(bayu.bills(), 2);
  EXPECT_EQ(bayu.total(), 200000);
  EXPECT_EQ(bayu.oldest_due_date(), DaysBefore(today, 10));
  for (int i = 1; i < none_grace.items_size(); ++i) {
    EXPECT_LT(none_grace.items(i - 1).customer_id(), none_grace.items(i).customer_id());
  }

  // Three days' grace: due 5 and 10 days ago are past it, yesterday's bill is not.
  bills_v1::ListOverdueReply three;
  ASSERT_TRUE(Overdue(3, 0, &three).ok());
  items = Only(three, ours);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].customer_id(), long_ago);
  EXPECT_EQ(items[0].bills(), 2);
  // Seven days' grace: only the bill due 10 days ago counts.
  bills_v1::ListOverdueReply seven;
  ASSERT_TRUE(Overdue(7, long_ago, &seven).ok());
  ASSERT_EQ(seven.items_size(), 1);
  EXPECT_EQ(seven.items(0).bills(), 1);
  EXPECT_EQ(seven.items(0).total(), 100000);

  bills_v1::ListOverdueReply one;
  ASSERT_TRUE(Overdue(0, yesterday, &one).ok());
  ASSERT_EQ(one.items_size(), 1);
  EXPECT_EQ(one.items(0).customer_id(), yesterday);
  bills_v1::ListOverdueReply not_overdue;
  ASSERT_TRUE(Overdue(0, due_today, &not_overdue).ok());
  EXPECT_EQ(not_overdue.items_size(), 0);

  // Paying every overdue bill takes the customer off the list.
  MarkLunas(oldest);
  bills_v1::ListOverdueReply half_paid;
  ASSERT_TRUE(Overdue(0, long_ago, &half_paid).ok());
  ASSERT_EQ(half_paid.items_size(), 1);
  EXPECT_EQ(half_paid.items(0).bills(), 1);
  MarkLunas(newer);
  bills_v1::ListOverdueReply paid;
  ASSERT_TRUE(Overdue(0, long_ago, &paid).ok());
  EXPECT_EQ(paid.items_size(), 0);
}

TEST_F(OverdueNoticeTest, ListOverdueRefusesGraceDaysOutsideZeroToSixty) {
  bills_v1::ListOverdueReply reply;
  ASSERT_TRUE(Overdue(60, 0, &reply).ok());
  for (int bad : {-1, 61, 365}) {
    grpc::Status status = Overdue(bad, 0, &reply);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << bad;
    errors::Error error = errors::FromGrpcStatus(status);
    EXPECT_EQ(error.code(), errors::Code::kInvalidArgument) << bad;
    EXPECT_EQ(error.fields().count("grace_days"), 1u) << bad;
    EXPECT_FALSE(error.message().empty());
  }
}

TEST_F(OverdueNoticeTest, SendNoticeQueuesOneMessagePerKey) {
  int64_t customer = NewCustomer("internet", "Eka Isolir");
  messaging_v1::NoticeReply first;
  grpc::Status status = Notice(customer, "isolir", "isolir:" + std::to_string(customer) + ":1",
                               &first, "Tunggakan 2 bulan");
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(first.queued());
  EXPECT_GT(first.message_id(), 0);

  messaging_v1::NoticeReply again;
  ASSERT_TRUE(Notice(customer, "isolir", "isolir:" + std::to_string(customer) + ":1", &again).ok());
  EXPECT_FALSE(again.queued());
  EXPECT_EQ(again.message_id(), first.message_id());
  EXPECT_EQ(Notices(customer), 1);

  // Stored as an automatic isolir message, waiting while sending is switched off.
  std::string id = std::to_string(first.message_id());
  std::string phone =
      Sql("SELECT phone FROM customer.customers WHERE id = " + std::to_string(customer));
  EXPECT_EQ(phone.rfind("62815", 0), 0u) << phone;
  EXPECT_EQ(Sql("SELECT trigger || '|' || kind || '|' || status || '|' || phone FROM "
                "messaging.messages WHERE id = " +
                id),
            "auto|isolir|queued|" + phone);
  std::string body = Sql("SELECT body FROM messaging.messages WHERE id = " + id);
  EXPECT_NE(body.find("Yth. Eka Isolir"), std::string::npos) << body;
  EXPECT_NE(body.find("Alasan: Tunggakan 2 bulan."), std::string::npos) << body;
  EXPECT_NE(body.find("Sejahtera Net"), std::string::npos) << body;
  EXPECT_EQ(Count("SELECT count(*) FROM events.outbox WHERE service = 'messaging' AND "
                  "entity = 'message' AND action = 'auto' AND entity_id = '" +
                  id + "'"),
            1);
  // Staff see it in the message list.
  HttpResponse list =
      Stack().Http().Get("/api/whatsapp/messages?customer_id=" + std::to_string(customer), staff_);
  ASSERT_EQ(list.status, 200) << list.Describe();
  ASSERT_EQ(list.Json()["items"].size(), 1u);
  EXPECT_EQ(list.Json()["items"][0]["kind"], "isolir");
  EXPECT_EQ(list.Json()["items"][0]["trigger"], "auto");

  messaging_v1::NoticeReply second;
  ASSERT_TRUE(
      Notice(customer, "isolir", "isolir:" + std::to_string(customer) + ":2", &second).ok());
  EXPECT_TRUE(second.queued());
  EXPECT_NE(second.message_id(), first.message_id());
  messaging_v1::NoticeReply back;
  ASSERT_TRUE(Notice(customer, "reconnect", "reconnect:" + std::to_string(customer) + ":3", &back,
                     "Sudah lunas")
                  .ok());
  EXPECT_TRUE(back.queued());
  EXPECT_EQ(Notices(customer), 3);
  std::string reconnect =
      Sql("SELECT body FROM messaging.messages WHERE id = " + std::to_string(back.message_id()));
  EXPECT_NE(reconnect.find("sudah aktif kembali"), std::string::npos) << reconnect;
}

TEST_F(OverdueNoticeTest, SendNoticeRefusesBadRequestsAndQueuesNothing) {
  int64_t customer = NewCustomer("internet", "Fajar Salah");
  int64_t gas = NewCustomer("gas", "Warung Gita");
  int64_t before = Count("SELECT count(*) FROM messaging.messages");
  messaging_v1::NoticeReply reply;
  struct Case {
    int64_t customer;
    std::string kind;
    std::string key;
    grpc::StatusCode code;
    const char* field;
  };
  std::vector<Case> cases = {
      {customer, "reminder", "k-1", grpc::StatusCode::INVALID_ARGUMENT, "kind"},
      {customer, "", "k-2", grpc::StatusCode::INVALID_ARGUMENT, "kind"},
      {customer, "ISOLIR", "k-3", grpc::StatusCode::INVALID_ARGUMENT, "kind"},
      {customer, "isolir", "", grpc::StatusCode::INVALID_ARGUMENT, "key"},
      {customer, "isolir", std::string(201, 'k'), grpc::StatusCode::INVALID_ARGUMENT, "key"},
      {0, "isolir", "k-4", grpc::StatusCode::INVALID_ARGUMENT, "customer_id"},
      {99999999, "isolir", "k-5", grpc::StatusCode::NOT_FOUND, nullptr},
      {gas, "isolir", "k-6", grpc::StatusCode::FAILED_PRECONDITION, nullptr},
  };
  for (const auto& c : cases) {
    grpc::Status status = Notice(c.customer, c.kind, c.key, &reply);
    EXPECT_EQ(status.error_code(), c.code) << c.kind << " " << c.key << " " << c.customer;
    EXPECT_FALSE(status.error_message().empty());
    if (c.field) {
      EXPECT_EQ(errors::FromGrpcStatus(status).fields().count(c.field), 1u) << c.field;
    }
  }
  grpc::Status long_reason = Notice(customer, "isolir", "k-7", &reply, std::string(201, 'a'));
  EXPECT_EQ(long_reason.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  // Forged actor metadata without a signed identity is refused, and a service other than
  // network may not send a notice without a user.
  grpc::Status forged =
      Notice(customer, "isolir", "k-8", &reply, "x", {{"x-actor-username", "tamu"}});
  EXPECT_EQ(forged.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  grpc::Status other_service = Notice(customer, "isolir", "k-8", &reply, "x",
                                      {{rpc::kIdentityMetadata, ServiceToken("backup")}});
  EXPECT_EQ(other_service.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Count("SELECT count(*) FROM messaging.messages"), before);

  // Rows from before the phone became required may have none; the schema forbids it now, so
  // the test lifts that check in its own throwaway database.
  Sql("ALTER TABLE customer.customers DROP CONSTRAINT IF EXISTS customers_phone_check");
  Sql("UPDATE customer.customers SET phone = '' WHERE id = " + std::to_string(customer));
  grpc::Status no_phone = Notice(customer, "isolir", "k-9", &reply);
  EXPECT_EQ(no_phone.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(no_phone.error_message().find("nomor WhatsApp"), std::string::npos)
      << no_phone.error_message();
  EXPECT_EQ(Count("SELECT count(*) FROM messaging.messages"), before);
  // A refused notice does not use up its key.
  EXPECT_EQ(Count("SELECT count(*) FROM messaging.notice_keys WHERE key LIKE 'k-%'"), 0);
}

TEST_F(OverdueNoticeTest, NoticeTemplatesAreSettingsWithTheReasonPlaceholder) {
  json defaults = Stack().Http().Get("/api/settings", staff_).Json();
  std::string isolir = defaults["templates"]["isolir"];
  EXPECT_NE(isolir.find("{alasan}"), std::string::npos) << isolir;
  EXPECT_NE(defaults["templates"]["reconnect"].get<std::string>().find("aktif kembali"),
            std::string::npos);

  HttpResponse bad = Stack().Http().PostJson(
      "/api/settings",
      {{"templates", {{"isolir", "Yth. {nama} {perusahaan}"}, {"reconnect", "{nama"}}}}, admin_);
  EXPECT_TRUE(ExpectErrorShape(bad, 400, "invalid_argument"));
  EXPECT_EQ(bad.Json()["error"]["fields"].count("templates.isolir"), 1u) << bad.Describe();
  EXPECT_EQ(bad.Json()["error"]["fields"].count("templates.reconnect"), 1u) << bad.Describe();
  HttpResponse not_for_bills = Stack().Http().PostJson(
      "/api/settings", {{"templates", {{"reminder", "Halo {nama}: {alasan}"}}}}, admin_);
  EXPECT_TRUE(ExpectErrorShape(not_for_bills, 400, "invalid_argument"));

  HttpResponse saved = Stack().Http().PostJson(
      "/api/settings", {{"templates", {{"reconnect", "Halo {nama} ({username}), {alasan}"}}}},
      admin_);
  ASSERT_EQ(saved.status, 200) << saved.Describe();
  int64_t customer = NewCustomer("internet", "Hadi Pratinjau");
  HttpResponse preview = Stack().Http().PostJson(
      "/api/whatsapp/preview", {{"kind", "reconnect"}, {"customer_id", customer}}, staff_);
  ASSERT_EQ(preview.status, 200) << preview.Describe();
  std::string text = preview.Json()["text"];
  EXPECT_EQ(text.rfind("Halo Hadi Pratinjau (isolir", 0), 0u) << text;
  HttpResponse restore = Stack().Http().PostJson(
      "/api/settings", {{"templates", {{"reconnect", defaults["templates"]["reconnect"]}}}},
      admin_);
  ASSERT_EQ(restore.status, 200) << restore.Describe();
}

}  // namespace
}  // namespace billing::testing

int main(int argc, char** argv) {
  billing::testing::UseFullStack(&argc, argv);
  return RUN_ALL_TESTS();
}
