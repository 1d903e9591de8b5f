// Customer lists at any depth and their totals (issue 13: totals from customer_counts, deep pages
// read backwards from the oldest), and the network mirror following a burst of customer changes
// in runs (one read of the changed customers per run).
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "api_test.h"
#include "support/wait_for.h"

namespace billing::testing {
namespace {

using nlohmann::json;

class CustomerListsTest : public ApiTest {
 protected:
  int64_t CreatePackage() { return Staff().CreatePackage(); }

  int64_t CreateInternet(int64_t package_id, const std::string& name) {
    return Staff().CreateInternetCustomer(
        package_id,
        {{"name", name}, {"pppoe_username", UniqueName("lst")}, {"pppoe_password", "rahasia-123"}});
  }

  json List(const std::string& query) {
    HttpResponse response = Stack().Http().Get("/api/customers?" + query, staff_);
    EXPECT_EQ(response.status, 200) << response.Describe();
    return response.status == 200 ? response.Json() : json{{"items", json::array()}, {"total", -1}};
  }
};

// Live customers per (type, status, package) as counted from the rows, against the counters;
// empty when they agree.
std::string CountMismatches() {
  return Sql(
      "SELECT coalesce(string_agg(concat_ws(':', type, status, package_id, rows, counted), ','), "
      "'') FROM (SELECT coalesce(r.type, k.type) AS type, coalesce(r.status, k.status) AS status, "
      "coalesce(r.package_id, k.package_id) AS package_id, coalesce(r.n, 0) AS rows, "
      "coalesce(k.n, 0) AS counted FROM "
      "(SELECT type, status, coalesce(package_id, 0) AS package_id, count(*) AS n "
      " FROM customer.customers WHERE deleted_at IS NULL GROUP BY 1, 2, 3) r FULL JOIN "
      "(SELECT type, status, package_id, sum(n) AS n FROM customer.customer_counts "
      " GROUP BY 1, 2, 3) k USING (type, status, package_id)) d WHERE rows <> counted");
}

TEST_F(CustomerListsTest, EveryPageJoinsIntoTheWholeListNewestFirst) {
  int64_t package_id = CreatePackage();
  std::vector<int64_t> created;
  for (int i = 0; i < 9; ++i) created.push_back(CreateInternet(package_id, UniqueName("Halaman ")));
  std::vector<int64_t> newest_first(created.rbegin(), created.rend());

  std::string filter = "package=" + std::to_string(package_id);
  for (int limit : {1, 2, 4, 50}) {
    std::vector<int64_t> joined;
    for (int offset = 0; offset < 12; offset += limit) {
      json page =
          List(filter + "&limit=" + std::to_string(limit) + "&offset=" + std::to_string(offset));
      EXPECT_EQ(page["total"], 9) << "limit " << limit << " offset " << offset;
      for (const auto& item : page["items"]) joined.push_back(item["id"].get<int64_t>());
    }
    EXPECT_EQ(joined, newest_first) << "limit " << limit;
  }
  // The last page of the whole list (read backwards) ends with the oldest live customer.
  int64_t total = List("limit=1")["total"];
  json last = List("limit=50&offset=" + std::to_string(total - 1));
  ASSERT_EQ(last["items"].size(), 1u);
  std::string oldest = Sql("SELECT min(id) FROM customer.customers WHERE deleted_at IS NULL");
  EXPECT_EQ(last["items"][0]["id"].get<int64_t>(), std::stoll(oldest));
}

TEST_F(CustomerListsTest, TotalsFollowStatusPackageTypeChangesAndDeletes) {
  int64_t package_a = CreatePackage();
  int64_t package_b = CreatePackage();
  std::vector<int64_t> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(CreateInternet(package_a, UniqueName("Hitung ")));
  int64_t gas_before = List("type=gas&limit=1")["total"];

  auto path = [](int64_t id) { return "/api/customers/" + std::to_string(id); };
  EXPECT_EQ(Stack().Http().PutJson(path(ids[0]), {{"status", "isolated"}}, staff_).status, 200);
  EXPECT_EQ(Stack().Http().PutJson(path(ids[1]), {{"package_id", package_b}}, staff_).status, 200);
  EXPECT_EQ(
      Stack().Http().PutJson(path(ids[2]), {{"type", "gas"}, {"gas_price", 22000}}, staff_).status,
      200);
  EXPECT_EQ(Stack().Http().Delete(path(ids[3]), staff_).status, 200);
  EXPECT_EQ(Stack().Http().PutJson(path(ids[4]), {{"notes", "tiang baru"}}, staff_).status, 200);

  std::string a = "package=" + std::to_string(package_a);
  EXPECT_EQ(List(a)["total"], 2);
  EXPECT_EQ(List(a + "&status=isolated")["total"], 1);
  EXPECT_EQ(List(a + "&status=active&type=internet")["total"], 1);
  EXPECT_EQ(List("package=" + std::to_string(package_b))["total"], 1);
  EXPECT_EQ(List("type=gas&limit=1")["total"], gas_before + 1);
  EXPECT_EQ(CountMismatches(), "");
}

TEST_F(CustomerListsTest, SearchTotalCountsEveryMatchAtAnyPage) {
  int64_t package_id = CreatePackage();
  std::string tag = UniqueName("Cari");
  for (int i = 0; i < 7; ++i) CreateInternet(package_id, tag + " " + std::to_string(i));
  for (int offset : {0, 3, 6}) {
    json page = List("q=" + tag + "&limit=3&offset=" + std::to_string(offset));
    EXPECT_EQ(page["total"], 7) << "offset " << offset;
    EXPECT_EQ(page["items"].size(), offset == 6 ? 1u : 3u) << "offset " << offset;
  }
  EXPECT_EQ(List("q=" + tag + "&limit=3&offset=9")["total"], 7);
  EXPECT_EQ(List("q=" + tag + "&type=gas")["total"], 0);
}

TEST_F(CustomerListsTest, NetworkMirrorFollowsABurstOfCustomerChanges) {
  int64_t package_id = CreatePackage();
  std::string tag = UniqueName("Mirror");
  std::vector<int64_t> ids;
  for (int i = 0; i < 40; ++i)
    ids.push_back(CreateInternet(package_id, tag + " " + std::to_string(i)));
  auto path = [](int64_t id) { return "/api/customers/" + std::to_string(id); };
  EXPECT_EQ(Stack().Http().PutJson(path(ids[0]), {{"name", tag + " renamed"}}, staff_).status, 200);
  EXPECT_EQ(
      Stack().Http().PutJson(path(ids[1]), {{"type", "gas"}, {"gas_price", 22000}}, staff_).status,
      200);
  EXPECT_EQ(Stack().Http().Delete(path(ids[2]), staff_).status, 200);
  EXPECT_EQ(Stack().Http().PutJson(path(ids[3]), {{"status", "isolated"}}, staff_).status, 200);

  std::string in =
      "customer_id BETWEEN " + std::to_string(ids.front()) + " AND " + std::to_string(ids.back());
  std::string expected = "40|38|1|" + tag + " renamed|manual";
  auto mirror = [&] {
    return Sql(
        "SELECT count(*) || '|' || count(*) FILTER (WHERE NOT deleted) || '|' || "
        "count(*) FILTER (WHERE status = 'isolated' AND NOT deleted) || '|' || "
        "(SELECT customer_name FROM network.subscribers WHERE customer_id = " +
        std::to_string(ids[0]) +
        ") || '|' || (SELECT isolated_by FROM network.subscribers WHERE customer_id = " +
        std::to_string(ids[3]) + ") FROM network.subscribers WHERE " + in);
  };
  EXPECT_TRUE(WaitFor([&] { return mirror() == expected; }, std::chrono::seconds(20),
                      "the mirror to show the burst"))
      << mirror();
}

// A restore truncates the customers and inserts the backup's rows: the triggers count those, and
// the counter rows the backup carries are dropped (else every customer would count twice).
// Runs last: a restore ends every session.
TEST_F(CustomerListsTest, RestoreRecountsTheCustomers) {
  CreateInternet(CreatePackage(), UniqueName("Cadangan "));
  int64_t total = List("limit=1")["total"];
  ASSERT_GT(total, 0);
  std::string admin = Login("admin", "admin123");
  const std::string passphrase = "sandi daftar pelanggan";
  HttpResponse backup = Stack().Http().Request(
      "GET", "/api/backup", "",
      {{"Authorization", "Bearer " + admin}, {"X-Backup-Passphrase", passphrase}});
  ASSERT_EQ(backup.status, 200) << backup.Describe();
  ASSERT_NE(backup.body.find("customer.customer_counts"), std::string::npos);
  HttpResponse restored = Stack().Http().Request("POST", "/api/restore", backup.body,
                                                 {{"Authorization", "Bearer " + admin},
                                                  {"Content-Type", "application/json"},
                                                  {"X-Backup-Passphrase", passphrase}});
  ASSERT_EQ(restored.status, 200) << restored.Describe();
  EXPECT_EQ(CountMismatches(), "");
  staff_ = Login("staff", "staff123");
  EXPECT_EQ(List("limit=1")["total"], total);
}

}  // namespace
}  // namespace billing::testing

int main(int argc, char** argv) {
  billing::testing::UseFullStack(&argc, argv);
  return RUN_ALL_TESTS();
}
