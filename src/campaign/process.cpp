// Child processes: sbatch (the script on its stdin) and the local executor's workers.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ostream>

#include <fmt/format.h>

#include "infergy/campaign_worker.hpp"
#include "infergy/error.hpp"

extern char** environ;

namespace infergy::campaign {
namespace {

// The environment with `extra` ("NAME=value") added, replacing variables of the same name.
std::vector<std::string> environment_with(const std::vector<std::string>& extra) {
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) {
    std::string entry(*e);
    auto name = entry.substr(0, entry.find('=') + 1);
    bool replaced = false;
    for (const auto& x : extra) replaced = replaced || x.rfind(name, 0) == 0;
    if (!replaced) env.push_back(entry);
  }
  env.insert(env.end(), extra.begin(), extra.end());
  return env;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

int exit_status(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 1;
}

// Spawns argv; `actions` arranges its file descriptors. Throws Failure if it cannot start.
pid_t spawn(std::vector<std::string> argv, const std::vector<std::string>& env,
            posix_spawn_file_actions_t* actions) {
  auto environment = environment_with(env);
  auto args = pointers(argv);
  auto envp = pointers(environment);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, args[0], actions, nullptr, args.data(), envp.data());
  if (rc != 0) throw Failure(fmt::format("cannot start {}: {}", argv[0], std::strerror(rc)));
  return pid;
}

int wait_for(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return 1;
  }
  return exit_status(status);
}

}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv, const std::string& input,
                          const std::vector<std::string>& env) {
  int in[2], out[2];
  if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0) {
    throw Failure(fmt::format("cannot start {}: {}", argv.at(0), std::strerror(errno)));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  pid_t pid = -1;
  try {
    pid = spawn(argv, env, &actions);
  } catch (...) {
    posix_spawn_file_actions_destroy(&actions);
    for (int fd : {in[0], in[1], out[0], out[1]}) close(fd);
    throw;
  }
  posix_spawn_file_actions_destroy(&actions);
  close(in[0]);
  close(out[1]);
  // The child reads all of its input before it writes (sbatch does): write, then read.
  for (size_t sent = 0; sent < input.size();) {
    ssize_t n = write(in[1], input.data() + sent, input.size() - sent);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // the child closed its stdin early; its exit status tells why
    sent += static_cast<size_t>(n);
  }
  close(in[1]);
  ProcessResult result;
  char buffer[4096];
  for (ssize_t n; (n = read(out[0], buffer, sizeof buffer)) != 0;) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    result.out.append(buffer, static_cast<size_t>(n));
  }
  close(out[0]);
  result.exit_code = wait_for(pid);
  return result;
}

std::string submit_sbatch(const std::string& script, const std::string& password) {
  std::vector<std::string> env;
  // The script names the store without its password; the job inherits sbatch's
  // environment (--export=ALL), so the password reaches the workers only there.
  if (!password.empty() && !std::getenv("PGPASSWORD")) env.push_back("PGPASSWORD=" + password);
  ProcessResult r;
  try {
    r = run_process({"sbatch", "--parsable"}, script, env);
  } catch (const Failure& e) {
    throw Failure(std::string(e.what()) + " (is Slurm installed? sbatch must be on PATH)");
  }
  if (r.exit_code != 0) throw Failure(fmt::format("sbatch refused the job (exit {})", r.exit_code));
  auto id = r.out.substr(0, r.out.find_first_of(";\n"));
  if (id.empty()) throw Failure("sbatch printed no job id");
  return id;
}

std::vector<int> run_local_workers(const std::string& campaign, const LocalOptions& options,
                                   std::ostream& log) {
  int count = options.gpus.empty() ? options.workers : static_cast<int>(options.gpus.size());
  std::vector<pid_t> pids;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, 2, 1);  // a worker's results go to our stderr
  for (int i = 0; i < count; ++i) {
    std::vector<std::string> argv = {options.worker.infergy, "campaign", "work", campaign};
    argv.insert(argv.end(), options.work_args.begin(), options.work_args.end());
    // The location travels in the environment, not argv: a password stays out of `ps`.
    std::vector<std::string> env = {"INFERGY_DB=" + options.worker.location,
                                    fmt::format("INFERGY_WORKER=local:{}", i)};
    if (!options.gpus.empty()) env.push_back("CUDA_VISIBLE_DEVICES=" + options.gpus[i]);
    try {
      pids.push_back(spawn(argv, env, &actions));
    } catch (...) {
      for (pid_t pid : pids) kill(pid, SIGTERM);
      for (pid_t pid : pids) wait_for(pid);
      posix_spawn_file_actions_destroy(&actions);
      throw;
    }
    log << fmt::format("started worker local:{} (pid {}{})\n", i, pids.back(),
                       options.gpus.empty() ? "" : ", CUDA_VISIBLE_DEVICES=" + options.gpus[i]);
  }
  posix_spawn_file_actions_destroy(&actions);
  std::vector<int> statuses;
  for (size_t i = 0; i < pids.size(); ++i) {
    statuses.push_back(wait_for(pids[i]));
    log << fmt::format("worker local:{} (pid {}) exited with status {}\n", i, pids[i],
                       statuses.back());
  }
  return statuses;
}

}  // namespace infergy::campaign
