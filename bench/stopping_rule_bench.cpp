// The stopping rule's benchmark (issue 11): on simulated H100-like sensors (power and
// energy counter updated every 0.1 s, power averaged over 0.025 s) and square and noisy
// loads, the time one batch size takes to an energy-per-item figure under the paper's
// rule (>= 13 reps and >= 10 s) and under the adaptive rule (95% CI within +-2%), the two
// figures' agreement, and how often each lands within 2% of the true value.
// A fake clock runs everything in simulated time (the sampler polled at 100 Hz), so the
// figures are exact and the benchmark takes seconds. Prints a Markdown table.
// Usage: bench_stopping_rule [RUNS_PER_LOAD]
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "infergy/measure.hpp"
#include "infergy/power.hpp"

using namespace infergy;

namespace {

constexpr double kPoll_s = 0.01;   // the session's 100 Hz
constexpr double kItem_s = 0.004;  // one item of the workload (a small model's latency)

// A manual clock; sleep_until jumps.
class SimClock : public power::Platform {
 public:
  double now_s() override { return now_; }
  void sleep_until(double t) override { now_ = std::max(now_, t); }
  std::string wall_time_iso() override { return "2026-01-01T00:00:00.000Z"; }
  FileRead read_file(const std::string&) override { return {"", 2}; }
  void* open_library(const std::string&, std::string& error) override {
    error = "none";
    return nullptr;
  }
  void* find_symbol(void*, const std::string&) override { return nullptr; }
  double now_ = 1000;
};

// Shifts a curve in time, so each run sees the load at another phase of the sensor.
class Shifted : public power::PowerFunction {
 public:
  Shifted(std::shared_ptr<const power::PowerFunction> f, double shift_s) : f_(f), shift_(shift_s) {}
  double power_w(double t) const override { return f_->power_w(t + shift_); }
  double energy_j(double t0, double t1) const override {
    return f_->energy_j(t0 + shift_, t1 + shift_);
  }

 private:
  std::shared_ptr<const power::PowerFunction> f_;
  double shift_;
};

// Runs batch_size items of kItem_s each, polling the sampler every kPoll_s of clock time.
class SimWorkload : public measure::Workload {
 public:
  SimWorkload(SimClock& clock, measure::Sampler& sampler) : clock_(clock), sampler_(sampler) {}
  std::string name() const override { return "sim"; }
  nlohmann::json describe() const override { return {}; }
  std::optional<double> memory_bytes(int) const override { return std::nullopt; }
  void prepare(int batch_size) override { batch_ = batch_size; }
  void run_batch() override {
    double end = clock_.now_ + kItem_s * batch_;
    while (next_poll_ <= end) {
      clock_.now_ = next_poll_;
      sampler_.poll_once();
      next_poll_ += kPoll_s;
    }
    clock_.now_ = end;
  }
  double next_poll_ = 0;

 private:
  SimClock& clock_;
  measure::Sampler& sampler_;
  int batch_ = 1;
};

struct Load {
  std::string name;
  std::string spec;  // the sim: curve, before the sensor options
  double period_s;   // phase range for the shift
};

struct Outcome {
  double time_s, energy_per_item_j, ci_j;
};

Outcome measure_once(const Load& load, int seed, bool adaptive, double truth_shift_s,
                     double start_offset_s) {
  SimClock clock;
  clock.now_ += start_offset_s;
  auto spec = power::parse_simulated_spec(load.spec +
                                          ",update=0.1,window=0.025,seed=" + std::to_string(seed));
  spec.function = std::make_shared<Shifted>(spec.function, truth_shift_s);
  auto sensor = power::make_simulated_sensor("sim", spec, clock);
  measure::Sampler sampler(*sensor, clock, {100});
  sampler.poll_once();
  SimWorkload workload(clock, sampler);
  workload.next_poll_ = clock.now_ + kPoll_s;
  measure::ProtocolOptions o;
  o.adaptive = adaptive;
  o.min_reps = 13;
  o.min_seconds = adaptive ? 0 : 10;
  o.target_ci = 0.02;
  o.max_seconds = 120;
  o.max_batch = 1;
  o.idle_seconds = 0;
  auto outcome =
      measure::run_sweep(workload, sampler, clock, sensor->capabilities(), o, std::nullopt, {}, {});
  const auto& b = outcome.batches.at(0);
  return {b.duration_s + kItem_s /* the warm-up */, b.energy_per_item_j,
          b.energy_per_item_ci95_j.value_or(INFINITY)};
}

double quantile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  double pos = q * (v.size() - 1);
  auto lo = static_cast<size_t>(pos);
  size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (v[hi] - v[lo]) * (pos - lo);
}

}  // namespace

