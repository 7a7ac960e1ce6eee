// The measurement engine: a sampler thread polling a power sensor, the energy of a
// time window (by counter and by trapezoid), the batch-size sweep protocol of Yang et al.
// with an adaptive stopping rule, workloads, and `wrap` for any command.
// Timestamps are the Platform's monotonic seconds; energy in joules, power in watts.
#pragma once
#include <atomic>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "infergy/error.hpp"
#include "infergy/power.hpp"

namespace infergy::measure {

struct Sample {
  double time_s = 0;
  double power_w = 0;
  std::optional<double> energy_j;  // sensor's cumulative counter
  power::Telemetry telemetry;
};

struct SamplerOptions {
  double rate_hz = 100;
  size_t max_samples = 1 << 20;  // oldest samples are dropped beyond this (bounded memory)
};

// Polls a sensor on its own thread at a fixed rate (absolute schedule, no drift).
// Thread-safe: the workload thread reads samples while the sampler adds them.
// A sensor failure stops sampling and is kept in failure(); it never throws.
class Sampler {
 public:
  // REQUIRES: sensor and platform outlive the sampler; 0 < rate_hz.
  Sampler(power::Sensor& sensor, power::Platform& platform, SamplerOptions options = {});
  ~Sampler();
  Sampler(const Sampler&) = delete;
  Sampler& operator=(const Sampler&) = delete;

  void start();  // one sample now, then polling on a thread
  void stop();   // joins the thread, then one last sample (so windows end inside the trace)
  // One reading appended; false if the sensor failed. Tests call this with a fake clock.
  bool poll_once();

  std::vector<Sample> samples() const;
  std::vector<Sample> samples_between(double from_s, double to_s) const;  // plus one each side
  void discard_before(double time_s);  // frees memory once a window is accounted for
  std::optional<std::string> failure() const;
  size_t dropped() const;
  size_t polls() const;
  bool running() const { return running_; }

 private:
  void loop();

  power::Sensor& sensor_;
  power::Platform& platform_;
  SamplerOptions options_;
  mutable std::mutex mutex_;
  std::deque<Sample> samples_;
  std::optional<std::string> failure_;
  size_t dropped_ = 0;
  size_t polls_ = 0;
  std::atomic<bool> running_{false};
  std::thread thread_;
};

// ---- energy of a window ----

struct WindowEnergy {
  double start_s = 0, end_s = 0;
  double trapezoid_j = 0;              // samples integrated, edges interpolated
  std::optional<double> counter_j;     // counter difference, edges interpolated
  double energy_j = 0;                 // counter if present, else trapezoid
  std::string method;                  // "counter" or "trapezoid"
  std::optional<double> disagreement;  // (trapezoid - counter) / counter
  size_t sample_count = 0;
  double sensor_updates = 0;  // window length / update period (inf if continuous)
  std::vector<std::string> warnings;
  double duration_s() const { return end_s - start_s; }
  double avg_power_w() const { return duration_s() > 0 ? energy_j / duration_s() : 0; }
};

// Trapezoidal integral of power over [t0, t1], interpolating at the edges.
// Outside the samples the nearest value holds. REQUIRES: samples sorted by time.
double trapezoid_energy_j(const std::vector<Sample>& samples, double t0, double t1);
// counter(t1) - counter(t0), interpolated; empty if any sample lacks a counter.
std::optional<double> counter_energy_j(const std::vector<Sample>& samples, double t0, double t1);
WindowEnergy window_energy(const std::vector<Sample>& samples, double t0, double t1,
                           const power::Capabilities& caps);

// ---- statistics ----

struct MeanCi {
  double mean = 0;
  double half_width = 0;  // 95% CI half-width (Student t); infinity for n < 2
  size_t n = 0;
};
MeanCi mean_ci95(const std::vector<double>& values);
// Ratio estimate sum(numerators) / sum(denominators) over blocks (e.g. energy / items) with
// its 95% CI by the delta method: robust to blocks of very different sizes.
// REQUIRES: equal lengths, positive denominators.
MeanCi ratio_ci95(const std::vector<double>& numerators, const std::vector<double>& denominators);
double percentile(std::vector<double> values, double p);  // p in [0, 100], linear interpolation

// ---- workloads ----

// The workload ran out of memory at this batch size: the sweep ends there, cleanly.
class OutOfMemory : public Failure {
 public:
  explicit OutOfMemory(const std::string& what) : Failure(what) {}
};

// Something the protocol runs in batches. Not thread-safe; run on one thread.
class Workload {
 public:
  virtual ~Workload() = default;
  virtual std::string name() const = 0;
  // Model, input shape, device, precision, library versions: stored as provenance.
  virtual nlohmann::json describe() const = 0;
  // FLOPs of one item, when known (the GEMM workload): adds FLOP/s and FLOP/J.
  virtual std::optional<double> flop_count_per_item() const { return std::nullopt; }
  // Bytes a batch needs, when known; the protocol compares it with --memory-limit.
  virtual std::optional<double> memory_bytes(int batch_size) const = 0;
  // Makes random inputs for this batch size. Throws OutOfMemory.
  virtual void prepare(int batch_size) = 0;
  // One synchronous run of the prepared batch. Throws OutOfMemory.
  virtual void run_batch() = 0;
};

// Matrix multiply C = A x B of n x n fp32 matrices; one item = one product (2 n^3 FLOPs).
std::unique_ptr<Workload> make_gemm_workload(int n);

// Models (TorchScript, ONNX, torchvision, timm) run in a runtime worker process:
// see infergy/worker.hpp. infergy itself links no ML runtime.

// ---- protocol ----

// The paper's rule (adaptive = false): per batch size >= min_reps repetitions and
// >= min_seconds. The adaptive rule aims at a figure of energy per item whose 95% CI
// half-width is within target_ci of it, in as little time as that takes: it stops as soon
// as the CI (sensor resolution at the edges and the load's own variation, see
// docs/measuring.md) is within target, after min_reps, min_seconds (a floor the user
// sets; 0 by default on the command line) and 8 blocks of >= 2 sensor updates; at
// max_seconds it stops with a warning giving the CI reached.
struct ProtocolOptions {
  int min_reps = 13;
  double min_seconds = 10;
  bool adaptive = true;      // false: --protocol paper (reps and seconds only)
  double target_ci = 0.02;   // adaptive: CI half-width / mean at which to stop
  double max_seconds = 120;  // adaptive: stop here, with a warning, if the CI is still wider
  int max_batch = 1024;
  std::vector<int> batch_sizes;  // these batch sizes in this order instead of 1, 2, 4, ...
  double idle_seconds = 5;       // idle power measured before the sweep; 0 = skip
  bool subtract_idle = false;
  std::optional<double> memory_limit_bytes;
  bool keep_samples = false;
};

struct BatchResult {
  int batch_size = 0;
  int reps = 0;
  std::string started_at, ended_at;
  double duration_s = 0;
  double throughput_items_per_s = 0;
  double latency_mean_s = 0, latency_p50_s = 0, latency_p99_s = 0;
  double avg_power_w = 0;
  double energy_j = 0;
  double energy_per_item_j = 0;
  std::optional<double> energy_per_item_ci95_j;
  std::string energy_method;
  std::optional<double> energy_counter_j;
  double energy_trapezoid_j = 0;
  std::optional<double> disagreement;
  double sensor_accuracy_fraction = 0.05;
  bool idle_subtracted = false;
  std::optional<double> flop_per_second, flop_per_joule;
  std::optional<double> utilization_pct, memory_used_bytes, temperature_c, sm_clock_mhz;
  std::string stop_reason;
  std::vector<std::string> warnings;
  std::vector<Sample> samples;  // only with keep_samples

