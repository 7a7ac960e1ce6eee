// Yang et al.'s protocol: batch sizes doubling from 1 until out of memory or --max-batch;
// per batch size a warm-up run, then >= min_reps repetitions and >= min_seconds (the
// paper's rule), or (adaptive) as soon as the 95% CI of energy per item is within
// target_ci, with at least kMinBlocks blocks of at least two sensor updates each (of
// whole load periods under a periodic load), and at most max_seconds (then a warning
// gives the CI reached); after 10 s it also stops, with a warning, once the CI is clearly
// out of reach within max_seconds. window_estimate.hpp says what the CI covers.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "infergy/measure.hpp"
#include "infergy/worker.hpp"
#include "window_estimate.hpp"

namespace infergy::measure {
namespace {

constexpr size_t kMinBlocks = 6;  // the adaptive rule needs a spread of this many blocks
// Stopping at the first check whose CI is within target favours checks where the spread
// happens to look small; stopping a little inside the target keeps the CI honest.
constexpr double kStopMargin = 0.85;
constexpr double kHopelessAfter_s = 10;  // the paper's minimum: judge reachability after it
constexpr double kCheckPeriod_s = 0.2;   // CI checks at most this often
constexpr double kProgressPeriod_s = 1;  // progress lines at most this often

using Rep = RepSpan;

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
                   std::optional<double> idle_power_w, int batch_size, int batch_index,
                   int batch_count)
      : workload_(workload),
        sampler_(sampler),
        platform_(platform),
        caps_(caps),
        options_(options),
        idle_power_w_(idle_power_w),
        batch_size_(batch_size),
        batch_index_(batch_index),
        batch_count_(batch_count) {}

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
    p.batch_index = batch_index_;
    p.batch_count = batch_count_;
    if (estimate.blocks > 0) p.energy_per_item_j = estimate.energy_per_item_j;
    if (estimate.blocks > 1 && estimate.energy_per_item_j > 0) {
      p.ci_fraction = estimate.ci_fraction();
    }
    p.batch_remaining_s = remaining_s(elapsed_s, p.ci_fraction);
    hooks.on_progress(p);
  }

  // How much longer this batch size will likely run: the floors, and for the adaptive rule
  // the time the CI needs if it keeps shrinking as 1/sqrt(time), within the cap.
  double remaining_s(double elapsed_s, std::optional<double> ci_fraction) const {
    double floor_s = std::max(0.0, options_.min_seconds - elapsed_s);
    const int reps = static_cast<int>(reps_.size());
    if (reps < options_.min_reps && reps > 0) {
      floor_s = std::max(floor_s, elapsed_s / reps * (options_.min_reps - reps));
    }
    if (!options_.adaptive) return floor_s;
    double needed_s = options_.max_seconds;
    if (ci_fraction && *ci_fraction > 0) {
      double ratio = *ci_fraction / options_.target_ci;
      needed_s = std::min(needed_s, elapsed_s * ratio * ratio);
    }
    return std::max(floor_s, needed_s - elapsed_s);
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
    const bool capped = elapsed_s >= options_.max_seconds;
    if (!capped && now - last_check_s_ < kCheckPeriod_s) return std::nullopt;
    last_check_s_ = now;
    auto estimate = block_estimate();
    const double ci_pct = estimate.ci_fraction() * 100;
    if (estimate.blocks >= kMinBlocks && estimate.energy_per_item_j > 0 &&
        estimate.ci_fraction() <= options_.target_ci * kStopMargin) {
      std::string blocks = fmt::format("{} blocks", estimate.blocks);
      if (estimate.period_s)
        blocks += fmt::format(" of whole {:g} s load periods", *estimate.period_s);
      return fmt::format("95% CI +-{:.2f}% <= {}% after {:.2f} s ({})", ci_pct,
                         options_.target_ci * 100, elapsed_s, blocks);
    }
    if (auto hopeless = out_of_reach(elapsed_s, estimate)) {
      cap_warning_ = *hopeless;
      return fmt::format(
          "CI out of reach within --max-seconds {} (95% CI +-{:.2f}% after {:.2f} s)",
          options_.max_seconds, ci_pct, elapsed_s);
    }
    if (capped) {
      cap_warning_ =
          fmt::format("--max-seconds {} reached with the 95% CI at +-{:.2f}%, above the {}% target",
                      options_.max_seconds, ci_pct, options_.target_ci * 100);
      return fmt::format("--max-seconds {} reached (95% CI +-{:.2f}%)", options_.max_seconds,
                         ci_pct);
    }
    return std::nullopt;
  }

  // After the paper's 10 s, a CI that, shrinking as 1/sqrt(time), would need more than
  // twice --max-seconds will not reach the target: stop now with a warning instead of
  // running to the cap (a noisy machine's throughput, a drifting load).
  std::optional<std::string> out_of_reach(double elapsed_s, const WindowEstimate& e) const {
    if (elapsed_s < kHopelessAfter_s || elapsed_s >= options_.max_seconds) return std::nullopt;
    if (e.blocks < kMinBlocks || !(e.energy_per_item_j > 0)) return std::nullopt;
    const double ratio = e.ci_fraction() / options_.target_ci;
    const double needed_s = elapsed_s * ratio * ratio;
    if (needed_s <= 2 * options_.max_seconds) return std::nullopt;
    return fmt::format(
        "the 95% CI is +-{:.2f}% after {:.1f} s and would need about {:.0f} s to reach +-{}%, "
        "over twice --max-seconds {}: stopped early (the load or the machine varies; a longer "
        "--max-seconds or a quieter machine narrows it)",
        e.ci_fraction() * 100, elapsed_s, needed_s, options_.target_ci * 100, options_.max_seconds);
  }

  WindowEstimate block_estimate() const {
    if (reps_.empty()) return {};
    auto samples = sampler_.samples_between(reps_.front().start_s, reps_.back().end_s);
    WindowEstimateOptions o;
    o.batch_size = batch_size_;
    if (options_.subtract_idle && idle_power_w_) o.subtract_power_w = idle_power_w_;
    return estimate_window(samples, reps_, caps_, o);
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
    r.avg_power_w = window.avg_power_w();
    auto estimate = block_estimate();
    if (estimate.items > 0) {
      r.energy_per_item_j = estimate.energy_per_item_j;
    } else {  // no block at all: the whole window as it is
      double energy = window.energy_j;
      if (r.idle_subtracted) energy -= *idle_power_w_ * (t1 - t0);
      r.energy_per_item_j = energy / items;
    }
    r.energy_j = r.energy_per_item_j * items;  // the window's figure, scaled to every item
    if (estimate.blocks > 1) r.energy_per_item_ci95_j = estimate.half_width_j;
    r.energy_method = window.method;
    r.energy_counter_j = window.counter_j;
    r.energy_trapezoid_j = window.trapezoid_j;
    r.disagreement = window.disagreement;
    r.sensor_accuracy_fraction = caps_.accuracy_fraction;
    r.warnings = window.warnings;
    if (cap_warning_) r.warnings.push_back(*cap_warning_);
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
  int batch_index_, batch_count_;
  std::vector<Rep> reps_;
  std::optional<std::string> cap_warning_;
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
  std::vector<int> planned = options.batch_sizes;
  if (planned.empty()) {
    for (int batch = 1; batch <= options.max_batch; batch *= 2) planned.push_back(batch);
  }
  const int batch_count = static_cast<int>(planned.size());
  int batch_index = 0;
  for (int batch : planned) {
    ++batch_index;
    if (std::find(done.begin(), done.end(), batch) != done.end()) continue;
    if (auto reason = exceeds_memory_limit(workload, options, batch)) {
      outcome.end_reason = *reason;
      return outcome;
    }
    try {
      workload.prepare(batch);
      workload.run_batch();  // warm-up; also where out-of-memory shows
      BatchMeasurement measurement(workload, sampler, platform, caps, options, idle_power_w, batch,
                                   batch_index, batch_count);
      auto result = measurement.run(hooks);
      if (hooks.on_batch) hooks.on_batch(result);
      outcome.batches.push_back(std::move(result));
    } catch (const OutOfMemory& e) {
      outcome.end_reason = fmt::format("out of memory at batch size {}: {}", batch, e.what());
      return outcome;
    } catch (const WorkerFailed& e) {  // the batch size ends; the run stays resumable
      outcome.invalid_reason = fmt::format("batch size {} stopped: {}", batch, e.what());
      outcome.end_reason = *outcome.invalid_reason;
      return outcome;
    } catch (const SensorFailed& e) {
      outcome.invalid_reason =
          fmt::format("power sensor failed at batch size {}: {}", batch, e.reason);
      outcome.end_reason = *outcome.invalid_reason;
      return outcome;
    }
  }
  outcome.end_reason = options.batch_sizes.empty()
                           ? fmt::format("reached --max-batch {}", options.max_batch)
                           : fmt::format("ran every batch size asked for ({})",
                                         fmt::join(options.batch_sizes, ", "));
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
