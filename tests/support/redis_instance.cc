// RedisInstance: a redis-server Process in the foreground plus redis-cli for readiness checks.
#include "support/redis_instance.h"

#include <filesystem>
#include <map>
#include <stdexcept>

#include "support/command.h"
#include "support/free_port.h"
#include "support/wait_for.h"

namespace billing::testing {

RedisInstance::RedisInstance(const std::string& work_dir) {
  std::string base = work_dir;
  if (base.empty()) {
    own_dir_ = std::make_unique<TempDir>();
    base = own_dir_->Path();
  }
  const std::string data_dir = base + "/redis";
  std::filesystem::create_directories(data_dir);
  log_path_ = base + "/redis.log";
  port_ = FreePort();
  server_ = std::make_unique<Process>(
      "redis", "redis-server",
      std::vector<std::string>{"--port", std::to_string(port_), "--bind", "127.0.0.1", "--save", "",
                               "--appendonly", "no", "--dir", data_dir, "--daemonize", "no"},
      std::map<std::string, std::string>{}, log_path_);
  WaitUntilReady();
}

RedisInstance::~RedisInstance() { Stop(); }

std::string RedisInstance::Addr() const { return "127.0.0.1:" + std::to_string(port_); }

void RedisInstance::Stop() {
  if (server_) server_->Stop();
}

void RedisInstance::Start() {
  server_->Start();
  WaitUntilReady();
}

bool RedisInstance::Running() const { return server_ && server_->Running(); }

std::string RedisInstance::Cli(const std::vector<std::string>& args) const {
  std::vector<std::string> full{"-h", "127.0.0.1", "-p", std::to_string(port_)};
  full.insert(full.end(), args.begin(), args.end());
  CommandOptions options;
  options.timeout = std::chrono::seconds(10);
  std::string out = RunCommandOrThrow("redis-cli", full, options);
  if (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

std::string RedisInstance::LogTail(size_t lines) const {
  return billing::testing::LogTail(log_path_, lines);
}

void RedisInstance::WaitUntilReady() const {
  CommandOptions options;
  options.timeout = std::chrono::seconds(5);
  const std::vector<std::string> ping{"-h", "127.0.0.1", "-p", std::to_string(port_), "ping"};
  const bool ready = WaitFor(
      [&] {
        if (!server_->Running()) {
          throw std::runtime_error("redis-server " + server_->State() + " during startup (port " +
                                   std::to_string(port_) + "); log tail:\n" + LogTail());
        }
        const CommandResult result = RunCommand("redis-cli", ping, options);
        return result.Ok() && result.out == "PONG\n";
      },
      std::chrono::seconds(30), "redis on port " + std::to_string(port_));
  if (!ready) {
    throw std::runtime_error("redis-server did not answer PONG on " + Addr() +
                             " within 30 s; log tail:\n" + LogTail());
  }
}

}  // namespace billing::testing
