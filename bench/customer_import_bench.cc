// Customer import benchmark: N customers from one spreadsheet (CSV and .xlsx, every third with
// two unpaid periods), checked (?dry_run=true) and applied, then the time until the network
// service has mirrored them all; against that, the same number created one by one through
// POST /api/customers. Starts its own PostgreSQL, Redis, services and gateway.
//
//   customer_import_bench [--rows 10000] [--one-by-one 1000]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "http/xlsx.h"
#include "stack.h"

namespace billing::testing {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

struct Options {
  int rows = 10000;
  int one_by_one = 1000;  // customers created one request each, for the comparison
};

class ImportBench final {
 public:
  explicit ImportBench(const Options& options)
      : options_(options), http_(Stack().GatewayUrl(), std::chrono::seconds(300)) {}

  int Run() {
    admin_ = Login("admin", "admin123");
    if (admin_.empty()) return 1;
    // Where the time goes: with BENCH_SLOW_SQL_MS set (and KEEP_TEST_LOGS=1), PostgreSQL logs
    // every statement slower than that many ms with its duration in postgres.log.
    if (const char* slow = std::getenv("BENCH_SLOW_SQL_MS")) {
      Sql("ALTER SYSTEM SET log_min_duration_statement = " + std::to_string(std::atoi(slow)));
      Sql("SELECT pg_reload_conf()");
    }
    HttpResponse package = http_.PostJson(
        "/api/packages", {{"name", "Paket 10M"}, {"price", 150000}, {"profile", "paket-10M"}},
        admin_);
    if (package.status != 201) return 1;
    package_id_ = package.Json()["id"];
    if (!Round("csv", Csv(0), 0)) return 2;
    if (!Round("xlsx", Xlsx(1), options_.rows)) return 3;
    if (!OneByOne()) return 4;
    std::printf("\n| Figure (%d rows, one file) | CSV | .xlsx |\n|---|---|---|\n", options_.rows);
    std::printf("| file size | %.1f MB | %.1f MB |\n", sizes_[0] / 1e6, sizes_[1] / 1e6);
    std::printf("| check (`?dry_run=true`) | %.2f s | %.2f s |\n", check_[0], check_[1]);
    std::printf("| apply (customers + %d unpaid bills) | %.2f s | %.2f s |\n", bills_, apply_[0],
                apply_[1]);
    std::printf("| **check + apply** | **%.2f s** | **%.2f s** |\n", check_[0] + apply_[0],
                check_[1] + apply_[1]);
    std::printf("| … → all mirrored by the network service | %.2f s | %.2f s |\n", mirror_[0],
                mirror_[1]);
    std::printf(
        "| %d customers one by one (`POST /api/customers`, 1 client) | %.2f s (%.0f/s) "
        "| |\n",
        options_.one_by_one, one_by_one_, options_.one_by_one / one_by_one_);
    return 0;
  }

 private:
  // The template's columns; row i is "Impor<round> i".
  std::vector<std::vector<std::string>> Rows(int round) const {
    std::vector<std::vector<std::string>> rows;
    for (int i = 0; i < options_.rows; ++i) {
      std::string n = std::to_string(round) + "x" + std::to_string(i);
      rows.push_back({"Pelanggan " + n, "internet",
                      "08" + std::to_string(1100000000LL + round * 100000000LL + i),
                      "Jl. Melati No. " + std::to_string(i), "Paket 10M", "", "", "impor" + n,
                      "rahasia" + std::to_string(i), std::to_string(1 + i % 28), "aktif", "",
                      "2025-01-15", "", i % 3 == 0 ? "2026-09;2026-10" : ""});
    }
    return rows;
  }

  std::string Csv(int round) const {
    std::string text =
        "Nama,Jenis,Telepon,Alamat,Paket,Harga Paket,Biaya Bulanan,Username PPPoE,Password "
        "PPPoE,Tanggal Jatuh Tempo,Status,Catatan,Tanggal Pasang,Harga Gas,Tunggakan\r\n";
    for (const auto& row : Rows(round)) {
      for (size_t i = 0; i < row.size(); ++i) text += (i > 0 ? "," : "") + row[i];
      text += "\r\n";
    }
    return text;
  }

