// Attacks on restore and on backup files that must fail: a file with empty or partial data or
// without an active admin wipes nothing; a restore revives no session, neither a logged-out
// token nor one valid before; a backup file holds no secret in clear text, and only the right
// passphrase restores them.
#include <gtest/gtest.h>

#include "api_test.h"
#include "support/base64url.h"

namespace billing::testing {
namespace {

using nlohmann::json;

constexpr const char* kPassphrase = "frasa sandi cadangan";
constexpr const char* kWhatsappToken = "wa-token-rahasia-7Q2X";
constexpr const char* kRouterPassword = "router-sandi-rahasia-K9P4";
constexpr const char* kRadiusSecret = "radius-rahasia-M3V8";
constexpr const char* kPppoePassword = "pppoe-sandi-rahasia-T5J1";

// What "nothing changed" means, read straight from PostgreSQL: every row of every table that
// holds business data, users, revocations or secrets (not the network service's mirror and
// policy, which its own worker updates in the background).
std::string Fingerprint() {
  std::string all;
  for (const char* table :
       {"auth.users", "auth.revoked_tokens", "customer.packages", "customer.customers",
        "billing.transactions", "billing.settings", "network.routers"}) {
    all += std::string(table) + "=" +
           Sql(std::string("SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, '|' "
                           "ORDER BY t::text), '')) FROM ") +
               table + " t") +
           "\n";
  }
  return all;
}

HttpResponse Download(const std::string& token, const std::string& passphrase = kPassphrase) {
  return Stack().Http().Request(
      "GET", "/api/backup", "",
      {{"Authorization", "Bearer " + token}, {"X-Backup-Passphrase", passphrase}});
}

HttpResponse Restore(const std::string& token, const std::string& body,
                     const std::string& passphrase = kPassphrase) {
  return Stack().Http().Request("POST", "/api/restore", body,
                                {{"Authorization", "Bearer " + token},
                                 {"Content-Type", "application/json"},
                                 {"X-Backup-Passphrase", passphrase}});
}

// The upload in pieces, as the web UI does it.
HttpResponse UploadAndCommit(const std::string& token, const std::string& file,
                             const std::string& passphrase) {
  HttpResponse started = Stack().Http().PostJson("/api/restore/uploads", json::object(), token);
  if (started.status != 201) return started;
  std::string id = started.Json()["upload_id"];
  constexpr size_t kPiece = 1 << 20;
  for (size_t at = 0; at < file.size(); at += kPiece) {
    HttpResponse sent = Stack().Http().Request(
        "PUT", "/api/restore/uploads/" + id + "/chunks?offset=" + std::to_string(at),
        file.substr(at, kPiece),
        {{"Authorization", "Bearer " + token}, {"Content-Type", "application/octet-stream"}});
    if (sent.status != 200) return sent;
  }
  return Stack().Http().PostJson("/api/restore/uploads/" + id + "/commit",
                                 {{"passphrase", passphrase}}, token);
}

// The jti claim of a JWT (its payload is base64url JSON).
std::string TokenId(const std::string& token) {
  size_t first = token.find('.');
  std::string payload = token.substr(first + 1, token.find('.', first + 1) - first - 1);
  return json::parse(Base64UrlDecode(payload)).value("jti", "");
}

int VerifyStatus(const std::string& token) {
  return Stack().Http().Get("/api/auth/verify", token).status;
}

class RestoreAttacksTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    int64_t package_id = Admin().CreatePackage({{"name", "Paket Rahasia"}});
    ASSERT_GT(package_id, 0);
    ASSERT_GT(Admin().CreateInternetCustomer(package_id, {{"name", "Budi Rahasia"},
                                                          {"phone", "081234567890"},
                                                          {"pppoe_username", "budi.rahasia"},
                                                          {"pppoe_password", kPppoePassword}}),
              0);
    HttpResponse settings = Stack().Http().PostJson(
        "/api/settings", {{"whatsapp", {{"token", kWhatsappToken}}}}, admin_);
    ASSERT_EQ(settings.status, 200) << settings.Describe();
    HttpResponse router = Stack().Http().PostJson("/api/network/routers",
                                                  {{"name", "Router Rahasia"},
                                                   {"kind", "routeros"},
                                                   {"host", "192.0.2.7"},
                                                   {"username", "api"},
                                                   {"password", kRouterPassword},
                                                   {"enabled", false}},
                                                  admin_);
    ASSERT_EQ(router.status, 201) << router.Describe();
    HttpResponse nas = Stack().Http().PostJson("/api/network/routers",
                                               {{"name", "NAS Rahasia"},
                                                {"kind", "radius"},
                                                {"host", "192.0.2.8"},
                                                {"secret", kRadiusSecret},
                                                {"enabled", false}},
                                               admin_);
    ASSERT_EQ(nas.status, 201) << nas.Describe();
  }

