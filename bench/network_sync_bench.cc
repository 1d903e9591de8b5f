// Network control benchmark: the first full sync of N internet customers to a new MikroTik
// router, payment -> router latency for customers isolated by the policy, and the duration of
// the isolir check with many overdue customers. Starts its own PostgreSQL, Redis, services and
// gateway, and a fake RouterOS router (services/network/routeros/testing).
//
//   network_sync_bench [--customers 2000] [--payments 30] [--overdue 500] [--threads 4]
//                      [--poll-ms 100]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "routeros/testing/fake_routeros.h"
#include "stack.h"

namespace billing::testing {
namespace {

using network::routeros::testing::FakeRouterOs;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr const char* kApiUser = "billing-api";
constexpr const char* kApiPassword = "router-pass-8f3k";
constexpr const char* kPackageProfile = "paket-20M";

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double MillisSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double Percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  size_t index = static_cast<size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(index, values.size() - 1)];
}

// YYYY-MM-DD `days` from today (UTC).
std::string DateFromToday(int days) {
  std::time_t t = std::time(nullptr) + static_cast<std::time_t>(days) * 86400;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[16];
  std::strftime(text, sizeof text, "%Y-%m-%d", &tm);
  return text;
}

// Polls `condition` every `every` until it holds or `timeout` passes.
bool Poll(const std::function<bool()>& condition, std::chrono::milliseconds every,
          std::chrono::seconds timeout) {
  auto deadline = Clock::now() + timeout;
  while (!condition()) {
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(every);
  }
  return true;
}

// Runs `job(i)` for i in [0, count) on `threads` threads; returns how many returned true.
int InParallel(int count, int threads, const std::function<bool(int)>& job) {
  std::atomic<int> next{0};
  std::atomic<int> succeeded{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      for (int i = next++; i < count; i = next++) {
        if (job(i)) ++succeeded;
      }
    });
  }
  for (auto& thread : pool) thread.join();
  return succeeded.load();
}

struct Customer {
  int64_t id = 0;
  std::string username;
};

struct Options {
  int customers = 2000;
  int payments = 30;
  int overdue = 500;
  int threads = 4;
  int poll_ms = 100;  // NETWORK_POLL_MS
};

class NetworkBench final {
 public:
  explicit NetworkBench(const Options& options)
      : options_(options), http_(Stack().GatewayUrl(), std::chrono::seconds(120)) {}

  int Run() {
    admin_ = Login("admin", "admin123");
    if (admin_.empty() || !CreatePackage() || !CreateCustomers()) return 1;
    if (!FirstSync()) return 2;
    if (!PaymentLatency()) return 3;
    if (!IsolirCheck()) return 4;
    PrintTable();
    return 0;
  }

 private:
  bool CreatePackage() {
    HttpResponse package = http_.PostJson("/api/packages",
                                          {{"name", "Paket 20M"},
                                           {"speed", "20 Mbps"},
                                           {"price", 200000},
                                           {"profile", kPackageProfile},
                                           {"rate_limit", "20M/20M"}},
                                          admin_);
    if (package.status != 201) {
      std::fprintf(stderr, "package: %s\n", package.Describe().c_str());
      return false;
    }
    package_id_ = package.Json()["id"];
    return true;
  }

  // Through the public API, as staff would, on several threads; then waits until the network
  // service has mirrored every one of them (it follows the outbox).
  bool CreateCustomers() {
    customers_.resize(static_cast<size_t>(options_.customers));
    auto started = Clock::now();
    int created = InParallel(options_.customers, options_.threads, [&](int i) {
      std::string username = "bench" + std::to_string(100000 + i);
      HttpResponse response = http_.PostJson("/api/customers",
                                             {{"type", "internet"},
                                              {"name", "Pelanggan " + std::to_string(i)},
                                              {"phone", "0812-3456-7890"},
                                              {"address", "Jl. Melati " + std::to_string(i)},
                                              {"pppoe_username", username},
                                              {"pppoe_password", "pw-" + username},
                                              {"package_id", package_id_}},
                                             admin_);
      if (response.status != 201) {
        std::fprintf(stderr, "customer %d: %s\n", i, response.Describe().c_str());
        return false;
      }
      customers_[static_cast<size_t>(i)] = {response.Json()["id"].get<int64_t>(), username};
      return true;
    });
    create_seconds_ = SecondsSince(started);
    if (created != options_.customers) return false;
    std::string want = std::to_string(options_.customers);
    bool mirrored = Poll([&] { return Sql("SELECT count(*) FROM network.subscribers") == want; },
                         std::chrono::milliseconds(50), std::chrono::seconds(300));
    mirror_seconds_ = SecondsSince(started);
    std::printf("created %d customers through the API in %.1f s (%d threads); mirrored by %.1f s\n",
                created, create_seconds_, options_.threads, mirror_seconds_);
    return mirrored;
  }