  // The same rows as an .xlsx, written by the gateway's own writer (every cell a string, as
  // Excel keeps text typed into a sheet).
  std::string Xlsx(int round) const {
    std::vector<std::string> header = {
        "Nama",        "Jenis",         "Telepon",        "Alamat",         "Paket",
        "Harga Paket", "Biaya Bulanan", "Username PPPoE", "Password PPPoE", "Tanggal Jatuh Tempo",
        "Status",      "Catatan",       "Tanggal Pasang", "Harga Gas",      "Tunggakan"};
    return gateway::WriteXlsx("Pelanggan", header, Rows(round));
  }

  bool Round(const char* format, const std::string& file, int mirrored_before) {
    size_t index = std::string(format) == "csv" ? 0 : 1;
    sizes_[index] = static_cast<double>(file.size());
    auto started = Clock::now();
    HttpResponse checked = Upload("?dry_run=true", file);
    check_[index] = SecondsSince(started);
    if (checked.status != 200 || checked.Json()["valid"] != options_.rows) {
      std::fprintf(stderr, "%s check: %s\n", format, checked.Describe().substr(0, 2000).c_str());
      return false;
    }
    started = Clock::now();
    HttpResponse applied = Upload("", file);
    apply_[index] = SecondsSince(started);
    if (applied.status != 200 || applied.Json()["imported"] != options_.rows) {
      std::fprintf(stderr, "%s apply: %s\n", format, applied.Describe().substr(0, 2000).c_str());
      return false;
    }
    bills_ = applied.Json()["bills"].get<int>();
    return WaitMirrored(mirrored_before + options_.rows, started, index);
  }

  bool WaitMirrored(int count, Clock::time_point started, size_t index) {
    auto deadline = Clock::now() + std::chrono::minutes(10);
    while (Sql("SELECT count(*) FROM network.subscribers WHERE NOT deleted") !=
           std::to_string(count)) {
      if (Clock::now() > deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    mirror_[index] = SecondsSince(started);
    return true;
  }

  bool OneByOne() {
    auto started = Clock::now();
    for (int i = 0; i < options_.one_by_one; ++i) {
      std::string n = std::to_string(i);
      HttpResponse created = http_.PostJson("/api/customers",
                                            {{"type", "internet"},
                                             {"name", "Satu " + n},
                                             {"phone", "08" + std::to_string(1500000000LL + i)},
                                             {"pppoe_username", "satu" + n},
                                             {"pppoe_password", "rahasia"},
                                             {"package_id", package_id_}},
                                            admin_);
      if (created.status != 201) return false;
    }
    one_by_one_ = SecondsSince(started);
    return true;
  }

  HttpResponse Upload(const std::string& query, const std::string& file) {
    HttpHeaders headers = BearerHeaders(admin_);
    headers["Content-Type"] = "application/octet-stream";
    return http_.Post("/api/customers/import" + query, file, headers);
  }

  Options options_;
  HttpClient http_;
  std::string admin_;
  int64_t package_id_ = 0;
  double sizes_[2] = {0, 0};
  double check_[2] = {0, 0};
  double apply_[2] = {0, 0};
  double mirror_[2] = {0, 0};
  int bills_ = 0;
  double one_by_one_ = 0;
};

}  // namespace

Options g_options;

// gtest is only the harness that starts and stops the suite; this is not a CTest test.
TEST(CustomerImportBench, CheckAndApply) {
  ImportBench bench(g_options);
  EXPECT_EQ(bench.Run(), 0);
}

}  // namespace billing::testing

int main(int argc, char** argv) {
  std::vector<char*> rest = {argv[0]};
  auto& options = billing::testing::g_options;
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    int* target = flag == "--rows"         ? &options.rows
                  : flag == "--one-by-one" ? &options.one_by_one
                                           : nullptr;
    if (target != nullptr && i + 1 < argc) {
      *target = std::atoi(argv[++i]);
    } else {
      rest.push_back(argv[i]);
    }
  }
  int rest_count = static_cast<int>(rest.size());
  billing::testing::UseFullStack(&rest_count, rest.data(),
                                 {{"LOG_LEVEL", "warn"}, {"NETWORK_POLL_MS", "100"}});
  return RUN_ALL_TESTS();
}
