// A 100 MB restore must not take the gateway or the backup service above 128 MiB of peak
// resident memory (issue 12, item 3): the file goes up in pieces of at most 4 MiB, lands on the
// backup service's disk, and is validated and restored one record at a time.
#include <fstream>
#include <sstream>
#include <sys/types.h>

#include <gtest/gtest.h>

#include "api_test.h"

namespace billing::testing {
namespace {

using nlohmann::json;

constexpr const char* kPassphrase = "frasa sandi cadangan";
constexpr int64_t kMiB = 1024 * 1024;
constexpr int64_t kLimit = 128 * kMiB;

// Peak resident set (VmHWM) of a process, in bytes; -1 when unreadable.
int64_t PeakRss(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stoll(line.substr(6)) * 1024;
  }
  return -1;
}

// Starts counting the peak again from the current resident set.
void ResetPeakRss(pid_t pid) {
  std::ofstream("/proc/" + std::to_string(pid) + "/clear_refs") << "5";
}

TEST(RestoreMemoryTest, HundredMegabyteRestoreStaysUnder128MiB) {
  std::string admin = Login("admin", "admin123");
  int64_t customer =
      Api(admin).CreateGasCustomer({{"name", "Warung Besar"}, {"phone", "081298765432"}});
  ASSERT_GT(customer, 0);
  // About 750 bytes per record: 140,000 gas sales make a file over 100 MB.
  Sql("INSERT INTO billing.transactions (customer_id, customer_name, type, period, description, "
      "items, amount, due_date) SELECT " +
      std::to_string(customer) +
      ", 'Warung Besar', 'gas', '2026-10', repeat(md5(i::text), 12), "
      "'[{\"name\":\"LPG 3 kg\",\"qty\":1,\"unit_price\":22000}]', 22000, '2026-10-10' "
      "FROM generate_series(1, 140000) i");

  HttpClient slow(Stack().GatewayUrl(), std::chrono::minutes(10));
  pid_t gateway = Stack().ServiceProcess("gateway").Pid();
  pid_t backup = Stack().ServiceProcess("backup").Pid();

  HttpResponse download =
      slow.Request("GET", "/api/backup", "",
                   {{"Authorization", "Bearer " + admin}, {"X-Backup-Passphrase", kPassphrase}});
  ASSERT_EQ(download.status, 200) << download.Describe();
  const std::string& file = download.body;
  ASSERT_GT(static_cast<int64_t>(file.size()), 100 * 1000 * 1000) << file.size();
  int64_t gateway_after_download = PeakRss(gateway);
  int64_t backup_after_download = PeakRss(backup);
  std::cout << "backup file " << file.size() / kMiB << " MiB; peak RSS after download: gateway "
            << gateway_after_download / kMiB << " MiB, backup " << backup_after_download / kMiB
            << " MiB\n";
  EXPECT_LT(gateway_after_download, kLimit);
  EXPECT_LT(backup_after_download, kLimit);

  Sql("DELETE FROM billing.transactions WHERE id % 2 = 0");
  ResetPeakRss(gateway);
  ResetPeakRss(backup);
  HttpResponse started =
      slow.Request("POST", "/api/restore/uploads", "{}",
                   {{"Authorization", "Bearer " + admin}, {"Content-Type", "application/json"}});
  ASSERT_EQ(started.status, 201) << started.Describe();
  std::string id = started.Json()["upload_id"];
  size_t piece = started.Json()["chunk_bytes"];
  ASSERT_EQ(piece, static_cast<size_t>(4 * kMiB));
  for (size_t at = 0; at < file.size(); at += piece) {
    HttpResponse sent = slow.Request(
        "PUT", "/api/restore/uploads/" + id + "/chunks?offset=" + std::to_string(at),
        file.substr(at, piece),
        {{"Authorization", "Bearer " + admin}, {"Content-Type", "application/octet-stream"}});
    ASSERT_EQ(sent.status, 200) << sent.Describe();
  }
  HttpResponse restored = slow.Request(
      "POST", "/api/restore/uploads/" + id + "/commit", json{{"passphrase", kPassphrase}}.dump(),
      {{"Authorization", "Bearer " + admin}, {"Content-Type", "application/json"}});
  ASSERT_EQ(restored.status, 200) << restored.Describe();
  EXPECT_EQ(restored.Json()["restored"]["billing.transactions"], 140000);
  EXPECT_EQ(Sql("SELECT count(*) FROM billing.transactions"), "140000");

  int64_t gateway_peak = PeakRss(gateway);
  int64_t backup_peak = PeakRss(backup);
  std::cout << "peak RSS during the 100 MB restore: gateway " << gateway_peak / kMiB
            << " MiB, backup " << backup_peak / kMiB << " MiB\n";
  EXPECT_GT(gateway_peak, 0);
  EXPECT_GT(backup_peak, 0);
  EXPECT_LT(gateway_peak, kLimit);
  EXPECT_LT(backup_peak, kLimit);
}

}  // namespace
}  // namespace billing::testing

int main(int argc, char** argv) {
  // One test, which starts from the seed anyway: a reset before it would only cost time.
  billing::testing::UseFullStack(&argc, argv, {}, billing::testing::TestData::kShared);
  return RUN_ALL_TESTS();
}