int main(int argc, char** argv) {
  const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 200;
  const std::vector<Load> loads = {
      {"square 80/400 W, period 0.3 s (the acceptance load)", "sim:square:80:400:0.3", 0.3},
      {"square 80/400 W, period 0.35 s (7 updates to a whole cycle)", "sim:square:80:400:0.35",
       0.35},
      {"square 80/400 W, period 0.27 s (never a whole number of updates)", "sim:square:80:400:0.27",
       0.27},
      {"square 200/400 W, period 0.05 s", "sim:square:200:400:0.05", 0.05},
      {"noise 300 W, sd 30 W (5 ms levels)", "sim:noise:300:30:0.005", 1},
      {"noise 300 W, sd 90 W (5 ms levels)", "sim:noise:300:90:0.005", 1},
  };
  std::printf(
      "Stopping rule, one batch size of %g ms items; sensor update 0.1 s, window "
      "0.025 s, sampled at 100 Hz; %d runs per load at random phases.\n\n",
      kItem_s * 1000, runs);
  std::printf(
      "| load | paper: median s | adaptive: median s (p90) | speed-up | adaptive vs paper: "
      "median, max | within 2%% of truth: paper, adaptive | adaptive CI covers truth |\n");
  std::printf("|---|---|---|---|---|---|---|\n");
  std::mt19937_64 random(11);
  std::uniform_real_distribution<double> unit(0, 1);
  for (const auto& load : loads) {
    std::vector<double> paper_s, adaptive_s, agreement;
    int paper_close = 0, adaptive_close = 0, covered = 0;
    for (int r = 0; r < runs; ++r) {
      double shift = unit(random) * load.period_s, offset = unit(random) * 0.1;
      // The true figure: the run's own curve (seed r) averaged over a long time, per item.
      auto spec = power::parse_simulated_spec(load.spec + ",seed=" + std::to_string(r));
      double truth = spec.function->energy_j(0, 2000) / 2000 * kItem_s;
      auto paper = measure_once(load, r, false, shift, offset);
      auto adaptive = measure_once(load, r, true, shift, offset);
      paper_s.push_back(paper.time_s);
      adaptive_s.push_back(adaptive.time_s);
      agreement.push_back(std::abs(adaptive.energy_per_item_j / paper.energy_per_item_j - 1));
      paper_close += std::abs(paper.energy_per_item_j / truth - 1) <= 0.02;
      adaptive_close += std::abs(adaptive.energy_per_item_j / truth - 1) <= 0.02;
      covered += std::abs(adaptive.energy_per_item_j - truth) <= adaptive.ci_j;
    }
    double speedup = quantile(paper_s, 0.5) / quantile(adaptive_s, 0.5);
    std::printf("| %s | %.2f | %.2f (%.2f) | %.1fx | %.2f%%, %.2f%% | %d%%, %d%% | %d%% |\n",
                load.name.c_str(), quantile(paper_s, 0.5), quantile(adaptive_s, 0.5),
                quantile(adaptive_s, 0.9), speedup, quantile(agreement, 0.5) * 100,
                quantile(agreement, 1) * 100, 100 * paper_close / runs, 100 * adaptive_close / runs,
                100 * covered / runs);
  }
  return 0;
}
