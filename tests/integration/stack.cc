// Builds the full stack from the binaries CMake built, and shared login helpers.
#include "stack.h"

#include <atomic>
#include <ctime>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "config/default_ports.h"

namespace billing::testing {

SuiteOptions FullStack(const std::map<std::string, std::string>& env, int replicas, TestData data) {
  SuiteOptions options;
  options.common_env = env;
  options.fresh_data_per_test = data == TestData::kFreshPerTest;
  options.every_address = true;  // auth asks billing (started after it) for the time zone
  // The tests log in with these; without them the auth service seeds the built-in defaults,
  // which must be changed before anything else (tests/security/default_password_test.cc).
  std::map<std::string, std::string> auth_env = {{"INITIAL_ADMIN_PASSWORD", "admin123"},
                                                 {"INITIAL_STAFF_PASSWORD", "staff123"}};
  for (const auto& [key, value] : env) auth_env[key] = value;
  // Every process of deploy/services.txt, in its order; CMake gives the path of each binary.
  const std::map<std::string, std::string, std::less<>> binaries = {
      {"auth", AUTH_SERVICE_BIN},       {"customer", CUSTOMER_SERVICE_BIN},
      {"billing", BILLING_SERVICE_BIN}, {"messaging", MESSAGING_SERVICE_BIN},
      {"backup", BACKUP_SERVICE_BIN},   {"network", NETWORK_SERVICE_BIN},
      {"payment", PAYMENT_SERVICE_BIN}, {"gateway", GATEWAY_BIN}};
  for (const auto& process : billing::config::kServices) {
    auto binary = binaries.find(process.name);
    if (binary == binaries.end()) {
      throw std::runtime_error("deploy/services.txt lists " + std::string(process.name) +
                               ", but tests/integration/CMakeLists.txt gives no binary for it");
    }
    bool is_gateway = process.name == "gateway";
    options.services.push_back({std::string(process.name), binary->second,
                                process.name == "auth" ? auth_env : env, is_gateway});
  }
  for (auto& service : options.services) {
    if (!service.is_gateway) service.replicas = replicas;
  }
  return options;
}

void UseFullStack(int* argc, char** argv, const std::map<std::string, std::string>& env,
                  TestData data) {
  ::testing::InitGoogleTest(argc, argv);
  ::testing::AddGlobalTestEnvironment(new SuiteEnvironment(FullStack(env, 1, data)));
}

Suite& Stack() { return SuiteEnvironment::Get(); }

std::string JakartaDate(int days) {
  std::time_t now = std::time(nullptr) + 7 * 3600 + static_cast<std::time_t>(days) * 86400;
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[16];
  std::strftime(buffer, sizeof(buffer), "%Y-%m-%d", &tm);
  return buffer;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string Sql(const std::string& query) { return Stack().Postgres().Psql("billing", query); }

std::string Login(const std::string& username, const std::string& password) {
  HttpResponse response =
      Stack().Http().PostJson("/api/auth/login", {{"username", username}, {"password", password}});
  EXPECT_EQ(response.status, 200) << response.Describe();
  if (response.status != 200) return "";
  return response.Json().at("token").get<std::string>();
}

std::string UniqueName(const std::string& prefix) {
  static std::atomic<int> counter{0};
  return prefix + std::to_string(++counter);
}

}  // namespace billing::testing