  nlohmann::json to_json() const;  // without samples
  // Never throws on a bad stored row: what cannot be read is NaN/empty, with a warning.
  static BatchResult from_json(const nlohmann::json& j);
  // What no sensor can report (a non-finite or negative energy, power or duration),
  // or nullopt: such a batch is not stored and its run is marked invalid.
  std::optional<std::string> impossible_value() const;
};

struct Progress {
  int batch_size;
  double elapsed_s;
  int reps;
  std::optional<double> energy_per_item_j;
  std::optional<double> ci_fraction;
  int batch_index = 1, batch_count = 1;  // batch k of n planned (1, 2, 4, ... max_batch)
  double batch_remaining_s = 0;          // a guess at this batch size's time still to run
};

struct SweepHooks {
  std::function<void(const BatchResult&)> on_batch;  // e.g. commit to the store
  std::function<void(const Progress&)> on_progress;
};

struct SweepOutcome {
  std::vector<BatchResult> batches;           // measured now (not the resumed ones)
  std::string end_reason;                     // why the sweep stopped
  std::optional<std::string> invalid_reason;  // a sensor failure
};

// Average power over `seconds` with nothing running. Throws Failure if the sensor fails.
WindowEnergy measure_idle(Sampler& sampler, power::Platform& platform,
                          const power::Capabilities& caps, double seconds);

// Runs batch sizes 1, 2, 4, ... up to max_batch (or options.batch_sizes) until out of
// memory, skipping `done`.
// REQUIRES: the sampler is running (or the workload polls it, in tests).
SweepOutcome run_sweep(Workload& workload, Sampler& sampler, power::Platform& platform,
                       const power::Capabilities& caps, const ProtocolOptions& options,
                       std::optional<double> idle_power_w, const std::vector<int>& done,
                       const SweepHooks& hooks);

// The batch size with the least energy per item (0 if none).
int most_efficient_batch(const std::vector<BatchResult>& batches);

// ---- wrap ----

struct Phase {
  std::string name;
  WindowEnergy energy;
};

struct WrapResult {
  int exit_code = 0;  // the command's status; 128 + N when signal N ended it
  WindowEnergy energy;
  std::vector<Phase> phases;
  std::string started_at, ended_at;
  // Set when the energy cannot be trusted (the sensor failed, or reported a value no
  // sensor can: not finite, negative): the run is stored as invalid with this reason.
  std::optional<std::string> invalid_reason;
};

// Runs argv (PATH lookup) while sampling. The command may mark phases by writing a line
// with the phase name ("end" closes the current phase) to the FIFO named in
// $INFERGY_PHASE_FIFO. SIGINT, SIGTERM and SIGHUP that reach this process while the
// command runs are passed on to it, and wrap_command returns when it has ended (its
// temporary folder removed). Throws InputError if the command cannot start; a failing
// sensor sets invalid_reason instead, so the command's status is never lost.
WrapResult wrap_command(const std::vector<std::string>& argv, Sampler& sampler,
                        power::Platform& platform, const power::Capabilities& caps);

// ---- provenance ----

// Host, kernel, CPU model, library versions, plus the sensor's and workload's descriptions.
nlohmann::json collect_provenance(const power::Sensor& sensor, const Workload* workload);

}  // namespace infergy::measure
