// Spawn(): fork+exec with everything prepared before fork, so the child only makes
// async-signal-safe calls (the test process may have curl or gtest threads).
#include "support/spawn.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdexcept>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace billing::testing {
namespace {

struct UserIds {
  uid_t uid;
  gid_t gid;
};

UserIds LookUpUser(const std::string& user) {
  passwd entry{};
  passwd* found = nullptr;
  std::vector<char> buffer(16384);
  if (getpwnam_r(user.c_str(), &entry, buffer.data(), buffer.size(), &found) != 0 || !found) {
    throw std::runtime_error("Spawn: no such user '" + user + "'");
  }
  return {found->pw_uid, found->pw_gid};
}

std::vector<std::string> MergedEnvironment(const std::map<std::string, std::string>& overrides) {
  std::map<std::string, std::string> merged;
  for (char** entry = environ; entry && *entry; ++entry) {
    const std::string text = *entry;
    const size_t equals = text.find('=');
    if (equals != std::string::npos) merged[text.substr(0, equals)] = text.substr(equals + 1);
  }
  for (const auto& [key, value] : overrides) merged[key] = value;
  std::vector<std::string> result;
  for (const auto& [key, value] : merged) result.push_back(key + "=" + value);
  return result;
}

std::vector<char*> Pointers(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (std::string& text : strings) pointers.push_back(text.data());
  pointers.push_back(nullptr);
  return pointers;
}

[[noreturn]] void ReportExecFailure(int error_pipe, int err) {
  [[maybe_unused]] ssize_t ignored = write(error_pipe, &err, sizeof(err));
  _exit(127);
}

// Runs in the child between fork and exec: async-signal-safe calls only.
[[noreturn]] void ExecChild(const SpawnRequest& request, const UserIds* user, pid_t parent,
                            int dev_null, int error_pipe, const char* path, char** argv,
                            char** envp) {
  auto fail = [error_pipe](int err) { ReportExecFailure(error_pipe, err); };
  sigset_t empty;
  sigemptyset(&empty);
  sigprocmask(SIG_SETMASK, &empty, nullptr);
  if (request.own_process_group && setpgid(0, 0) != 0) fail(errno);
  const int out = request.stdout_fd >= 0 ? request.stdout_fd : dev_null;
  const int err = request.stderr_fd >= 0 ? request.stderr_fd : dev_null;
  if (dup2(dev_null, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0) fail(errno);
  if (user) {
    if (setgroups(1, &user->gid) != 0 || setgid(user->gid) != 0 || setuid(user->uid) != 0) {
      fail(errno);
    }
    if (chdir("/") != 0) fail(errno);
  }
  // After setuid: a credential change clears the parent-death signal.
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) fail(errno);
  if (getppid() != parent) _exit(127);  // the parent died before prctl took effect
  if (error_pipe > 3) close_range(3, error_pipe - 1, 0);
  close_range(error_pipe + 1, ~0U, 0);
  execve(path, argv, envp);
  ReportExecFailure(error_pipe, errno);
}

}  // namespace

std::string ResolveBinary(const std::string& binary) {
  if (binary.find('/') != std::string::npos) {
    if (access(binary.c_str(), X_OK) != 0) {
      throw std::runtime_error("binary not executable: " + binary + ": " + std::strerror(errno));
    }
    return binary;
  }
  const char* path_env = std::getenv("PATH");
  std::string path = path_env ? path_env : "/usr/local/bin:/usr/bin:/bin";
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find(':', start);
    if (end == std::string::npos) end = path.size();
    const std::string dir = end > start ? path.substr(start, end - start) : ".";
    const std::string candidate = dir + "/" + binary;
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  throw std::runtime_error("binary '" + binary + "' not found in PATH=" + path);
}

std::string DescribeCommand(const std::string& binary, const std::vector<std::string>& args) {
  std::string text = binary;
  for (const std::string& arg : args) {
    const bool plain = !arg.empty() && arg.find_first_of(" \t'\"\\$") == std::string::npos;
    text += plain ? " " + arg : " '" + arg + "'";
  }
  return text;
}

std::string DescribeWaitStatus(int status) {
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    return "killed by signal " + std::to_string(WTERMSIG(status)) + " (" +
           strsignal(WTERMSIG(status)) + ")";
  }
  return "wait status " + std::to_string(status);
}

pid_t Spawn(const SpawnRequest& request) {
  std::string path = ResolveBinary(request.binary);
  std::vector<std::string> argv_strings{request.binary};
  argv_strings.insert(argv_strings.end(), request.args.begin(), request.args.end());
  std::vector<std::string> env_strings = MergedEnvironment(request.env_overrides);
  std::vector<char*> argv = Pointers(argv_strings);
  std::vector<char*> envp = Pointers(env_strings);
  UserIds ids{};
  const bool switch_user = !request.run_as_user.empty();
  if (switch_user) ids = LookUpUser(request.run_as_user);

  const int dev_null = open("/dev/null", O_RDWR | O_CLOEXEC);
  int error_pipe[2];
  if (dev_null < 0 || pipe2(error_pipe, O_CLOEXEC) != 0) {
    if (dev_null >= 0) close(dev_null);
    throw std::runtime_error(std::string("Spawn: open/pipe: ") + std::strerror(errno));
  }
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid == 0) {
    ExecChild(request, switch_user ? &ids : nullptr, parent, dev_null, error_pipe[1], path.c_str(),
              argv.data(), envp.data());
  }
  const int fork_errno = errno;
  close(dev_null);
  close(error_pipe[1]);
  if (pid < 0) {
    close(error_pipe[0]);
    throw std::runtime_error(std::string("Spawn: fork: ") + std::strerror(fork_errno));
  }
  // Also set the group from the parent, so a kill(-pid) right after Spawn cannot miss it.
  if (request.own_process_group) setpgid(pid, pid);
  int child_errno = 0;
  ssize_t got;
  do {
    got = read(error_pipe[0], &child_errno, sizeof(child_errno));
  } while (got < 0 && errno == EINTR);
  close(error_pipe[0]);
  if (got > 0) {
    waitpid(pid, nullptr, 0);
    throw std::runtime_error("Spawn: cannot start " + DescribeCommand(path, request.args) +
                             (switch_user ? " as " + request.run_as_user : "") + ": " +
                             std::strerror(child_errno));
  }
  return pid;
}

}  // namespace billing::testing
