// Suite: the real system under test (PostgreSQL, Redis, every service process, the gateway),
// and SuiteEnvironment, which shares one Suite across a gtest binary.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/free_port.h"
#include "support/http_client.h"
#include "support/postgres_instance.h"
#include "support/process.h"
#include "support/redis_instance.h"
#include "support/temp_dir.h"
#include "support/wait_for.h"

namespace billing::testing {

struct ServiceSpec {
  std::string name;    // "auth", "customer", ...: gives AUTH_LISTEN / AUTH_ADDR
  std::string binary;  // path to the executable; it gets no arguments, only environment
  std::map<std::string, std::string> env;  // applied last, overriding everything
  bool is_gateway = false;
  // More than 1: processes "<name>-1" .. "<name>-N" on their own ports, every one of them in
  // <NAME>_ADDR (client-side round-robin), each stoppable on its own.
  int replicas = 1;
};

struct SuiteOptions {
  std::vector<ServiceSpec> services;              // started in this order; gateways must come last
  std::map<std::string, std::string> common_env;  // JWT_SECRET, SERVICE_KEY generated if absent
  // SuiteEnvironment only: every test starts from the database as the services first migrated
  // and seeded it, with an empty Redis and freshly started services (Suite::ResetToSeed()).
  bool fresh_data_per_test = false;
  // Every process gets every service's *_ADDR, as in a deployment (auth calls billing, which
  // starts after it); otherwise only those of the services started before it.
  bool every_address = false;
};

class Suite final {
 public:
  explicit Suite(SuiteOptions options);
  ~Suite();  // stops services in reverse order, then Redis and PostgreSQL; removes the dir
  Suite(const Suite&) = delete;
  Suite& operator=(const Suite&) = delete;

  // Starts PostgreSQL (database `billing`), Redis, then each service, waiting for each
  // non-gateway to accept TCP on its port and for the gateway's GET /healthz to return 200
  // (60 s each). Throws std::runtime_error with every log tail on failure.
  void Start();

  const HttpClient& Http() const;  // to the (first) gateway
  std::string GatewayUrl() const;  // "http://127.0.0.1:<port>"
  PostgresInstance& Postgres();
  RedisInstance& Redis();
  std::string DatabaseUrl() const;  // what the services got as DATABASE_URL
  const std::string& JwtSecret() const;
  const std::string& ServiceKey() const;  // SERVICE_KEY, generated if common_env has none
  const std::string& WorkDir() const;     // logs: <WorkDir>/<name>.log

  std::string ServiceAddr(const std::string& name) const;  // "127.0.0.1:<port>"
  Process& ServiceProcess(const std::string& name);
  void StopService(const std::string& name);
  void StartService(const std::string& name);  // same port and env; waits until serving
  void RestartService(const std::string& name);

  // Fresh data for a test, on the same ports and env. SnapshotSeed() (once, before anything
  // else uses the suite) kills every service, copies the database as the services migrated
  // and seeded it into the template `billing_seed`, and starts them again. ResetToSeed() kills
  // every service (extra gateways too), starts PostgreSQL and Redis if a test stopped them,
  // replaces `billing` with a copy of `billing_seed`, empties Redis, and starts every service
  // again, waiting until each serves. Every session ends with it. Throws like Start().
  void SnapshotSeed();
  void ResetToSeed();

  // Starts another gateway replica (named "gateway-2", "gateway-3", ... for the *Service
  // calls) with the same env as the first plus `env_overrides`; returns its base URL.
  std::string StartExtraGateway(const std::map<std::string, std::string>& env_overrides = {});

  // Every process's state and log tail, for failure messages.
  std::string LogTails(size_t lines = 40) const;

 private:
  struct Service {
    ServiceSpec spec;
    std::string base;  // the spec's name, which gives <NAME>_LISTEN / <NAME>_ADDR
    int port = 0;
    std::map<std::string, std::string> env;
    std::unique_ptr<Process> process;
  };

  Service& Find(const std::string& name);
  const Service& Find(const std::string& name) const;
  void Launch(Service& service);
  void WaitUntilServing(const Service& service,
                        std::chrono::milliseconds poll = std::chrono::milliseconds(50)) const;
  void KillAllServices();
  void StartAllServices();
  [[noreturn]] void Fail(const std::string& what) const;
  void TearDown();

  SuiteOptions options_;
  std::unique_ptr<TempDir> dir_;
  std::unique_ptr<PostgresInstance> postgres_;
  std::unique_ptr<RedisInstance> redis_;
  std::vector<Service> services_;
  std::map<std::string, std::string> addrs_;  // AUTH_ADDR=... for processes started later
  std::unique_ptr<HttpClient> http_;
  bool seeded_ = false;  // billing_seed exists
};

// Shares one Suite across a test binary; with fresh_data_per_test, every test starts from the
// seed (Suite::ResetToSeed() before each, after SetUpTestSuite). In main():
//   ::testing::AddGlobalTestEnvironment(new SuiteEnvironment(options));
// then tests call SuiteEnvironment::Get().Http() and so on.
class SuiteEnvironment final : public ::testing::Environment {
 public:
  explicit SuiteEnvironment(SuiteOptions options);
  ~SuiteEnvironment() override;

  // Starts the Suite (and, with fresh_data_per_test, takes SnapshotSeed()); a failure is
  // reported and skips all tests.
  void SetUp() override;
  void TearDown() override;  // destroys it

  // The running Suite; throws std::logic_error outside SetUp..TearDown.
  static Suite& Get();
  // True between a SetUp that started the Suite and TearDown.
  static bool Running();

 private:
  SuiteOptions options_;
  std::unique_ptr<Suite> suite_;
  bool started_ = false;
  static SuiteEnvironment* instance_;
};

}  // namespace billing::testing