  std::string Backup() {
    HttpResponse response = Download(admin_);
    EXPECT_EQ(response.status, 200) << response.Describe();
    return response.body;
  }
};

TEST_F(RestoreAttacksTest, EmptyPartialOrAdminlessFilesWipeNothing) {
  json good = json::parse(Backup());
  std::string before = Fingerprint();

  json empty = good;
  empty["data"] = json::object();
  json missing_table = good;
  missing_table["data"].erase("billing.transactions");
  json missing_users = good;
  missing_users["data"].erase("auth.users");
  json no_users = good;
  no_users["data"]["auth.users"] = json::array();
  json no_active_admin = good;
  for (auto& user : no_active_admin["data"]["auth.users"]) {
    if (user["role"] == "admin") user["active"] = false;
  }
  json only_staff = good;
  for (auto& user : only_staff["data"]["auth.users"]) user["role"] = "staff";

  struct Case {
    const char* what;
    json document;
    const char* field;
  };
  for (const Case& c :
       std::vector<Case>{{"empty data", empty, "data.auth.users"},
                         {"missing table", missing_table, "data.billing.transactions"},
                         {"no users table", missing_users, "data.auth.users"},
                         {"no users", no_users, "data.auth.users"},
                         {"no active admin", no_active_admin, "data.auth.users"},
                         {"only staff", only_staff, "data.auth.users"}}) {
    for (bool in_pieces : {false, true}) {
      HttpResponse response = in_pieces ? UploadAndCommit(admin_, c.document.dump(), kPassphrase)
                                        : Restore(admin_, c.document.dump());
      EXPECT_TRUE(ExpectErrorShape(response, 400, "invalid_argument")) << c.what;
      EXPECT_EQ(response.Json()["error"]["fields"].count(c.field), 1u)
          << c.what << ": " << response.Describe();
      EXPECT_EQ(Fingerprint(), before) << c.what;
    }
  }
  // The message names what is missing, in Indonesian.
  HttpResponse missing = Restore(admin_, missing_table.dump());
  std::string message = missing.Json()["error"]["message"];
  EXPECT_NE(message.find("billing.transactions"), std::string::npos) << message;
  EXPECT_NE(message.find("tidak ada"), std::string::npos) << message;
  EXPECT_EQ(VerifyStatus(admin_), 200);  // a refused restore ends no session either
}

