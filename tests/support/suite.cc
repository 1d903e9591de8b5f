// Suite: starts PostgreSQL, Redis and the service processes with the env contract they read.
#include "support/suite.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <random>
#include <stdexcept>

namespace billing::testing {
namespace {

constexpr auto kServeTimeout = std::chrono::seconds(60);
// Restarts for a fresh test poll closely: a service serves within tens of milliseconds.
constexpr auto kRestartPoll = std::chrono::milliseconds(5);

std::string EnvPrefix(const std::string& name) {
  std::string prefix;
  for (char c : name) {
    prefix += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return prefix;
}

std::string RandomHex(size_t chars) {
  std::random_device device;
  std::string text;
  while (text.size() < chars) {
    char digit[3];
    std::snprintf(digit, sizeof(digit), "%02x", device() & 0xff);
    text += digit;
  }
  return text.substr(0, chars);
}

std::string Loopback(int port) { return "127.0.0.1:" + std::to_string(port); }

bool KeepLogs() {
  const char* keep = std::getenv("KEEP_TEST_LOGS");
  return keep && *keep && std::string(keep) != "0";
}

}  // namespace

Suite::Suite(SuiteOptions options) : options_(std::move(options)) {
  bool seen_gateway = false;
  std::map<std::string, int> names;
  for (const ServiceSpec& spec : options_.services) {
    if (spec.name.empty() || spec.binary.empty()) {
      throw std::invalid_argument("Suite: every ServiceSpec needs a name and a binary");
    }
    if (++names[spec.name] > 1) throw std::invalid_argument("Suite: duplicate " + spec.name);
    if (seen_gateway && !spec.is_gateway) {
      throw std::invalid_argument("Suite: service " + spec.name +
                                  " comes after a gateway; gateways must be started last");
    }
    seen_gateway = seen_gateway || spec.is_gateway;
  }
  if (!options_.common_env.count("JWT_SECRET")) options_.common_env["JWT_SECRET"] = RandomHex(48);
  // The suite key every process signs and verifies its gRPC calls with (rpc/identity.h).
  if (!options_.common_env.count("SERVICE_KEY")) options_.common_env["SERVICE_KEY"] = RandomHex(64);
}

Suite::~Suite() { TearDown(); }

void Suite::Start() {
  if (dir_) throw std::logic_error("Suite::Start() called twice");
  dir_ = std::make_unique<TempDir>();
  try {
    postgres_ = std::make_unique<PostgresInstance>(dir_->Path());
    postgres_->CreateDatabase("billing");
    redis_ = std::make_unique<RedisInstance>(dir_->Path());
  } catch (const std::exception& error) {
    Fail(error.what());
  }
  auto start = [this](std::vector<Service>& replicas) {
    for (auto& service : replicas) {
      services_.push_back(std::move(service));
      Launch(services_.back());
    }
  };
  std::vector<std::vector<Service>> planned;
  for (const ServiceSpec& spec : options_.services) {
    std::vector<Service> replicas;
    std::string addresses;
    for (int i = 0; i < std::max(1, spec.replicas); ++i) {
      Service service;
      service.spec = spec;
      service.base = spec.name;
      if (spec.replicas > 1) service.spec.name = spec.name + "-" + std::to_string(i + 1);
      service.port = FreePort();
      addresses += (addresses.empty() ? "" : ",") + Loopback(service.port);
      replicas.push_back(std::move(service));
    }
    if (spec.replicas > 1 || (options_.every_address && !spec.is_gateway)) {
      addrs_[EnvPrefix(spec.name) + "_ADDR"] = addresses;
    }
    planned.push_back(std::move(replicas));
    if (!options_.every_address) start(planned.back());
  }
  if (options_.every_address) {
    for (auto& replicas : planned) start(replicas);
  }
  std::cerr << "[billing-test] suite up in " << dir_->Path() << ": postgres :" << postgres_->Port()
            << ", redis :" << redis_->Port();
  for (const Service& service : services_) {
    std::cerr << ", " << service.spec.name << " :" << service.port;
  }
  std::cerr << "\n";
}

void Suite::Launch(Service& service) {
  const ServiceSpec& spec = service.spec;
  service.env = options_.common_env;
  service.env["DATABASE_URL"] = DatabaseUrl();
  service.env["REDIS_ADDR"] = redis_->Addr();
  service.env["LOG_LEVEL"] = "debug";
  for (const auto& [key, value] : addrs_) service.env[key] = value;
  const std::string listen_var =
      spec.is_gateway ? "GATEWAY_LISTEN" : EnvPrefix(service.base) + "_LISTEN";
  service.env[listen_var] = Loopback(service.port);
  for (const auto& [key, value] : spec.env) service.env[key] = value;
  try {
    service.process =
        std::make_unique<Process>(spec.name, spec.binary, std::vector<std::string>{}, service.env,
                                  dir_->Path() + "/" + spec.name + ".log");
  } catch (const std::exception& error) {
    Fail(error.what());
  }
  WaitUntilServing(service);
  if (!spec.is_gateway && spec.replicas <= 1) {
    addrs_[EnvPrefix(service.base) + "_ADDR"] = Loopback(service.port);
  }
  if (spec.is_gateway && !http_) {
    http_ = std::make_unique<HttpClient>("http://" + Loopback(service.port));
  }
}

void Suite::WaitUntilServing(const Service& service, std::chrono::milliseconds poll) const {
  const HttpClient probe("http://" + Loopback(service.port), std::chrono::seconds(5));
  std::string dead;
  const std::string what = service.spec.is_gateway
                               ? service.spec.name + " GET /healthz == 200"
                               : service.spec.name + " accepting on " + Loopback(service.port);
  const bool serving = WaitFor(
      [&] {
        if (!service.process->Running()) {
          dead = service.spec.name + " " + service.process->State() + " before serving";
          return true;
        }
        if (!service.spec.is_gateway) return PortAccepting(service.port);
        try {
          return probe.Get("/healthz").status == 200;
        } catch (const HttpTransportError&) {
          return false;
        }
      },
      kServeTimeout, what, poll);
  if (!dead.empty()) Fail(dead);
  if (!serving) Fail("timed out after 60 s waiting for " + what);
}

void Suite::Fail(const std::string& what) const {
  throw std::runtime_error("Suite: " + what + "\n" + LogTails() +
                           (dir_ ? "(set KEEP_TEST_LOGS=1 to keep " + dir_->Path() + ")\n" : ""));
}

std::string Suite::LogTails(size_t lines) const {
  std::string text;
  auto add = [&](const std::string& name, const std::string& state, const std::string& tail) {
    text += "----- " + name + " (" + state + "), last " + std::to_string(lines) + " log lines:\n" +
            tail;
  };
  if (!dir_) return text;
  add("postgres", postgres_ && postgres_->Running() ? "running" : "not running",
      LogTail(dir_->Path() + "/postgres.log", lines));
  add("redis", redis_ && redis_->Running() ? "running" : "not running",
      LogTail(dir_->Path() + "/redis.log", lines));
  for (const Service& service : services_) {
    if (service.process) {
      add(service.spec.name, service.process->State(), service.process->LogTail(lines));
    }
  }
  return text;
}

void Suite::TearDown() {
  for (auto it = services_.rbegin(); it != services_.rend(); ++it) {
    if (it->process) it->process->Stop();
  }
  services_.clear();
  redis_.reset();
  postgres_.reset();
  if (dir_ && KeepLogs()) {
    dir_->Keep();
    std::cerr << "[billing-test] KEEP_TEST_LOGS: logs kept in " << dir_->Path() << "\n";
  }
  dir_.reset();
}

const HttpClient& Suite::Http() const {
  if (!http_) throw std::logic_error("Suite::Http(): no gateway started");
  return *http_;
}

std::string Suite::GatewayUrl() const { return Http().BaseUrl(); }

PostgresInstance& Suite::Postgres() {
  if (!postgres_) throw std::logic_error("Suite::Postgres(): Start() has not run");
  return *postgres_;
}

RedisInstance& Suite::Redis() {
  if (!redis_) throw std::logic_error("Suite::Redis(): Start() has not run");
  return *redis_;
}

std::string Suite::DatabaseUrl() const {
  if (!postgres_) throw std::logic_error("Suite::DatabaseUrl(): Start() has not run");
  return postgres_->Url("billing");
}

const std::string& Suite::JwtSecret() const { return options_.common_env.at("JWT_SECRET"); }

const std::string& Suite::ServiceKey() const { return options_.common_env.at("SERVICE_KEY"); }

const std::string& Suite::WorkDir() const {
  if (!dir_) throw std::logic_error("Suite::WorkDir(): Start() has not run");
  return dir_->Path();
}

Suite::Service& Suite::Find(const std::string& name) {
  return const_cast<Service&>(static_cast<const Suite*>(this)->Find(name));
}

const Suite::Service& Suite::Find(const std::string& name) const {
  for (const Service& service : services_) {
    if (service.spec.name == name) return service;
  }
  throw std::invalid_argument("Suite: no service named '" + name + "'");
}

std::string Suite::ServiceAddr(const std::string& name) const { return Loopback(Find(name).port); }

Process& Suite::ServiceProcess(const std::string& name) { return *Find(name).process; }

void Suite::StopService(const std::string& name) { Find(name).process->Stop(); }

void Suite::StartService(const std::string& name) {
  Service& service = Find(name);
  service.process->Start();
  WaitUntilServing(service);
}

void Suite::RestartService(const std::string& name) {
  StopService(name);
  StartService(name);
}

void Suite::KillAllServices() {
  // Nothing of this run is kept, so nothing needs a graceful stop (some drain for seconds).
  for (auto it = services_.rbegin(); it != services_.rend(); ++it) it->process->Kill();
}

void Suite::StartAllServices() {
  // As a cluster starts them: every service at once, then the gateways, which report healthy
  // only once every service answers. Services dial each other lazily and retry.
  for (const bool gateways : {false, true}) {
    for (Service& service : services_) {
      if (service.spec.is_gateway == gateways) service.process->Start();
    }
    for (const Service& service : services_) {
      if (service.spec.is_gateway == gateways) WaitUntilServing(service, kRestartPoll);
    }
  }
}

void Suite::SnapshotSeed() {
  if (!postgres_) throw std::logic_error("Suite::SnapshotSeed(): Start() has not run");
  KillAllServices();
  try {
    postgres_->Psql("postgres", "CREATE DATABASE billing_seed TEMPLATE billing");
  } catch (const std::exception& error) {
    Fail(error.what());
  }
  seeded_ = true;
  StartAllServices();
}

void Suite::ResetToSeed() {
  if (!seeded_) throw std::logic_error("Suite::ResetToSeed(): SnapshotSeed() has not run");
  KillAllServices();
  try {
    if (!postgres_->Running()) postgres_->Start();
    if (!redis_->Running()) redis_->Start();
    postgres_->Psql("postgres", "DROP DATABASE IF EXISTS billing WITH (FORCE)");
    postgres_->Psql("postgres", "CREATE DATABASE billing TEMPLATE billing_seed");
    redis_->Cli({"FLUSHALL"});
  } catch (const std::exception& error) {
    Fail(error.what());
  }
  StartAllServices();
}

std::string Suite::StartExtraGateway(const std::map<std::string, std::string>& env_overrides) {
  auto first = std::find_if(services_.begin(), services_.end(),
                            [](const Service& service) { return service.spec.is_gateway; });
  if (first == services_.end()) throw std::logic_error("Suite: no gateway to replicate");
  const size_t replicas = std::count_if(services_.begin(), services_.end(),
                                        [](const Service& s) { return s.spec.is_gateway; });
  Service service;
  service.spec = first->spec;
  service.spec.name = "gateway-" + std::to_string(replicas + 1);
  service.base = "gateway";
  for (const auto& [key, value] : env_overrides) service.spec.env[key] = value;
  service.port = FreePort();
  services_.push_back(std::move(service));
  Launch(services_.back());
  return "http://" + Loopback(services_.back().port);
}

}  // namespace billing::testing
