// A child process spoken to in lines over two pipes (its stdin and stdout), its stderr
// kept in a log file. Private to measure: the runtime workers (worker_workload.cpp).
#pragma once
#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

namespace infergy::measure {

class WorkerProcess {
 public:
  // Starts argv[0] (PATH lookup) with stderr appended to stderr_log. Throws WorkerFailed
  // if it cannot start.
  WorkerProcess(const std::vector<std::string>& argv, const std::string& stderr_log);
  // Closes its stdin (a worker exits on end of input), waits briefly, then kills it.
  ~WorkerProcess();
  WorkerProcess(const WorkerProcess&) = delete;
  WorkerProcess& operator=(const WorkerProcess&) = delete;

  // Writes one line (a newline is added). False if the worker has closed its stdin.
  bool send(const std::string& line);
  enum class ReadStatus { line, timeout, closed };
  // The next line of the worker's stdout within timeout_s (real seconds).
  ReadStatus read_line(double timeout_s, std::string& line);
  // SIGKILL and reap; then status() says how it ended.
  void kill();
  // "exited with status N", "was killed by signal N (Segmentation fault)", or "" while it
  // runs. Reaps the process if it has ended.
  std::string status();

 private:
  pid_t pid_ = -1;
  int to_child_ = -1, from_child_ = -1;
  std::string buffer_;
  std::optional<int> wait_status_;
};

}  // namespace infergy::measure
