// PostgresInstance: initdb, a postgres Process with durability off, readiness via psql.
#include "support/postgres_instance.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <signal.h>
#include <stdexcept>
#include <unistd.h>
#include <vector>

#include "support/command.h"
#include "support/free_port.h"
#include "support/wait_for.h"

namespace billing::testing {
namespace {

std::string FindBinDir() {
  if (const char* dir = std::getenv("PG_BINDIR"); dir && *dir) return dir;
  std::vector<std::filesystem::path> candidates;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/usr/lib/postgresql", error)) {
    if (std::filesystem::exists(entry.path() / "bin" / "initdb")) {
      candidates.push_back(entry.path() / "bin");
    }
  }
  if (candidates.empty()) return "";  // rely on PATH
  std::sort(candidates.begin(), candidates.end(), [](const auto& a, const auto& b) {
    return std::atoi(a.parent_path().filename().c_str()) <
           std::atoi(b.parent_path().filename().c_str());
  });
  return candidates.back().string();
}

std::string Tool(const std::string& bin_dir, const std::string& name) {
  return bin_dir.empty() ? name : bin_dir + "/" + name;
}

}  // namespace

PostgresInstance::PostgresInstance(const std::string& work_dir) {
  std::string base = work_dir;
  if (base.empty()) {
    own_dir_ = std::make_unique<TempDir>();
    base = own_dir_->Path();
  }
  bin_dir_ = FindBinDir();
  run_as_user_ = geteuid() == 0 ? "postgres" : "";  // postgres refuses to run as root
  dir_ = base + "/postgres";
  data_dir_ = dir_ + "/data";
  log_path_ = base + "/postgres.log";
  std::filesystem::create_directories(dir_);
  if (!run_as_user_.empty()) ChownPath(dir_, run_as_user_);

  CommandOptions initdb_options;
  initdb_options.run_as_user = run_as_user_;
  initdb_options.timeout = std::chrono::seconds(120);
  const CommandResult initdb =
      RunCommand(Tool(bin_dir_, "initdb"),
                 {"-D", data_dir_, "--auth=trust", "-U", "postgres", "--encoding=UTF8",
                  "--locale=C.UTF-8", "--no-sync", "--no-instructions"},
                 initdb_options);
  if (!initdb.Ok())
    throw std::runtime_error("PostgresInstance: initdb failed: " + initdb.Describe());

  port_ = FreePort();
  server_ = std::make_unique<Process>(
      "postgres", Tool(bin_dir_, "postgres"),
      std::vector<std::string>{"-D", data_dir_, "-p", std::to_string(port_), "-k", dir_, "-c",
                               "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c",
                               "synchronous_commit=off", "-c", "full_page_writes=off"},
      std::map<std::string, std::string>{}, log_path_, run_as_user_);
  WaitUntilReady();
}

PostgresInstance::~PostgresInstance() { Stop(); }

std::string PostgresInstance::Url(const std::string& db) const {
  return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/" + db;
}

std::string PostgresInstance::CreateDatabase(const std::string& name) const {
  static const std::regex kIdentifier("[A-Za-z_][A-Za-z0-9_]{0,62}");
  if (!std::regex_match(name, kIdentifier)) {
    throw std::invalid_argument("PostgresInstance::CreateDatabase: bad name '" + name + "'");
  }
  Psql("postgres", "CREATE DATABASE \"" + name + "\"");
  return Url(name);
}

std::string PostgresInstance::Psql(const std::string& db, const std::string& sql) const {
  CommandOptions options;
  options.env_overrides = {{"PGCONNECT_TIMEOUT", "5"}, {"PGAPPNAME", "billing-test-psql"}};
  const CommandResult result =
      RunCommand(Tool(bin_dir_, "psql"),
                 {"-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p",
                  std::to_string(port_), "-U", "postgres", "-d", db, "-c", sql},
                 options);
  if (!result.Ok()) throw std::runtime_error("Psql on " + db + " failed: " + result.Describe());
  std::string out = result.out;
  if (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

void PostgresInstance::Stop() {
  if (server_) server_->Stop();
}

void PostgresInstance::Start() {
  server_->Start();
  WaitUntilReady();
}

void PostgresInstance::Restart() {
  if (Running()) {
    ::kill(server_->Pid(), SIGINT);
    WaitFor([&] { return !server_->Running(); }, std::chrono::seconds(30),
            "postgres fast shutdown on port " + std::to_string(port_));
  }
  server_->Stop();  // reaps it (or kills what is left after 30 s)
  Start();
}

bool PostgresInstance::Running() const { return server_ && server_->Running(); }

std::string PostgresInstance::LogTail(size_t lines) const {
  return billing::testing::LogTail(log_path_, lines);
}

void PostgresInstance::WaitUntilReady() const {
  CommandOptions options;
  options.env_overrides = {{"PGCONNECT_TIMEOUT", "2"}};
  options.timeout = std::chrono::seconds(5);
  const std::vector<std::string> args{
      "-X", "-At",      "-h", "127.0.0.1", "-p", std::to_string(port_),
      "-U", "postgres", "-d", "postgres",  "-c", "select 1"};
  const bool ready = WaitFor(
      [&] {
        if (!server_->Running()) {
          throw std::runtime_error("postgres " + server_->State() + " during startup (port " +
                                   std::to_string(port_) + "); log tail:\n" + LogTail());
        }
        return RunCommand(Tool(bin_dir_, "psql"), args, options).Ok();
      },
      std::chrono::seconds(30), "postgres on port " + std::to_string(port_));
  if (!ready) {
    throw std::runtime_error("postgres did not answer `select 1` on 127.0.0.1:" +
                             std::to_string(port_) + " within 30 s; log tail:\n" + LogTail());
  }
}

}  // namespace billing::testing
