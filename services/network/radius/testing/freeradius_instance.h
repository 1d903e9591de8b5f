// FreeRadiusInstance: a throwaway FreeRADIUS 3 server configured from the shipped
// deploy/freeradius files (the sql module and the `billing` site), reading a test PostgreSQL,
// plus radclient-based helpers that play the NAS.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace billing::testing {
class Process;
class TempDir;
}  // namespace billing::testing

namespace billing::network::radius::testing {

struct FreeRadiusDatabase {
  std::string host = "127.0.0.1";
  int port = 5432;
  std::string name;
  std::string user;
  std::string password;
};

// What radclient received.
struct RadiusReply {
  std::string code;  // "Access-Accept", "Access-Reject", "Accounting-Response"; "" = no answer
  std::vector<std::pair<std::string, std::string>> attributes;  // name, value (unquoted)
  std::string output;                                           // radclient's output

  bool Accepted() const { return code == "Access-Accept"; }
  // The first value of attribute `name`, if any.
  std::optional<std::string> Find(const std::string& name) const;
};

class FreeRadiusInstance final {
 public:
  // Writes a raddb directory into a fresh temp dir: a minimal radiusd.conf, Debian's stock
  // pap/chap/mschap/preprocess/expr/attr_filter modules and policies, the shipped
  // deploy/freeradius/mods-available/sql with its @DB_...@ placeholders filled from `database`,
  // the shipped sites-available/billing listening on 127.0.0.1 at free ports, and a
  // clients.conf for 127.0.0.1 with Secret(). Starts `freeradius -X` as the current user and
  // blocks until it answers (30 s); throws std::runtime_error with the log tail otherwise.
  // `deploy_dir`: where the shipped files are (default: this source tree's deploy/freeradius).
  explicit FreeRadiusInstance(const FreeRadiusDatabase& database, std::string deploy_dir = "");
  ~FreeRadiusInstance();
  FreeRadiusInstance(const FreeRadiusInstance&) = delete;
  FreeRadiusInstance& operator=(const FreeRadiusInstance&) = delete;

  int AuthPort() const { return auth_port_; }
  int AcctPort() const { return acct_port_; }
  const std::string& Secret() const { return secret_; }
  const std::string& ConfigDir() const { return raddb_; }

  // A PAP Access-Request from 127.0.0.1 (radclient). Throws std::runtime_error when radclient
  // cannot run.
  RadiusReply Authorize(const std::string& user, const std::string& password) const;
  // Any request: `kind` is radclient's command ("auth", "acct", "status"), `attributes` are
  // radclient input pairs such as {"Acct-Status-Type", "Start"} (values quoted as needed).
  RadiusReply Send(const std::string& kind,
                   const std::vector<std::pair<std::string, std::string>>& attributes) const;

  std::string LogTail(size_t lines = 60) const;

 private:
  void WriteConfig(const FreeRadiusDatabase& database, const std::string& deploy_dir) const;
  void WaitUntilReady() const;

  std::unique_ptr<billing::testing::TempDir> dir_;
  std::string raddb_;
  std::string secret_ = "radius-test-secret";
  int auth_port_ = 0;
  int acct_port_ = 0;
  mutable int requests_sent_ = 0;  // names radclient's input files
  std::unique_ptr<billing::testing::Process> server_;
};

}  // namespace billing::network::radius::testing
