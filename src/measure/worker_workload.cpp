// The runtime worker as a Workload: one process per workload, one request line and one
// reply line per call (docs/workers.md). Every failure names the batch size and ends
// with the worker's last stderr lines, which are kept in a temporary log meanwhile.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "infergy/worker.hpp"
#include "worker_process.hpp"

namespace infergy::measure {
namespace {

namespace fs = std::filesystem;
constexpr size_t kStderrTailBytes = 1500;

std::string temp_log_path() {
  const char* dir = std::getenv("TMPDIR");
  std::string pattern = fmt::format("{}/infergy-worker-XXXXXX", dir && *dir ? dir : "/tmp");
  int fd = mkstemp(pattern.data());
  if (fd < 0) return "/dev/null";
  close(fd);
  return pattern;
}

std::string tail_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  std::string all = text.str();
  if (all.size() > kStderrTailBytes) all = "..." + all.substr(all.size() - kStderrTailBytes);
  while (!all.empty() && (all.back() == '\n' || all.back() == ' ')) all.pop_back();
  return all;
}

class WorkerWorkload final : public Workload {
 public:
  explicit WorkerWorkload(const WorkerOptions& options)
      : options_(options),
        command_(options.command.empty() ? default_worker_command() : options.command),
        log_path_(temp_log_path()),
        process_(command_, log_path_) {
    try {
      load();
    } catch (...) {
      if (log_path_ != "/dev/null") fs::remove(log_path_);
      throw;
    }
  }

  void load() {
    auto request = options_.load;
    request["op"] = "load";
    request["protocol"] = kWorkerProtocol;
    auto reply = exchange(request, options_.load_timeout_s, "load");
    describe_ = reply.value("describe", nlohmann::json::object());
    describe_["worker"] = fmt::format("{}", fmt::join(command_, " "));
    shape_ = reply.value("input_shape", std::vector<int64_t>{});
    bytes_per_item_ = reply.value("input_bytes_per_item", 0.0);
  }

  ~WorkerWorkload() override {
    if (!failed_) process_.send(R"({"op": "quit"})");
    if (log_path_ != "/dev/null") fs::remove(log_path_);
  }

  std::string name() const override { return options_.load.value("model", "worker"); }
  nlohmann::json describe() const override { return describe_; }

  std::optional<double> memory_bytes(int batch_size) const override {
    if (bytes_per_item_ <= 0) return std::nullopt;
    return bytes_per_item_ * batch_size;
  }

  void prepare(int batch_size) override {
    batch_size_ = batch_size;
    exchange({{"op", "prepare"}, {"batch_size", batch_size}}, options_.batch_timeout_s, "prepare");
  }

  void run_batch() override { exchange({{"op", "run"}}, options_.batch_timeout_s, "run"); }

 private:
  std::string where() const {
    return batch_size_ ? fmt::format(" at batch size {}", batch_size_) : " while loading";
  }

  // The worker failed: kill it, say how, with its last words.
  [[noreturn]] void fail(const std::string& what) {
    failed_ = true;
    process_.kill();
    auto tail = tail_of(log_path_);
    throw WorkerFailed(fmt::format("worker for {} {}{}{}", name(), what, where(),
                                   tail.empty() ? "" : "; its stderr ends:\n" + tail));
  }

  nlohmann::json exchange(const nlohmann::json& request, double timeout_s, const char* op) {
    if (failed_) throw WorkerFailed(fmt::format("worker for {} has already failed", name()));
    if (!process_.send(request.dump())) {
      fail(fmt::format("stopped reading requests ('{}': {})", op, ended()));
    }
    std::string line;
    switch (process_.read_line(timeout_s, line)) {
      case WorkerProcess::ReadStatus::timeout:
        fail(fmt::format("hung: no reply to '{}' within {} s, so it was killed", op, timeout_s));
      case WorkerProcess::ReadStatus::closed:
        fail(fmt::format("{} before replying to '{}'", ended(), op));
      case WorkerProcess::ReadStatus::line:
        break;
    }
    auto reply = nlohmann::json::parse(line, nullptr, false);
    if (reply.is_discarded() || !reply.is_object() || !reply.contains("ok")) {
      fail(fmt::format("broke the protocol: '{}' is not a reply to '{}'", line.substr(0, 200), op));
    }
    if (!reply.value("ok", false)) raise(reply);
    return reply;
  }

  std::string ended() {
    for (int tries = 0; tries < 200; ++tries) {  // the pipe closes just before the exit
      auto status = process_.status();
      if (!status.empty()) return status;
      usleep(5000);
    }
    return "closed its output";
  }

  // A reply with ok = false: the worker is alive and said what went wrong.
  [[noreturn]] void raise(const nlohmann::json& reply) {
    auto kind = reply.value("error", "failure");
    auto message = reply.value("message", "no message");
    if (kind == "oom") throw OutOfMemory(message);
    if (kind == "input") throw InputError(message);
    if (kind == "unavailable") throw Failure(message);
    if (batch_size_ && !shape_.empty()) {
      throw Failure(fmt::format("{} failed with input shape [{}]{} (pass --input-shape?): {}",
                                name(), fmt::join(shape_, ", "), where(), message));
    }
    throw Failure(fmt::format("{} failed{}: {}", name(), where(), message));
  }

  WorkerOptions options_;
  std::vector<std::string> command_;
  std::string log_path_;
  WorkerProcess process_;
  nlohmann::json describe_;
  std::vector<int64_t> shape_;
  double bytes_per_item_ = 0;
  int batch_size_ = 0;
  bool failed_ = false;
};

fs::path executable_dir() {
  std::error_code error;
  auto exe = fs::read_symlink("/proc/self/exe", error);
  return error ? fs::path() : exe.parent_path();
}

}  // namespace

std::vector<std::string> default_worker_command() {
  const char* python = std::getenv("INFERGY_PYTHON");
  std::vector<fs::path> places;
  if (const char* dir = std::getenv("INFERGY_WORKER_DIR"); dir && *dir) places.emplace_back(dir);
  auto exe_dir = executable_dir();
  if (!exe_dir.empty()) places.push_back(exe_dir / ".." / "share" / "infergy" / "workers");
  places.emplace_back(INFERGY_WORKER_SOURCE_DIR);
  std::vector<std::string> tried;
  for (const auto& dir : places) {
    auto script = dir / "infergy_worker.py";
    if (fs::exists(script)) {
      return {python && *python ? python : "/usr/bin/python3", script.lexically_normal().string()};
    }
    tried.push_back(dir.lexically_normal().string());
  }
  throw Failure(
      fmt::format("the runtime worker infergy_worker.py is not in {} (set "
                  "INFERGY_WORKER_DIR)",
                  fmt::join(tried, ", ")));
}

std::unique_ptr<Workload> make_worker_workload(const WorkerOptions& options) {
  return std::make_unique<WorkerWorkload>(options);
}

}  // namespace infergy::measure
