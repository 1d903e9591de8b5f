// Process: Spawn() plus a stop sequence (TERM, grace, KILL) and log tails for failures.
#include "support/process.h"

#include <cerrno>
#include <cstring>
#include <deque>
#include <fcntl.h>
#include <fstream>
#include <signal.h>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "support/spawn.h"

namespace billing::testing {
namespace {

// True once `pid` has exited; leaves it a zombie so its pid (and group id) stay reserved.
bool HasExited(pid_t pid) {
  siginfo_t info{};
  if (waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0) {
    return errno == ECHILD;
  }
  return info.si_pid != 0;
}

}  // namespace

Process::Process(std::string name, std::string binary, std::vector<std::string> args,
                 std::map<std::string, std::string> env_overrides, std::string log_path,
                 std::string run_as_user)
    : name_(std::move(name)),
      binary_(std::move(binary)),
      args_(std::move(args)),
      env_overrides_(std::move(env_overrides)),
      log_path_(std::move(log_path)),
      run_as_user_(std::move(run_as_user)) {
  Start();
}

Process::~Process() { Stop(); }

void Process::Start() {
  if (Running()) throw std::logic_error("Process " + name_ + " is already running");
  Stop();  // reap a previous run that exited on its own
  const int log_fd = open(log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd < 0) {
    throw std::runtime_error("Process " + name_ + ": cannot open log " + log_path_ + ": " +
                             std::strerror(errno));
  }
  SpawnRequest request{binary_, args_, env_overrides_, run_as_user_, log_fd, log_fd, true};
  try {
    const std::string line =
        "=== [harness] starting " + name_ + ": " + DescribeCommand(binary_, args_) + "\n";
    [[maybe_unused]] ssize_t ignored = write(log_fd, line.data(), line.size());
    pid_ = Spawn(request);
  } catch (...) {
    close(log_fd);
    throw;
  }
  close(log_fd);
  reaped_ = false;
}

void Process::Stop(std::chrono::milliseconds grace) {
  if (reaped_) return;
  if (!HasExited(pid_)) {
    AppendToLog("=== [harness] stopping " + name_ + " (SIGTERM to process group)");
    kill(-pid_, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + grace;
    while (!HasExited(pid_) && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (!HasExited(pid_)) AppendToLog("=== [harness] " + name_ + " ignored SIGTERM: SIGKILL");
  }
  Reap();
}

void Process::Kill() {
  if (reaped_) return;
  if (!HasExited(pid_)) {
    AppendToLog("=== [harness] killing " + name_ + " (SIGKILL to process group)");
  }
  Reap();
}

void Process::Reap() {
  // The leader is a zombie or gone, so -pid_ still names only its own group: sweep stragglers.
  kill(-pid_, SIGKILL);
  int status = 0;
  pid_t result;
  do {
    result = waitpid(pid_, &status, 0);
  } while (result < 0 && errno == EINTR);
  exit_status_ = status;
  reaped_ = true;
  AppendToLog("=== [harness] " + name_ + " " + DescribeWaitStatus(status));
}

bool Process::Running() const { return !reaped_ && !HasExited(pid_); }

std::string Process::State() const {
  if (pid_ < 0) return "never started";
  if (Running()) return "running";
  if (!reaped_) {
    siginfo_t info{};
    waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT);
    if (info.si_code == CLD_EXITED) return "exited with status " + std::to_string(info.si_status);
    return "killed by signal " + std::to_string(info.si_status);
  }
  return "stopped (" + DescribeWaitStatus(exit_status_) + ")";
}

std::string Process::LogTail(size_t lines) const {
  return billing::testing::LogTail(log_path_, lines);
}

void Process::AppendToLog(const std::string& line) const {
  std::ofstream log(log_path_, std::ios::app);
  log << line << "\n";
}

std::string LogTail(const std::string& path, size_t lines) {
  std::ifstream in(path);
  if (!in) return "<no log at " + path + ">";
  std::deque<std::string> tail;
  std::string line;
  while (std::getline(in, line)) {
    tail.push_back(line);
    if (tail.size() > lines) tail.pop_front();
  }
  std::string text;
  for (const std::string& kept : tail) text += kept + "\n";
  return text;
}

}  // namespace billing::testing
