// Yang et al.'s protocol: batch sizes doubling from 1 until out of memory or --max-batch;
// per batch size a warm-up run, then >= min_reps repetitions and >= min_seconds, plus
// (adaptive) until the 95% CI of energy per item is within target_ci.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "infergy/measure.hpp"

namespace infergy::measure {
namespace {

constexpr double kBlockUpdates = 10;     // a CI block spans at least this many sensor updates
constexpr double kMinBlock_s = 0.05;     // and at least this long (batch means tame timer noise)
constexpr double kCheckPeriod_s = 0.2;   // CI checks at most this often
constexpr double kProgressPeriod_s = 1;  // progress lines at most this often

struct Rep {
  double start_s, end_s;
};

struct SensorFailed {
  std::string reason;
};

// Waits (briefly) until the sampler has a sample at or after t, so the window's end is
// interpolated rather than extrapolated.
void wait_for_sample_after(Sampler& sampler, power::Platform& platform, double t) {
  if (!sampler.running()) return;
  for (int tries = 0; tries < 1000; ++tries) {
    auto latest = sampler.samples_between(t, t);
    if (!latest.empty() && latest.back().time_s >= t) return;
    if (sampler.failure()) return;
    platform.sleep_until(platform.now_s() + 0.001);
  }
}

class BatchMeasurement {
 public:
  BatchMeasurement(Workload& workload, Sampler& sampler, power::Platform& platform,
                   const power::Capabilities& caps, const ProtocolOptions& options,
                   std::optional<double> idle_power_w, int batch_size)
      : workload_(workload),
        sampler_(sampler),
        platform_(platform),
        caps_(caps),
        options_(options),
        idle_power_w_(idle_power_w),
        batch_size_(batch_size) {}

  BatchResult run(const SweepHooks& hooks) {
    BatchResult result;
    result.batch_size = batch_size_;
    result.started_at = platform_.wall_time_iso();
    last_progress_s_ = platform_.now_s();
    last_check_s_ = -kCheckPeriod_s;  // the first rep that meets the minimums checks the CI
    while (true) {
      double t0 = platform_.now_s();
      workload_.run_batch();
      reps_.push_back({t0, platform_.now_s()});
      if (auto failure = sampler_.failure()) throw SensorFailed{*failure};
      // The window the result reports (first rep's start to last rep's end) is the one the
      // minimum seconds apply to.
      double now = reps_.back().end_s, elapsed_s = now - reps_.front().start_s;
      report_progress(now, elapsed_s, hooks);
      if (auto reason = stop_reason(now, elapsed_s)) {
        result.stop_reason = *reason;
        break;
      }
    }
    result.ended_at = platform_.wall_time_iso();
    fill(result);
    return result;
  }

 private:
  void report_progress(double now, double elapsed_s, const SweepHooks& hooks) {
    if (!hooks.on_progress || now - last_progress_s_ < kProgressPeriod_s) return;
    last_progress_s_ = now;
    auto estimate = block_estimate();
    Progress p{batch_size_, elapsed_s, static_cast<int>(reps_.size()), std::nullopt, std::nullopt};
    if (estimate.n > 0) p.energy_per_item_j = estimate.mean;
    if (estimate.n > 1 && estimate.mean > 0) p.ci_fraction = estimate.half_width / estimate.mean;
    hooks.on_progress(p);
  }

  // Why to stop now, or nothing to go on.
  std::optional<std::string> stop_reason(double now, double elapsed_s) {
    if (static_cast<int>(reps_.size()) < options_.min_reps || elapsed_s < options_.min_seconds) {
      return std::nullopt;
    }
    if (!options_.adaptive) {
      return fmt::format("paper rule: >= {} reps and >= {} s", options_.min_reps,
                         options_.min_seconds);
    }
    if (elapsed_s >= options_.max_seconds) {
      return fmt::format("--max-seconds {} reached before the CI target", options_.max_seconds);
    }
    if (now - last_check_s_ < kCheckPeriod_s) return std::nullopt;
    last_check_s_ = now;
    auto estimate = block_estimate();
    if (estimate.n > 1 && estimate.mean > 0 &&
        estimate.half_width / estimate.mean <= options_.target_ci) {
      return fmt::format("95% CI within {}% after >= {} reps and >= {} s", options_.target_ci * 100,
                         options_.min_reps, options_.min_seconds);
    }
    return std::nullopt;
  }

