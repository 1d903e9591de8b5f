// Backup and restore through the gateway: a full round trip (one request, multipart, and the
// upload in pieces), every kind of bad file refused with nothing changed, passphrases, and
// admin-only access. Every restore ends every session, so tests log in again after one.
#include <gtest/gtest.h>

#include "api_test.h"
#include "support/wait_for.h"

namespace billing::testing {
namespace {

using nlohmann::json;

constexpr const char* kPassphrase = "sandi cadangan 2026";

class BackupApiTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    int64_t package_id =
        Admin().CreatePackage({{"name", "Paket 20 Mbps"}, {"speed", "20 Mbps"}, {"price", 250000}});
    ASSERT_GT(package_id, 0);
    for (int i = 0; i < 3; ++i) {
      int64_t customer = Staff().CreateInternetCustomer(
          package_id, {{"name", "Pelanggan " + std::to_string(i)},
                       {"phone", "08123456780" + std::to_string(i)},
                       {"address", "Jl. Mawar"},
                       {"pppoe_username", "cadangan" + std::to_string(i)},
                       {"due_day", 10}});
      ASSERT_GT(customer, 0);
      json bill = Staff().CreateBill(customer, "2026-10");
      ASSERT_TRUE(bill.contains("id"));
      if (i == 0) {
        ASSERT_FALSE(Staff().MarkPaid(bill["id"].get<int64_t>()).empty());
      }
    }
    ASSERT_EQ(Stack()
                  .Http()
                  .PostJson("/api/settings", {{"business", {{"name", "Cadangan Net"}}}}, admin_)
                  .status,
              200);
    CreateUser(admin_, "kasir.cadangan", "password-1", "staff");
    // Network settings: a (disabled) router with its password, and the isolir policy.
    ASSERT_EQ(Stack()
                  .Http()
                  .PostJson("/api/network/routers",
                            {{"name", "Router Cadangan"},
                             {"kind", "routeros"},
                             {"host", "192.0.2.1"},
                             {"username", "api"},
                             {"password", "router-pw"},
                             {"enabled", false}},
                            admin_)
                  .status,
              201);
    ASSERT_EQ(Stack().Http().PutJson("/api/network/policy", {{"grace_days", 9}}, admin_).status,
              200);
  }

  // Everything a staff member can see, to compare before and after.
  static std::string View() {
    std::string view;
    for (const char* path :
         {"/api/users?limit=500", "/api/packages", "/api/customers?limit=500",
          "/api/transactions?limit=500", "/api/settings", "/api/network/settings"}) {
      HttpResponse response = Stack().Http().Get(path, admin_);
      EXPECT_EQ(response.status, 200) << path << " " << response.Describe();
      json body = response.Json();
      if (body.contains("items")) {
        for (auto& item : body["items"]) item.erase("last_login_at");
      }
      if (body.contains("routers")) {  // configuration only, not the live state
        for (auto& router : body["routers"]) {
          for (const char* live : {"reachable", "last_contact_at", "last_sync_at", "last_error",
                                   "pending", "failed"}) {
            router.erase(live);
          }
        }
      }
      view += std::string(path) + " " + body.dump() + "\n";
    }
    return view;
  }

  static HttpResponse Download(const std::string& passphrase, const std::string& token = admin_) {
    return Stack().Http().Request(
        "GET", "/api/backup", "",
        {{"Authorization", "Bearer " + token}, {"X-Backup-Passphrase", passphrase}});
  }

  static std::string Backup() {
    HttpResponse response = Download(kPassphrase);
    EXPECT_EQ(response.status, 200) << response.Describe();
    EXPECT_NE(response.headers["content-disposition"].find("attachment"), std::string::npos);
    return response.body;
  }

  static HttpResponse Restore(const std::string& body, const std::string& token = admin_,
                              const std::string& content_type = "application/json",
                              const std::string& passphrase = kPassphrase) {
    return Stack().Http().Request("POST", "/api/restore", body,
                                  {{"Authorization", "Bearer " + token},
                                   {"Content-Type", content_type},
                                   {"X-Backup-Passphrase", passphrase}});
  }

  // The upload in pieces of `piece` bytes, then the commit; returns the commit's answer.
  static HttpResponse UploadAndCommit(const std::string& file, size_t piece,
                                      const std::string& passphrase = kPassphrase) {
    HttpResponse started = Stack().Http().PostJson("/api/restore/uploads", json::object(), admin_);
    EXPECT_EQ(started.status, 201) << started.Describe();
    std::string id = started.Json().value("upload_id", "");
    for (size_t at = 0; at < file.size(); at += piece) {
      HttpResponse sent = PutPiece(id, at, file.substr(at, piece));
      EXPECT_EQ(sent.status, 200) << sent.Describe();
    }
    return Commit(id, passphrase);
  }

