// PostgresInstance: a throwaway PostgreSQL cluster (initdb + postgres) on a free port.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "support/process.h"
#include "support/temp_dir.h"

namespace billing::testing {

class PostgresInstance final {
 public:
  // initdb's a cluster in <work_dir>/postgres (a fresh TempDir when work_dir is empty) and
  // starts it, as the `postgres` OS user when we are root. Blocks until `select 1` works
  // (30 s); throws std::runtime_error with the server log tail otherwise.
  // Binaries: $PG_BINDIR, else the newest /usr/lib/postgresql/*/bin, else PATH.
  explicit PostgresInstance(const std::string& work_dir = "");
  ~PostgresInstance();
  PostgresInstance(const PostgresInstance&) = delete;
  PostgresInstance& operator=(const PostgresInstance&) = delete;

  int Port() const { return port_; }
  // postgresql://postgres@127.0.0.1:<port>/<db>
  std::string Url(const std::string& db) const;

  // CREATE DATABASE <name> (letters, digits, '_'); returns Url(name).
  std::string CreateDatabase(const std::string& name) const;

  // Runs `sql` with psql -At against `db` and returns stdout without its final newline
  // (rows on lines, columns split by '|'). Throws std::runtime_error on any error.
  std::string Psql(const std::string& db, const std::string& sql) const;

  void Stop();   // SIGTERM to the server and its backends; the data stays
  void Start();  // again on the same port and data; blocks until ready
  // What `systemctl restart postgresql` does: a fast shutdown (SIGINT: every session is
  // terminated, clients get an error or a closed connection), then Start().
  void Restart();
  bool Running() const;

  const std::string& DataDir() const { return data_dir_; }
  std::string LogTail(size_t lines = 40) const;

 private:
  void WaitUntilReady() const;

  std::unique_ptr<TempDir> own_dir_;  // only when no work_dir was given
  std::string bin_dir_;
  std::string run_as_user_;
  std::string dir_;
  std::string data_dir_;
  std::string log_path_;
  int port_ = 0;
  std::unique_ptr<Process> server_;
};

}  // namespace billing::testing
