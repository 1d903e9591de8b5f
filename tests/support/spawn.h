// Low-level fork+exec shared by Process and RunCommand; tests use those, not this.
#pragma once

#include <map>
#include <string>
#include <sys/types.h>
#include <vector>

namespace billing::testing {

struct SpawnRequest {
  std::string binary;                                // a path, or a name looked up in PATH
  std::vector<std::string> args;                     // without argv[0]
  std::map<std::string, std::string> env_overrides;  // applied over the parent's environment
  std::string run_as_user;        // empty: stay who we are; else setgid/setuid to this user
  int stdout_fd = -1;             // -1: /dev/null
  int stderr_fd = -1;             // -1: /dev/null
  bool own_process_group = true;  // setpgid(0, 0) so the whole tree can be signalled
};

// Starts the child and returns its pid once exec has succeeded. The child gets stdin from
// /dev/null, no other inherited descriptors, and SIGKILL when this thread dies
// (PR_SET_PDEATHSIG). With run_as_user it also chdirs to "/". Throws std::runtime_error
// when the binary is missing or exec fails.
pid_t Spawn(const SpawnRequest& request);

// PATH lookup (the parent's PATH); returns `binary` unchanged when it contains a '/'.
// Throws std::runtime_error when nothing executable is found.
std::string ResolveBinary(const std::string& binary);

// "binary arg1 'arg 2'" for log lines and error messages.
std::string DescribeCommand(const std::string& binary, const std::vector<std::string>& args);

// "exited with status 3" / "killed by signal 9 (Killed)" for a waitpid status.
std::string DescribeWaitStatus(int status);

}  // namespace billing::testing