TEST_F(RestoreAttacksTest, RestoreRevivesNoSession) {
  std::string file = Backup();  // made while every token below is still valid
  std::string logged_out = Login("admin", "admin123");
  std::string still_valid = Login("admin", "admin123");
  std::string staff = Login("staff", "staff123");
  ASSERT_EQ(Stack().Http().PostJson("/api/auth/logout", json::object(), logged_out).status, 200);
  ASSERT_EQ(VerifyStatus(logged_out), 401);
  ASSERT_EQ(VerifyStatus(still_valid), 200);
  ASSERT_EQ(VerifyStatus(staff), 200);

  HttpResponse restored = Restore(admin_, file);
  ASSERT_EQ(restored.status, 200) << restored.Describe();

  EXPECT_EQ(VerifyStatus(logged_out), 401) << "a logged-out token came back to life";
  EXPECT_EQ(Sql("SELECT count(*) FROM auth.revoked_tokens WHERE token_id = '" +
                TokenId(logged_out) + "'"),
            "1");
  EXPECT_EQ(VerifyStatus(still_valid), 401) << "a session survived the restore";
  EXPECT_EQ(VerifyStatus(staff), 401) << "a session survived the restore";
  EXPECT_EQ(VerifyStatus(admin_), 401) << "the restoring admin's own session survived";
  EXPECT_EQ(Stack().Http().Get("/api/customers", still_valid).status, 401);
  admin_ = Login("admin", "admin123");  // the restored users log in as before
  EXPECT_EQ(VerifyStatus(admin_), 200);
}

TEST_F(RestoreAttacksTest, BackupHoldsNoSecretInClearText) {
  std::string file = Backup();
  for (const char* secret : {kWhatsappToken, kRouterPassword, kRadiusSecret, kPppoePassword}) {
    EXPECT_EQ(file.find(secret), std::string::npos) << secret << " is in the backup file";
  }
  // The rest stays readable JSON.
  json document = json::parse(file);
  EXPECT_EQ(document["version"], 2);
  EXPECT_EQ(document["encryption"]["cipher"], "aes-256-gcm");
  bool found_customer = false;
  for (const auto& customer : document["data"]["customer.customers"]) {
    found_customer |= customer["pppoe_username"] == "budi.rahasia";
  }
  EXPECT_TRUE(found_customer);
  // No passphrase, or a short one: no backup at all.
  EXPECT_TRUE(ExpectErrorShape(Download(admin_, ""), 400, "invalid_argument"));
  EXPECT_TRUE(ExpectErrorShape(Download(admin_, "1234567"), 400, "invalid_argument"));
}

TEST_F(RestoreAttacksTest, OnlyTheRightPassphraseBringsSecretsBack) {
  std::string file = Backup();
  Sql("UPDATE network.routers SET password = 'diganti', secret = 'diganti'");
  Sql("UPDATE customer.customers SET pppoe_password = 'diganti'");
  Sql("UPDATE billing.settings SET document = jsonb_set(document, '{whatsapp,token}', "
      "'\"diganti\"')");
  std::string before = Fingerprint();
  for (bool in_pieces : {false, true}) {
    HttpResponse wrong = in_pieces ? UploadAndCommit(admin_, file, "frasa sandi yang salah")
                                   : Restore(admin_, file, "frasa sandi yang salah");
    EXPECT_TRUE(ExpectErrorShape(wrong, 400, "invalid_argument"));
    EXPECT_EQ(wrong.Json()["error"]["fields"].count("passphrase"), 1u) << wrong.Describe();
    EXPECT_EQ(Fingerprint(), before);
  }
  HttpResponse restored = UploadAndCommit(admin_, file, kPassphrase);
  ASSERT_EQ(restored.status, 200) << restored.Describe();
  EXPECT_EQ(Sql("SELECT password FROM network.routers WHERE name = 'Router Rahasia'"),
            kRouterPassword);
  EXPECT_EQ(Sql("SELECT secret FROM network.routers WHERE name = 'NAS Rahasia'"), kRadiusSecret);
  EXPECT_EQ(Sql("SELECT pppoe_password FROM customer.customers WHERE pppoe_username = "
                "'budi.rahasia'"),
            kPppoePassword);
  EXPECT_EQ(Sql("SELECT document->'whatsapp'->>'token' FROM billing.settings"), kWhatsappToken);
  admin_ = Login("admin", "admin123");
}

}  // namespace
}  // namespace billing::testing

int main(int argc, char** argv) {
  billing::testing::UseFullStack(&argc, argv);
  return RUN_ALL_TESTS();
}