  // The same method as window_energy, without its bookkeeping (called per block).
  double energy_of(const std::vector<Sample>& samples, double t0, double t1) const {
    std::optional<double> counter;
    if (caps_.energy_counter) counter = counter_energy_j(samples, t0, t1);
    double energy = counter ? *counter : trapezoid_energy_j(samples, t0, t1);
    if (options_.subtract_idle && idle_power_w_) energy -= *idle_power_w_ * (t1 - t0);
    return energy;
  }

  // Energy per item over consecutive blocks of reps, each block long enough for the sensor;
  // the CI is the ratio estimator's (total energy / total items), like the reported figure.
  MeanCi block_estimate() const {
    if (reps_.empty()) return {};
    auto samples = sampler_.samples_between(reps_.front().start_s, reps_.back().end_s);
    double min_block_s = std::max(kBlockUpdates * caps_.update_period_s, kMinBlock_s);
    std::vector<double> energies, items;
    size_t first = 0;
    for (size_t i = 0; i < reps_.size(); ++i) {
      double t0 = reps_[first].start_s, t1 = reps_[i].end_s;
      if (t1 - t0 < min_block_s) continue;
      energies.push_back(energy_of(samples, t0, t1));
      items.push_back(static_cast<double>(i - first + 1) * batch_size_);
      first = i + 1;
    }
    return ratio_ci95(energies, items);
  }

  void fill(BatchResult& r) {
    double t0 = reps_.front().start_s, t1 = reps_.back().end_s;
    wait_for_sample_after(sampler_, platform_, t1);
    if (auto failure = sampler_.failure()) throw SensorFailed{*failure};
    auto samples = sampler_.samples_between(t0, t1);
    auto window = window_energy(samples, t0, t1, caps_);
    double items = static_cast<double>(reps_.size()) * batch_size_;
    std::vector<double> latencies;
    for (const auto& rep : reps_) latencies.push_back(rep.end_s - rep.start_s);
    r.reps = static_cast<int>(reps_.size());
    r.duration_s = t1 - t0;
    r.throughput_items_per_s = items / r.duration_s;
    r.latency_mean_s = mean_ci95(latencies).mean;
    r.latency_p50_s = percentile(latencies, 50);
    r.latency_p99_s = percentile(latencies, 99);
    r.idle_subtracted = options_.subtract_idle && idle_power_w_.has_value();
    r.energy_j = energy_of(samples, t0, t1);
    r.avg_power_w = window.avg_power_w();
    r.energy_per_item_j = r.energy_j / items;
    auto ci = block_estimate();
    if (ci.n > 1) r.energy_per_item_ci95_j = ci.half_width;
    r.energy_method = window.method;
    r.energy_counter_j = window.counter_j;
    r.energy_trapezoid_j = window.trapezoid_j;
    r.disagreement = window.disagreement;
    r.sensor_accuracy_fraction = caps_.accuracy_fraction;
    r.warnings = window.warnings;
    if (auto flop = workload_.flop_count_per_item()) {
      r.flop_per_second = *flop * r.throughput_items_per_s;
      if (r.energy_per_item_j > 0) r.flop_per_joule = *flop / r.energy_per_item_j;
    }
    fill_telemetry(r, samples, t0, t1);
    if (options_.keep_samples) r.samples = samples;
    sampler_.discard_before(t1);
  }

