// RedisInstance: a throwaway redis-server on a free port that tests can stop and restart.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "support/process.h"
#include "support/temp_dir.h"

namespace billing::testing {

class RedisInstance final {
 public:
  // Starts redis-server (no persistence) with --dir <work_dir>/redis (a fresh TempDir when
  // work_dir is empty). Blocks until `redis-cli ping` answers PONG (30 s); throws
  // std::runtime_error with the log tail otherwise.
  explicit RedisInstance(const std::string& work_dir = "");
  ~RedisInstance();
  RedisInstance(const RedisInstance&) = delete;
  RedisInstance& operator=(const RedisInstance&) = delete;

  int Port() const { return port_; }
  std::string Addr() const;  // "127.0.0.1:<port>"

  void Stop();   // for outage tests; the port stays reserved for Start()
  void Start();  // same port, empty data; blocks until PONG
  bool Running() const;

  // redis-cli -h 127.0.0.1 -p <port> <args...>; returns stdout without its final newline.
  // Throws std::runtime_error if redis-cli fails (note: a Redis error reply is still exit 0).
  std::string Cli(const std::vector<std::string>& args) const;

  std::string LogTail(size_t lines = 40) const;

 private:
  void WaitUntilReady() const;

  std::unique_ptr<TempDir> own_dir_;  // only when no work_dir was given
  std::string log_path_;
  int port_ = 0;
  std::unique_ptr<Process> server_;
};

}  // namespace billing::testing
