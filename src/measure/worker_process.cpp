// Child processes over pipes: posix_spawn, poll with a deadline, SIGPIPE kept off.
#include "worker_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include <fmt/format.h>

#include "infergy/worker.hpp"

extern char** environ;

namespace infergy::measure {
namespace {

constexpr size_t kMaxLineBytes = 16 << 20;  // a reply longer than this is a broken worker
constexpr double kExitGrace_s = 3;          // after end of input, before SIGKILL

// write() with SIGPIPE blocked on this thread and any pending one consumed, so a worker
// that died makes send() return false instead of killing infergy.
bool write_all(int fd, const std::string& data) {
  sigset_t pipe_set, old_set;
  sigemptyset(&pipe_set);
  sigaddset(&pipe_set, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_set, &old_set);
  size_t done = 0;
  bool ok = true;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ok = false;
      break;
    }
    done += static_cast<size_t>(n);
  }
  if (!ok) {
    timespec zero{0, 0};
    while (sigtimedwait(&pipe_set, nullptr, &zero) > 0) {
    }
  }
  pthread_sigmask(SIG_SETMASK, &old_set, nullptr);
  return ok;
}

}  // namespace

WorkerProcess::WorkerProcess(const std::vector<std::string>& argv, const std::string& stderr_log) {
  if (argv.empty()) throw WorkerFailed("no worker command");
  int in_pipe[2], out_pipe[2];
  if (pipe2(in_pipe, O_CLOEXEC) != 0) throw WorkerFailed("pipe: " + std::string(strerror(errno)));
  if (pipe2(out_pipe, O_CLOEXEC) != 0) {
    close(in_pipe[0]), close(in_pipe[1]);
    throw WorkerFailed("pipe: " + std::string(strerror(errno)));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_pipe[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, stderr_log.c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0600);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  int rc = posix_spawnp(&pid_, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(in_pipe[0]);
  close(out_pipe[1]);
  to_child_ = in_pipe[1];
  from_child_ = out_pipe[0];
  if (rc != 0) {
    close(to_child_), close(from_child_);
    pid_ = -1;
    throw WorkerFailed(fmt::format("cannot start worker '{}': {}", argv[0], strerror(rc)));
  }
}

WorkerProcess::~WorkerProcess() {
  if (to_child_ >= 0) close(to_child_);
  if (pid_ > 0 && !wait_status_) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(kExitGrace_s);
    while (status().empty() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    if (!wait_status_) kill();
  }
  if (from_child_ >= 0) close(from_child_);
}

bool WorkerProcess::send(const std::string& line) { return write_all(to_child_, line + "\n"); }

WorkerProcess::ReadStatus WorkerProcess::read_line(double timeout_s, std::string& line) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  while (true) {
    auto newline = buffer_.find('\n');
    if (newline != std::string::npos) {
      line = buffer_.substr(0, newline);
      buffer_.erase(0, newline + 1);
      return ReadStatus::line;
    }
    if (buffer_.size() > kMaxLineBytes) return ReadStatus::closed;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return ReadStatus::timeout;
    pollfd p{from_child_, POLLIN, 0};
    int ready = ::poll(&p, 1, static_cast<int>(std::min<long long>(left.count(), 1 << 30)));
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) continue;  // the deadline check above decides
    char chunk[65536];
    ssize_t n = ::read(from_child_, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return ReadStatus::closed;
    buffer_.append(chunk, static_cast<size_t>(n));
  }
}

void WorkerProcess::kill() {
  if (pid_ <= 0 || wait_status_) return;
  ::kill(pid_, SIGKILL);
  int st = 0;
  while (waitpid(pid_, &st, 0) < 0 && errno == EINTR) {
  }
  wait_status_ = st;
}

std::string WorkerProcess::status() {
  if (pid_ <= 0) return "did not start";
  if (!wait_status_) {
    int st = 0;
    pid_t done = waitpid(pid_, &st, WNOHANG);
    if (done != pid_) return "";
    wait_status_ = st;
  }
  int st = *wait_status_;
  if (WIFEXITED(st)) return fmt::format("exited with status {}", WEXITSTATUS(st));
  if (WIFSIGNALED(st)) {
    return fmt::format("was killed by signal {} ({})", WTERMSIG(st), strsignal(WTERMSIG(st)));
  }
  return "ended";
}

}  // namespace infergy::measure
