// Process: a child process owned by a test, killed with its whole process group when done.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <string>
#include <sys/types.h>
#include <vector>

namespace billing::testing {

// Not thread-safe: drive one Process from one thread (normally the test's main thread, which
// must outlive it: PR_SET_PDEATHSIG is tied to the thread that forked).
class Process final {
 public:
  // Starts `binary` (a path or a PATH name) with the parent's environment plus env_overrides,
  // stdout and stderr appended to log_path, in its own process group. A non-empty
  // run_as_user switches to that user in the child (we must be root). Throws
  // std::runtime_error if it cannot be started.
  Process(std::string name, std::string binary, std::vector<std::string> args,
          std::map<std::string, std::string> env_overrides, std::string log_path,
          std::string run_as_user = "");
  ~Process();  // Stop()
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  // Starts it again with the same command line after Stop() or after it exited.
  // Throws std::logic_error if it is still running.
  void Start();

  // SIGTERM to the group, up to `grace` for the leader to exit, then SIGKILL to the group.
  // Whatever is left of the group is SIGKILLed too. Safe to call repeatedly.
  void Stop(std::chrono::milliseconds grace = std::chrono::seconds(10));
  // SIGKILL to the group at once, no grace: for throwing a run away (Suite::ResetToSeed).
  // Safe to call repeatedly.
  void Kill();

  bool Running() const;               // false once the leader exited (even if nobody reaped it yet)
  pid_t Pid() const { return pid_; }  // pid of the last start; -1 before the first
  const std::string& Name() const { return name_; }
  const std::string& LogPath() const { return log_path_; }

  // "running", "exited with status 1", "killed by signal 9 (Killed)", "stopped".
  std::string State() const;

  // The last `lines` lines of the log, for failure messages.
  std::string LogTail(size_t lines = 40) const;

 private:
  void AppendToLog(const std::string& line) const;
  void Reap();  // SIGKILLs what is left of the group and waits for the leader

  std::string name_;
  std::string binary_;
  std::vector<std::string> args_;
  std::map<std::string, std::string> env_overrides_;
  std::string log_path_;
  std::string run_as_user_;
  pid_t pid_ = -1;
  bool reaped_ = true;
  int exit_status_ = 0;
};

// The last `lines` lines of the file at `path` ("<no log at PATH>" if unreadable).
std::string LogTail(const std::string& path, size_t lines = 40);

}  // namespace billing::testing
