// RunCommand(): Spawn() with stdout/stderr pipes drained by poll() until exit or timeout.
#include "support/command.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "support/spawn.h"

namespace billing::testing {
namespace {

constexpr size_t kMaxDescribedOutput = 4000;

std::string Clip(const std::string& text) {
  if (text.size() <= kMaxDescribedOutput) return text;
  return "..." + text.substr(text.size() - kMaxDescribedOutput);
}

}  // namespace

std::string CommandResult::Describe() const {
  const std::string how =
      exit_code == -1 ? "timed out" : "exited with status " + std::to_string(exit_code);
  return "`" + description + "` " + how + "\nstdout: " + Clip(out) + "\nstderr: " + Clip(err);
}

CommandResult RunCommand(const std::string& binary, const std::vector<std::string>& args,
                         const CommandOptions& options) {
  int out_pipe[2];
  int err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) {
    throw std::runtime_error(std::string("RunCommand: pipe: ") + std::strerror(errno));
  }
  if (pipe2(err_pipe, O_CLOEXEC) != 0) {
    close(out_pipe[0]);
    close(out_pipe[1]);
    throw std::runtime_error(std::string("RunCommand: pipe: ") + std::strerror(errno));
  }
  CommandResult result;
  result.description = DescribeCommand(binary, args);
  SpawnRequest request{binary,      args, options.env_overrides, options.run_as_user, out_pipe[1],
                       err_pipe[1], true};
  pid_t pid = -1;
  try {
    pid = Spawn(request);
  } catch (...) {
    for (int fd : {out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) close(fd);
    throw;
  }
  close(out_pipe[1]);
  close(err_pipe[1]);

  const auto deadline = std::chrono::steady_clock::now() + options.timeout;
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open_pipes = 2;
  bool timed_out = false;
  char buffer[4096];
  while (open_pipes > 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    const int ready = poll(fds, 2, static_cast<int>(left.count()));
    if (ready < 0 && errno != EINTR) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      const ssize_t got = read(fds[i].fd, buffer, sizeof(buffer));
      if (got > 0) {
        sinks[i]->append(buffer, static_cast<size_t>(got));
      } else if (got == 0 || errno != EINTR) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_pipes;
      }
    }
  }
  for (const pollfd& entry : fds) {
    if (entry.fd >= 0) close(entry.fd);
  }
  // A tool that closed its output but still runs past the deadline is killed too.
  int status = 0;
  while (!timed_out && waitpid(pid, &status, WNOHANG) == 0) {
    timed_out = std::chrono::steady_clock::now() >= deadline;
    if (!timed_out) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  if (timed_out) {
    kill(-pid, SIGKILL);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  if (timed_out) {
    result.exit_code = -1;
  } else if (WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
  } else {
    result.exit_code = 128 + WTERMSIG(status);
  }
  return result;
}

std::string RunCommandOrThrow(const std::string& binary, const std::vector<std::string>& args,
                              const CommandOptions& options) {
  CommandResult result = RunCommand(binary, args, options);
  if (!result.Ok()) throw std::runtime_error(result.Describe());
  return result.out;
}

}  // namespace billing::testing
