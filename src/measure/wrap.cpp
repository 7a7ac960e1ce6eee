// infergy wrap -- CMD: like `time`, in joules. Phases are marked by the command writing
// names to a FIFO; each line is timestamped when infergy reads it.
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <thread>

#include <fmt/format.h>

#include "infergy/measure.hpp"

extern char** environ;

namespace infergy::measure {
namespace {

struct Mark {
  double time_s;
  std::string name;
};

// A FIFO in a private temporary folder, read on a thread until stopped.
class PhaseReader {
 public:
  explicit PhaseReader(power::Platform& platform) : platform_(platform) {
    char folder[] = "/tmp/infergy-wrap-XXXXXX";
    if (!mkdtemp(folder))
      throw Failure(std::string("cannot create a temporary folder: ") + std::strerror(errno));
    folder_ = folder;
    path_ = folder_ + "/phases";
    if (mkfifo(path_.c_str(), 0600) != 0) throw Failure("cannot create " + path_);
    // O_RDWR keeps a writer open, so the FIFO never reports end-of-file between phases.
    fd_ = open(path_.c_str(), O_RDWR | O_NONBLOCK);
    if (fd_ < 0) throw Failure("cannot open " + path_);
    thread_ = std::thread([this] { loop(); });
  }
  ~PhaseReader() {
    stop();
    if (fd_ >= 0) close(fd_);
    std::error_code ec;
    std::filesystem::remove_all(folder_, ec);
  }
  const std::string& path() const { return path_; }

  std::vector<Mark> stop() {
    running_ = false;
    if (thread_.joinable()) thread_.join();
    drain();
    return marks_;
  }

 private:
  void loop() {
    while (running_) {
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, 20) > 0) drain();
    }
  }

  void drain() {
    char buffer[4096];
    ssize_t n;
    while ((n = read(fd_, buffer, sizeof buffer)) > 0) {
      double now = platform_.now_s();
      pending_.append(buffer, static_cast<size_t>(n));
      size_t newline;
      while ((newline = pending_.find('\n')) != std::string::npos) {
        std::string name = pending_.substr(0, newline);
        pending_.erase(0, newline + 1);
        if (!name.empty()) marks_.push_back({now, name});
      }
    }
  }

  power::Platform& platform_;
  std::string folder_, path_, pending_;
  int fd_ = -1;
  std::atomic<bool> running_{true};
  std::vector<Mark> marks_;
  std::thread thread_;
};

// The running child, for the signal handler: a signal meant for `wrap` (Ctrl-C, a
// scheduler's SIGTERM) goes to the command, and wrap records the run once it has ended.
std::atomic<pid_t> child_pid{0};

void forward_signal(int signal) {
  pid_t pid = child_pid.load();
  if (pid > 0) ::kill(pid, signal);
}

class ForwardSignals {
 public:
  ForwardSignals() {
    struct sigaction action {};
    action.sa_handler = forward_signal;
    sigemptyset(&action.sa_mask);
    for (std::size_t i = 0; i < kSignals.size(); ++i) sigaction(kSignals[i], &action, &old_[i]);
  }
  ~ForwardSignals() {
    child_pid = 0;
    for (std::size_t i = 0; i < kSignals.size(); ++i) sigaction(kSignals[i], &old_[i], nullptr);
  }

 private:
  static constexpr std::array<int, 3> kSignals = {SIGINT, SIGTERM, SIGHUP};
  std::array<struct sigaction, 3> old_{};
};

int run_child(const std::vector<std::string>& argv, const std::string& fifo) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::string fifo_var = "INFERGY_PHASE_FIFO=" + fifo;
  std::vector<char*> env;
  for (char** e = environ; *e; ++e) {
    if (std::strncmp(*e, "INFERGY_PHASE_FIFO=", 19) != 0) env.push_back(*e);
  }
  env.push_back(fifo_var.data());
  env.push_back(nullptr);
  ForwardSignals forwarding;
  pid_t pid;
  int error = posix_spawnp(&pid, args[0], nullptr, nullptr, args.data(), env.data());
  if (error != 0)
    throw InputError(fmt::format("cannot run '{}': {}", argv[0], std::strerror(error)));
  child_pid = pid;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw Failure(std::string("waitpid failed: ") + std::strerror(errno));
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::vector<Phase> phases_of(const std::vector<Mark>& marks, double end_s,
                             const std::vector<Sample>& samples, const power::Capabilities& caps) {
  std::vector<Phase> phases;
  for (size_t i = 0; i < marks.size(); ++i) {
    if (marks[i].name == "end") continue;
    double stop = i + 1 < marks.size() ? marks[i + 1].time_s : end_s;
    phases.push_back({marks[i].name, window_energy(samples, marks[i].time_s, stop, caps)});
  }
  return phases;
}

}  // namespace

WrapResult wrap_command(const std::vector<std::string>& argv, Sampler& sampler,
                        power::Platform& platform, const power::Capabilities& caps) {
  if (argv.empty()) throw InputError("wrap needs a command after --");
  PhaseReader reader(platform);
  WrapResult result;
  result.started_at = platform.wall_time_iso();
  double t0 = platform.now_s();
  result.exit_code = run_child(argv, reader.path());
  double t1 = platform.now_s();
  result.ended_at = platform.wall_time_iso();
  auto marks = reader.stop();
  sampler.stop();
  if (auto failure = sampler.failure()) {
    result.invalid_reason = "power sensor failed: " + *failure;
    result.energy.start_s = t0;
    result.energy.end_s = t1;
    return result;
  }
  auto samples = sampler.samples_between(t0, t1);
  result.energy = window_energy(samples, t0, t1, caps);
  result.phases = phases_of(marks, t1, samples, caps);
  if (!std::isfinite(result.energy.energy_j) || result.energy.energy_j < 0) {
    result.invalid_reason =
        fmt::format("the sensor reported an impossible energy ({} J)", result.energy.energy_j);
  }
  return result;
}

}  // namespace infergy::measure