  static HttpResponse PutPiece(const std::string& id, size_t offset, const std::string& bytes) {
    return Stack().Http().Request(
        "PUT", "/api/restore/uploads/" + id + "/chunks?offset=" + std::to_string(offset), bytes,
        {{"Authorization", "Bearer " + admin_}, {"Content-Type", "application/octet-stream"}});
  }

  static HttpResponse Commit(const std::string& id, const std::string& passphrase) {
    return Stack().Http().PostJson("/api/restore/uploads/" + id + "/commit",
                                   {{"passphrase", passphrase}}, admin_);
  }

  // A restore ends every session: log in again (the restored users have the same passwords).
  static void LogInAgain() {
    EXPECT_EQ(Stack().Http().Get("/api/auth/verify", admin_).status, 401);
    admin_ = Login("admin", "admin123");
    staff_ = Login("staff", "staff123");
  }
};

TEST_F(BackupApiTest, BackupWipeRestoreGivesTheSameData) {
  std::string before = View();
  std::string file = Backup();
  json document = json::parse(file);
  EXPECT_EQ(document["format"], "billing-suite-backup");
  EXPECT_EQ(document["data"]["customer.customers"].size(), 3u);
  EXPECT_EQ(document["version"], 2);
  EXPECT_EQ(document["data"]["auth.users"][0].count("password_hash"), 1u);
  EXPECT_EQ(file.find("router-pw"), std::string::npos);  // sealed
  EXPECT_EQ(file.find("rahasia1"), std::string::npos);   // sealed PPPoE passwords

  // Wipe: what a new machine would have.
  Sql("TRUNCATE customer.customers, customer.packages, billing.transactions, "
      "billing.settings, network.routers CASCADE");
  Sql("UPDATE network.policy SET grace_days = 3");
  ASSERT_EQ(
      Stack().Http().PostJson("/api/settings", {{"business", {{"name", "Lain"}}}}, admin_).status,
      200);
  EXPECT_NE(View(), before);

  HttpResponse restored = Restore(file);
  ASSERT_EQ(restored.status, 200) << restored.Describe();
  EXPECT_EQ(restored.Json()["restored"]["customer.customers"], 3);
  LogInAgain();
  EXPECT_EQ(View(), before);
  EXPECT_EQ(Sql("SELECT password FROM network.routers WHERE name = 'Router Cadangan'"),
            "router-pw");  // the router's password survives, though never shown
  EXPECT_EQ(Sql("SELECT count(*) FROM events.outbox WHERE action = 'restore' "
                "AND entity = 'system' AND actor_username = 'admin'"),
            "1");
  // Ids keep counting from where the restored data ends.
  HttpResponse next = Stack().Http().PostJson(
      "/api/packages", {{"name", "Paket Baru"}, {"speed", "5 Mbps"}, {"price", 100000}}, admin_);
  EXPECT_EQ(next.status, 201) << next.Describe();
}

TEST_F(BackupApiTest, MultipartUploadIsAcceptedToo) {
  std::string before = View();
  std::string file = Backup();
  std::string body =
      "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"b.json\"\r\n"
      "Content-Type: application/json\r\n\r\n" +
      file + "\r\n--XyZ--\r\n";
  HttpResponse restored = Restore(body, admin_, "multipart/form-data; boundary=XyZ");
  ASSERT_EQ(restored.status, 200) << restored.Describe();
  LogInAgain();
  EXPECT_EQ(View(), before);
}

TEST_F(BackupApiTest, UploadInPiecesRestores) {
  std::string before = View();
  std::string file = Backup();
  Sql("TRUNCATE customer.customers, billing.transactions CASCADE");
  // A change made in SQL behind the services' backs has no event: the gateway's read cache
  // shows it once its ttl (GATEWAY_READ_CACHE_TTL_MS, 1 s) has passed.
  EXPECT_TRUE(WaitFor([&] { return View() != before; }, std::chrono::seconds(5),
                      "the wipe seen through the API"));
  HttpResponse restored = UploadAndCommit(file, 7000);
  ASSERT_EQ(restored.status, 200) << restored.Describe();
  EXPECT_EQ(restored.Json()["restored"]["customer.customers"], 3);
  LogInAgain();
  EXPECT_EQ(View(), before);
}

TEST_F(BackupApiTest, UploadPiecesMustFollowEachOther) {
  std::string file = Backup();
  HttpResponse started = Stack().Http().PostJson("/api/restore/uploads", json::object(), admin_);
  ASSERT_EQ(started.status, 201) << started.Describe();
  std::string id = started.Json()["upload_id"];
  EXPECT_EQ(PutPiece(id, 0, file.substr(0, 100)).Json()["size"], 100);
  EXPECT_EQ(PutPiece(id, 0, file.substr(0, 100)).Json()["size"], 100);  // a retry: harmless
  EXPECT_TRUE(ExpectErrorShape(PutPiece(id, 150, file.substr(150, 10)), 400, "invalid_argument"));
  EXPECT_TRUE(ExpectErrorShape(PutPiece(id, 100, std::string((4 << 20) + 1, 'x')), 413,
                               "payload_too_large"));
  EXPECT_TRUE(
      ExpectErrorShape(PutPiece("0123456789abcdef0123456789abcdef", 0, "{"), 404, "not_found"));
  EXPECT_TRUE(ExpectErrorShape(PutPiece("..%2F..%2Fetc", 0, "{"), 404, "not_found"));
  HttpResponse discarded = Stack().Http().Request("DELETE", "/api/restore/uploads/" + id, "",
                                                  {{"Authorization", "Bearer " + admin_}});
  EXPECT_EQ(discarded.status, 200) << discarded.Describe();
  EXPECT_TRUE(ExpectErrorShape(Commit(id, kPassphrase), 404, "not_found"));
}