  std::optional<json> RouterStatus() {
    json status = http_.Get("/api/network/status", admin_).Json();
    for (const auto& r : status["routers"]) {
      if (r["id"] == router_id_) return r;
    }
    return std::nullopt;
  }

  bool FirstSync() {
    auto started = Clock::now();
    HttpResponse created = http_.PostJson("/api/network/routers",
                                          {{"name", "bench-router"},
                                           {"kind", "routeros"},
                                           {"host", router_.host()},
                                           {"port", router_.port()},
                                           {"username", kApiUser},
                                           {"password", kApiPassword}},
                                          admin_);
    if (created.status != 201) {
      std::fprintf(stderr, "router: %s\n", created.Describe().c_str());
      return false;
    }
    router_id_ = created.Json()["id"];
    size_t want = static_cast<size_t>(options_.customers);
    bool all = Poll([&] { return router_.Secrets().size() >= want; }, std::chrono::milliseconds(20),
                    std::chrono::seconds(600));
    sync_seconds_ = SecondsSince(started);
    bool settled = Poll(
        [&] {
          auto r = RouterStatus();
          return r && (*r)["pending"] == 0 && (*r)["failed"] == 0;
        },
        std::chrono::milliseconds(50), std::chrono::seconds(120));
    settled_seconds_ = SecondsSince(started);
    size_t right = 0;
    for (const auto& secret : router_.Secrets()) {
      if (secret.at("profile") == kPackageProfile && secret.at("disabled") == "false") ++right;
    }
    std::printf(
        "first sync: %zu secrets (%zu on the package profile) in %.2f s; status settled "
        "at %.2f s\n",
        router_.Secrets().size(), right, sync_seconds_, settled_seconds_);
    return all && settled && right == want;
  }

  bool NewBill(int64_t customer_id, const std::string& due_date, int64_t* id) {
    HttpResponse response = http_.PostJson(
        "/api/transactions",
        {{"customer_id", customer_id}, {"period", due_date.substr(0, 7)}, {"due_date", due_date}},
        admin_);
    if (response.status != 201) {
      std::fprintf(stderr, "bill: %s\n", response.Describe().c_str());
      return false;
    }
    *id = response.Json()["id"].get<int64_t>();
    return true;
  }

  bool RunCheck(json* result, double* http_ms) {
    auto started = Clock::now();
    HttpResponse run = http_.Post("/api/network/isolir/run", "", BearerHeaders(admin_));
    *http_ms = MillisSince(started);
    if (run.status != 200) {
      std::fprintf(stderr, "isolir run: %s\n", run.Describe().c_str());
      return false;
    }
    *result = run.Json();
    return true;
  }

  bool WaitForProfiles(const std::vector<Customer>& customers, const std::string& profile,
                       std::chrono::seconds timeout) {
    return Poll(
        [&] {
          for (const auto& c : customers) {
            auto secret = router_.FindSecret(c.username);
            if (!secret || secret->at("profile") != profile) return false;
          }
          return true;
        },
        std::chrono::milliseconds(20), timeout);
  }