  // Means of utilisation, temperature and clock; the peak of memory.
  static void fill_telemetry(BatchResult& r, const std::vector<Sample>& samples, double t0,
                             double t1) {
    struct Mean {
      double sum = 0;
      int n = 0;
      void add(const std::optional<double>& v) {
        if (v) sum += *v, ++n;
      }
      std::optional<double> value() const { return n ? std::optional(sum / n) : std::nullopt; }
    } utilization, temperature, clock;
    std::optional<double> memory;
    for (const auto& s : samples) {
      if (s.time_s < t0 || s.time_s > t1) continue;
      utilization.add(s.telemetry.utilization_pct);
      temperature.add(s.telemetry.temperature_c);
      clock.add(s.telemetry.sm_clock_mhz);
      if (s.telemetry.memory_used_bytes) {
        memory = std::max(memory.value_or(0), *s.telemetry.memory_used_bytes);
      }
    }
    r.utilization_pct = utilization.value();
    r.temperature_c = temperature.value();
    r.sm_clock_mhz = clock.value();
    r.memory_used_bytes = memory;
  }

  Workload& workload_;
  Sampler& sampler_;
  power::Platform& platform_;
  const power::Capabilities& caps_;
  const ProtocolOptions& options_;
  std::optional<double> idle_power_w_;
  int batch_size_;
  std::vector<Rep> reps_;
  double last_check_s_ = 0;
  double last_progress_s_ = 0;
};

std::optional<std::string> exceeds_memory_limit(const Workload& workload,
                                                const ProtocolOptions& options, int batch_size) {
  if (!options.memory_limit_bytes) return std::nullopt;
  auto needed = workload.memory_bytes(batch_size);
  if (!needed || *needed <= *options.memory_limit_bytes) return std::nullopt;
  return fmt::format("out of memory at batch size {}: needs {:.0f} bytes, --memory-limit is {:.0f}",
                     batch_size, *needed, *options.memory_limit_bytes);
}

}  // namespace

WindowEnergy measure_idle(Sampler& sampler, power::Platform& platform,
                          const power::Capabilities& caps, double seconds) {
  double t0 = platform.now_s();
  platform.sleep_until(t0 + seconds);
  double t1 = platform.now_s();
  wait_for_sample_after(sampler, platform, t1);
  if (auto failure = sampler.failure()) {
    throw Failure("power sensor failed while measuring idle power: " + *failure);
  }
  auto window = window_energy(sampler.samples_between(t0, t1), t0, t1, caps);
  sampler.discard_before(t1);
  return window;
}

SweepOutcome run_sweep(Workload& workload, Sampler& sampler, power::Platform& platform,
                       const power::Capabilities& caps, const ProtocolOptions& options,
                       std::optional<double> idle_power_w, const std::vector<int>& done,
                       const SweepHooks& hooks) {
  SweepOutcome outcome;
  for (int batch = 1; batch <= options.max_batch; batch *= 2) {
    if (std::find(done.begin(), done.end(), batch) != done.end()) continue;
    if (auto reason = exceeds_memory_limit(workload, options, batch)) {
      outcome.end_reason = *reason;
      return outcome;
    }
    try {
      workload.prepare(batch);
      workload.run_batch();  // warm-up; also where out-of-memory shows
      BatchMeasurement measurement(workload, sampler, platform, caps, options, idle_power_w, batch);
      auto result = measurement.run(hooks);
      if (hooks.on_batch) hooks.on_batch(result);
      outcome.batches.push_back(std::move(result));
    } catch (const OutOfMemory& e) {
      outcome.end_reason = fmt::format("out of memory at batch size {}: {}", batch, e.what());
      return outcome;
    } catch (const SensorFailed& e) {
      outcome.invalid_reason =
          fmt::format("power sensor failed at batch size {}: {}", batch, e.reason);
      outcome.end_reason = *outcome.invalid_reason;
      return outcome;
    }
  }
  outcome.end_reason = fmt::format("reached --max-batch {}", options.max_batch);
  return outcome;
}

int most_efficient_batch(const std::vector<BatchResult>& batches) {
  const BatchResult* best = nullptr;
  for (const auto& b : batches) {
    if (!best || b.energy_per_item_j < best->energy_per_item_j) best = &b;
  }
  return best ? best->batch_size : 0;
}

}  // namespace infergy::measure