TEST_F(BackupApiTest, PassphraseIsNeededToBackUpAndToRestore) {
  EXPECT_TRUE(ExpectErrorShape(Download(""), 400, "invalid_argument"));
  HttpResponse short_one = Download("pendek");
  EXPECT_TRUE(ExpectErrorShape(short_one, 400, "invalid_argument"));
  EXPECT_EQ(short_one.Json()["error"]["fields"].count("passphrase"), 1u);
  std::string before = View();
  std::string file = Backup();
  HttpResponse wrong = Restore(file, admin_, "application/json", "sandi yang salah");
  EXPECT_TRUE(ExpectErrorShape(wrong, 400, "invalid_argument"));
  EXPECT_EQ(wrong.Json()["error"]["fields"].count("passphrase"), 1u);
  // A mistyped passphrase keeps the upload: the commit can be tried again.
  HttpResponse started = Stack().Http().PostJson("/api/restore/uploads", json::object(), admin_);
  std::string id = started.Json()["upload_id"];
  ASSERT_EQ(PutPiece(id, 0, file).status, 200);
  EXPECT_TRUE(ExpectErrorShape(Commit(id, "sandi yang salah"), 400, "invalid_argument"));
  EXPECT_EQ(View(), before);
  HttpResponse restored = Commit(id, kPassphrase);
  ASSERT_EQ(restored.status, 200) << restored.Describe();
  LogInAgain();
  EXPECT_EQ(View(), before);
  // Once restored, the upload is gone.
  EXPECT_TRUE(ExpectErrorShape(Commit(id, kPassphrase), 404, "not_found"));
}

TEST_F(BackupApiTest, BadFilesAreRefusedAndChangeNothing) {
  std::string before = View();
  std::string file = Backup();
  json future = json::parse(file);
  future["version"] = 99;
  json broken = json::parse(file);
  broken["data"]["billing.transactions"][0]["customer_id"] = 987654321;
  json bad_field = json::parse(file);
  bad_field["data"]["customer.customers"][0]["is_vip"] = true;
  json bad_type = json::parse(file);
  bad_type["data"]["billing.transactions"][0]["amount"] = "banyak";

  struct Case {
    const char* what;
    std::string body;
  };
  std::vector<Case> cases = {
      {"truncated", file.substr(0, file.size() / 2)},
      {"future version", future.dump()},
      {"broken reference", broken.dump()},
      {"unknown field", bad_field.dump()},
      {"wrong type", bad_type.dump()},
      {"not json", "PK\x03\x04 this is a zip file"},
      {"other json", R"({"customers": []})"},
  };
  for (const auto& c : cases) {
    HttpResponse response = Restore(c.body);
    EXPECT_TRUE(ExpectErrorShape(response, 400, "invalid_argument")) << c.what;
  }
  EXPECT_TRUE(ExpectErrorShape(Restore(std::string(3 << 20, ' ')), 413, "payload_too_large"));
  // Through the upload too: RESTORE_MAX_BYTES bounds the whole file, not just one piece.
  HttpResponse started = Stack().Http().PostJson("/api/restore/uploads", json::object(), admin_);
  std::string id = started.Json()["upload_id"];
  EXPECT_EQ(PutPiece(id, 0, std::string(2 << 20, ' ')).status, 200);
  EXPECT_TRUE(ExpectErrorShape(PutPiece(id, 2 << 20, " "), 413, "payload_too_large"));
  EXPECT_EQ(View(), before);
}

TEST_F(BackupApiTest, OnlyAdminsBackUpAndRestore) {
  std::string before = View();
  EXPECT_TRUE(
      ExpectErrorShape(Stack().Http().Get("/api/backup", staff_), 403, "permission_denied"));
  EXPECT_TRUE(ExpectErrorShape(Stack().Http().Get("/api/backup"), 401, "unauthenticated"));
  EXPECT_TRUE(ExpectErrorShape(Restore(Backup(), staff_), 403, "permission_denied"));
  EXPECT_EQ(View(), before);
}

}  // namespace
}  // namespace billing::testing

int main(int argc, char** argv) {
  billing::testing::UseFullStack(&argc, argv, {{"RESTORE_MAX_BYTES", std::to_string(2 << 20)}});
  return RUN_ALL_TESTS();
}