  bool PaymentLatency() {
    std::vector<Customer> late(customers_.begin(), customers_.begin() + options_.payments);
    std::vector<int64_t> bills(late.size());
    std::string due = DateFromToday(-10);
    for (size_t i = 0; i < late.size(); ++i) {
      if (!NewBill(late[i].id, due, &bills[i])) return false;
    }
    HttpResponse policy = http_.PutJson("/api/network/policy", {{"grace_days", 3}}, admin_);
    if (policy.status != 200) {
      std::fprintf(stderr, "policy: %s\n", policy.Describe().c_str());
      return false;
    }
    json result;
    double http_ms = 0;
    if (!RunCheck(&result, &http_ms)) return false;
    if (result["isolated"] != options_.payments) {
      std::fprintf(stderr, "isolir run isolated %s\n", result.dump().c_str());
      return false;
    }
    if (!WaitForProfiles(late, "isolir", std::chrono::seconds(60))) {
      std::fprintf(stderr, "the isolir never reached the router\n");
      return false;
    }

    // Each payment waits a random part of the worker's poll first: one right after the router
    // changed would otherwise always land at the same point of the worker's cycle.
    std::mt19937 random(42);
    std::uniform_int_distribution<int> jitter(0, std::max(options_.poll_ms - 1, 0));
    for (size_t i = 0; i < late.size(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(jitter(random)));
      auto started = Clock::now();
      HttpResponse paid =
          http_.PostJson("/api/transactions/" + std::to_string(bills[i]) + "/mark-lunas",
                         {{"method", "cash"}}, admin_);
      double answered = MillisSince(started);
      if (paid.status != 200) {
        std::fprintf(stderr, "mark-lunas: %s\n", paid.Describe().c_str());
        return false;
      }
      const std::string& username = late[i].username;
      bool back = Poll(
          [&] {
            auto secret = router_.FindSecret(username);
            return secret && secret->at("profile") == kPackageProfile;
          },
          std::chrono::milliseconds(5), std::chrono::seconds(30));
      if (!back) {
        std::fprintf(stderr, "customer %lld never came back on the router\n",
                     static_cast<long long>(late[i].id));
        return false;
      }
      payment_ms_.push_back(MillisSince(started));
      mark_lunas_ms_.push_back(answered);
    }
    std::printf("payment -> router (%zu): p50 %.0f ms, p95 %.0f ms, max %.0f ms\n",
                payment_ms_.size(), Percentile(payment_ms_, 0.5), Percentile(payment_ms_, 0.95),
                Percentile(payment_ms_, 1.0));
    return true;
  }

  bool IsolirCheck() {
    // Customers after the payment ones, so nobody is exempt or already isolated.
    auto first = customers_.begin() + options_.payments;
    std::vector<Customer> late(first, first + options_.overdue);
    std::string due = DateFromToday(-10);
    auto started = Clock::now();
    int billed = InParallel(static_cast<int>(late.size()), options_.threads, [&](int i) {
      int64_t id = 0;
      return NewBill(late[static_cast<size_t>(i)].id, due, &id);
    });
    std::printf("created %d overdue bills in %.1f s\n", billed, SecondsSince(started));
    if (billed != options_.overdue) return false;

    // The check's own end is `network.policy.last_check_at` (written as its last step), so
    // the figure holds even when the HTTP call gives up first (the gateway's 10 s deadline).
    std::string before = Sql("SELECT coalesce(last_check_at::text, '') FROM network.policy");
    auto run_started = Clock::now();
    HttpResponse run = http_.Post("/api/network/isolir/run", "", BearerHeaders(admin_));
    check_http_ms_ = MillisSince(run_started);
    check_http_status_ = run.status;
    bool finished = Poll(
        [&] {
          return Sql("SELECT coalesce(last_check_at::text, '') FROM network.policy") != before;
        },
        std::chrono::milliseconds(20), std::chrono::seconds(600));
    check_ms_ = MillisSince(run_started);
    std::string counts = Sql("SELECT last_checked || ' ' || last_isolated FROM network.policy");
    std::sscanf(counts.c_str(), "%lld %lld", &check_checked_, &check_isolated_);
    bool reached = WaitForProfiles(late, "isolir", std::chrono::seconds(600));
    check_to_router_seconds_ = SecondsSince(run_started);
    std::printf(
        "isolir check: HTTP %d after %.0f ms; checked %lld, isolated %lld in %.0f ms; on "
        "the router after %.1f s\n",
        check_http_status_, check_http_ms_, check_checked_, check_isolated_, check_ms_,
        check_to_router_seconds_);
    if (!finished) return false;
    return reached && check_isolated_ == options_.overdue;
  }

