// A measurement session: everything `infergy measure` and `infergy wrap` do between
// parsing their flags and printing the result. It opens (or resumes) a run in the
// repository, measures idle power, runs the batch-size sweep committing each completed
// batch size in its own transaction, and finishes the run with its status.
// Usage:
//   measure::SessionRequest request{...};
//   auto result = measure::run_session(request, *workload, *sensor, platform, store.runs(), hooks);
// The platform, sensor, workload and repository are the caller's; tests hand in fakes.
// Not thread-safe: one session per repository at a time.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "infergy/measure.hpp"
#include "infergy/runs.hpp"

namespace infergy::measure {

// A fingerprint of the settings (FNV-1a of their canonical JSON): --resume matches it.
std::string settings_key(const nlohmann::json& settings);

struct SessionRequest {
  std::string workload;  // stored as the run's workload: model path, gemm:N, ...
  // Every option that defines "the same sweep"; its key is what --resume matches.
  nlohmann::json settings = nlohmann::json::object();
  ProtocolOptions protocol;
  double rate_hz = 100;  // capped at the sensor's sensible rate
  bool resume = false;   // continue the newest unfinished run with the same settings
  // Who measures (RunRepository::claim): empty = "HOST:PID" of this process. A run held
  // by another owner whose lease has not ended is refused (Failure), not measured twice.
  std::string owner;
  double lease_s = 900;  // renewed after every batch size
};

struct OpenedRun {
  int64_t id = 0;
  bool resumed = false;
  std::vector<int> done;  // batch sizes already stored (resumed runs)
};

// Progress callbacks, all optional, called on the session's thread.
struct SessionHooks {
  std::function<void(const OpenedRun&)> on_opened;
  std::function<void(double seconds)> on_idle_start;
  std::function<void(const WindowEnergy&)> on_idle;
  std::function<void(const BatchResult&)> on_batch;  // after it is committed
  std::function<void(const Progress&)> on_progress;
};

struct SessionResult {
  RunRecord run;                     // as finished: status, status_reason, ended_at
  std::vector<BatchResult> batches;  // every stored batch size of the run, resumed ones too
  std::optional<std::string> invalid_reason;  // the sensor failed: completed batches are kept
};

// Runs the session. A sensor failure ends it with the run marked invalid (returned, not
// thrown); any other error marks the run invalid with the error's text and rethrows.
SessionResult run_session(const SessionRequest& request, Workload& workload, power::Sensor& sensor,
                          power::Platform& platform, RunRepository& runs,
                          const SessionHooks& hooks = {});

// ---- wrap ----

struct WrapRequest {
  std::vector<std::string> command;  // argv, looked up on PATH
  nlohmann::json settings = nlohmann::json::object();
  double rate_hz = 100;
};

struct WrapSessionResult {
  WrapResult result;
  nlohmann::ordered_json summary;  // wrap_summary(), as stored in the run's provenance
  int64_t run_id = 0;
};

// The command's energy, duration, phases and sensor, as one record.
nlohmann::ordered_json wrap_summary(const WrapResult& result, const power::Sensor& sensor,
                                    const std::vector<std::string>& command);

// Runs the command while sampling and stores the run. Throws Failure if the command
// cannot start or the sensor fails.
WrapSessionResult run_wrap_session(const WrapRequest& request, power::Sensor& sensor,
                                   power::Platform& platform, RunRepository& runs);

}  // namespace infergy::measure
