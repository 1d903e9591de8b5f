// RunCommand(): run a short-lived tool (psql, redis-cli, initdb) and capture what it prints.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace billing::testing {

struct CommandResult {
  int exit_code = -1;       // 128+N when killed by signal N; -1 when it timed out
  std::string out;          // stdout
  std::string err;          // stderr
  std::string description;  // the command line, for messages

  bool Ok() const { return exit_code == 0; }
  // "`cmd` exited with 2\nstdout: ...\nstderr: ..." for failure messages.
  std::string Describe() const;
};

struct CommandOptions {
  std::map<std::string, std::string> env_overrides;
  std::string run_as_user;                                       // empty: run as ourselves
  std::chrono::milliseconds timeout = std::chrono::seconds(30);  // then the group is SIGKILLed
};

// Never throws for a non-zero exit; throws std::runtime_error only if it cannot start.
CommandResult RunCommand(const std::string& binary, const std::vector<std::string>& args,
                         const CommandOptions& options = {});

// Like RunCommand, but throws std::runtime_error with Describe() unless it exits 0.
// Returns stdout.
std::string RunCommandOrThrow(const std::string& binary, const std::vector<std::string>& args,
                              const CommandOptions& options = {});

}  // namespace billing::testing