  void PrintTable() const {
    int n = options_.customers;
    std::printf("\n%-58s | %s\n", "Figure", "Result");
    std::printf("%s\n", std::string(100, '-').c_str());
    std::printf("%-58s | %.1f s (%.0f customers/s), mirrored at %.1f s\n",
                ("create " + std::to_string(n) + " customers via API").c_str(), create_seconds_,
                n / create_seconds_, mirror_seconds_);
    std::printf("%-58s | %.2f s, %.0f secrets/s\n",
                ("first full sync: add router -> " + std::to_string(n) + " secrets").c_str(),
                sync_seconds_, n / sync_seconds_);
    std::printf("%-58s | %.2f s\n", "  ... -> status pending 0, failed 0", settled_seconds_);
    std::printf(
        "%-58s | p50 %.0f ms, p95 %.0f ms, max %.0f ms\n",
        ("mark-lunas -> secret on package profile (" + std::to_string(payment_ms_.size()) + ")")
            .c_str(),
        Percentile(payment_ms_, 0.5), Percentile(payment_ms_, 0.95), Percentile(payment_ms_, 1.0));
    std::printf("%-58s | p50 %.0f ms, max %.0f ms\n", "  (mark-lunas HTTP call itself)",
                Percentile(mark_lunas_ms_, 0.5), Percentile(mark_lunas_ms_, 1.0));
    std::printf("%-58s | %.2f s (checked %lld, isolated %lld)\n",
                ("isolir check, " + std::to_string(n) + " customers, " +
                 std::to_string(options_.overdue) + " overdue")
                    .c_str(),
                check_ms_ / 1000.0, check_checked_, check_isolated_);
    std::printf("%-58s | HTTP %d after %.2f s\n", "  (POST /api/network/isolir/run itself)",
                check_http_status_, check_http_ms_ / 1000.0);
    std::printf("%-58s | %.2f s\n", "  ... -> all of them on the isolir profile",
                check_to_router_seconds_);
  }

  Options options_;
  HttpClient http_;
  FakeRouterOs router_{{.username = kApiUser, .password = kApiPassword}};
  std::string admin_;
  int64_t package_id_ = 0;
  int64_t router_id_ = 0;
  std::vector<Customer> customers_;
  double create_seconds_ = 0;
  double mirror_seconds_ = 0;
  double sync_seconds_ = 0;
  double settled_seconds_ = 0;
  std::vector<double> payment_ms_;
  std::vector<double> mark_lunas_ms_;
  double check_ms_ = 0;
  double check_http_ms_ = 0;
  int check_http_status_ = 0;
  long long check_checked_ = 0;
  long long check_isolated_ = 0;
  double check_to_router_seconds_ = 0;
};

}  // namespace

Options g_options;

// gtest is only the harness that starts and stops the suite; this is not a CTest test.
TEST(NetworkSyncBench, SyncPaymentAndIsolir) {
  NetworkBench bench(g_options);
  EXPECT_EQ(bench.Run(), 0);
}

}  // namespace billing::testing

int main(int argc, char** argv) {
  std::vector<char*> rest = {argv[0]};
  auto& options = billing::testing::g_options;
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    int* target = flag == "--customers"  ? &options.customers
                  : flag == "--payments" ? &options.payments
                  : flag == "--overdue"  ? &options.overdue
                  : flag == "--threads"  ? &options.threads
                  : flag == "--poll-ms"  ? &options.poll_ms
                                         : nullptr;
    if (target != nullptr && i + 1 < argc) {
      *target = std::atoi(argv[++i]);
    } else {
      rest.push_back(argv[i]);
    }
  }
  if (options.payments + options.overdue > options.customers) {
    std::fprintf(stderr, "--payments + --overdue must not exceed --customers\n");
    return 2;
  }
  int rest_count = static_cast<int>(rest.size());
  // The production defaults except the worker's poll (100 ms like the tests; the service's
  // default is 1,000 ms): it bounds how soon the worker sees a payment in the outbox.
  billing::testing::UseFullStack(
      &rest_count, rest.data(),
      {{"LOG_LEVEL", "warn"}, {"NETWORK_POLL_MS", std::to_string(options.poll_ms)}});
  return RUN_ALL_TESTS();
}
