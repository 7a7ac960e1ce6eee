// The window's energy per item and its CI (see window_estimate.hpp for the reasoning).
#include "window_estimate.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <numeric>
#include <optional>

#include "infergy/stats.hpp"

namespace infergy::measure {
namespace {

constexpr double kNegativeLag1 = -0.45;  // lag-1 autocorrelation below this: telescoping
constexpr size_t kMinBlocksForLag1 = 12;
constexpr double kPeriodicCorrelation = 0.8;  // a load this self-similar repeats
constexpr size_t kMinPeriods = 3;             // twice the period seen this many times
constexpr double kDriftAllowance = 1.5;       // an exact period correlates as well at 2x
constexpr double kDriftSlack = 0.02;
constexpr size_t kMaxPeriodIntervals = 30;  // periods up to 3 s at NVML's 0.1 s

struct Step {
  double time_s;
  double counter_j;
};

// Steps of a counter that updates every `update_s`: the value changed between two
// samples, so the step happened between them (taken at the midpoint). A change across a
// gap longer than half an update may hide two steps and is not used.
std::vector<Step> counter_steps(const std::vector<Sample>& samples, double t0, double t1,
                                double update_s) {
  std::vector<Step> steps;
  for (size_t i = 1; i < samples.size(); ++i) {
    const auto &before = samples[i - 1], &after = samples[i];
    if (!before.energy_j || !after.energy_j) return {};
    if (*after.energy_j == *before.energy_j) continue;
    if (after.time_s - before.time_s > update_s / 2) continue;
    double t = (before.time_s + after.time_s) / 2;
    if (t >= t0 && t <= t1) steps.push_back({t, *after.energy_j});
  }
  return steps;
}

// Items processed in [a, b]: each repetition's batch, pro rata of its time inside.
// `cursor` walks forward over calls with increasing, adjacent intervals.
double items_between(const std::vector<RepSpan>& reps, size_t& cursor, double a, double b,
                     int batch_size) {
  while (cursor < reps.size() && reps[cursor].end_s <= a) ++cursor;
  double items = 0;
  for (size_t i = cursor; i < reps.size() && reps[i].start_s < b; ++i) {
    double length = reps[i].end_s - reps[i].start_s;
    double inside = std::min(b, reps[i].end_s) - std::max(a, reps[i].start_s);
    if (length <= 0) {
      if (reps[i].start_s >= a) items += batch_size;  // an instant repetition
    } else if (inside > 0) {
      items += batch_size * inside / length;
    }
  }
  return items;
}

double block_energy(const std::vector<Sample>& samples, double t0, double t1,
                    const power::Capabilities& caps) {
  std::optional<double> counter;
  if (caps.energy_counter) counter = counter_energy_j(samples, t0, t1);
  return counter ? *counter : trapezoid_energy_j(samples, t0, t1);
}

struct Blocks {
  std::vector<double> energies, items;
  double start_s = 0, end_s = 0;
};

// The load's period in counter intervals, when the energy per interval (less the mean
// energy per item times the interval's items) repeats clearly: the smallest lag whose
// autocorrelation is at least kPeriodicCorrelation, seen over at least kMinPeriods
// periods. Noise almost never correlates that strongly, so a random load has none.
std::optional<size_t> load_period_intervals(const std::vector<Step>& steps,
                                            const std::vector<RepSpan>& reps,
                                            const WindowEstimateOptions& o) {
  const size_t intervals = steps.size() - 1;
  const size_t max_lag = std::min(kMaxPeriodIntervals, intervals / (2 * kMinPeriods));
  if (max_lag < 1) return std::nullopt;
  std::vector<double> energies(intervals), items(intervals);
  size_t cursor = 0;
  for (size_t i = 0; i < intervals; ++i) {
    energies[i] = steps[i + 1].counter_j - steps[i].counter_j;
    items[i] = items_between(reps, cursor, steps[i].time_s, steps[i + 1].time_s, o.batch_size);
  }
  double sum_items = std::accumulate(items.begin(), items.end(), 0.0);
  if (!(sum_items > 0)) return std::nullopt;
  double per_item = std::accumulate(energies.begin(), energies.end(), 0.0) / sum_items;
  std::vector<double> r(intervals);
  double s0 = 0;
  for (size_t i = 0; i < intervals; ++i) {
    r[i] = energies[i] - per_item * items[i];
    s0 += r[i] * r[i];
  }
  if (!(s0 > 0)) return std::nullopt;
  auto correlation = [&](size_t lag) {
    double s = 0;
    for (size_t i = 0; i + lag < intervals; ++i) s += r[i] * r[i + lag];
    return s / s0 * static_cast<double>(intervals) / static_cast<double>(intervals - lag);
  };
  for (size_t lag = 1; lag <= max_lag; ++lag) {
    double at_lag = correlation(lag);
    if (at_lag < kPeriodicCorrelation) continue;
    // A period that is only nearly a whole number of intervals drifts: its correlation
    // falls off at twice the lag, and blocks of it would each carry the same slice of
    // the cycle, a bias their spread cannot show. Only an exact period is used.
    return 1 - correlation(2 * lag) <= kDriftAllowance * (1 - at_lag) + kDriftSlack
               ? std::optional(lag)
               : std::nullopt;
  }
  return std::nullopt;
}

// Blocks between counter steps, `per_block` update intervals each. The last block takes
// the rest, except under a periodic load (`whole_blocks`), where the rest is left out so
// that every block, and so the window, spans whole periods.
Blocks snapped_blocks(const std::vector<Step>& steps, const std::vector<RepSpan>& reps,
                      const WindowEstimateOptions& o, size_t per_block, bool whole_blocks) {
  Blocks b;
  const size_t intervals = steps.size() - 1;
  const size_t count = std::max<size_t>(1, intervals / per_block);
  const size_t last = whole_blocks && intervals >= per_block ? count * per_block : intervals;
  b.start_s = steps.front().time_s;
  b.end_s = steps[last].time_s;
  size_t cursor = 0;
  for (size_t j = 0; j < count; ++j) {
    const auto& from = steps[j * per_block];
    const auto& to = j + 1 == count ? steps[last] : steps[(j + 1) * per_block];
    double energy = to.counter_j - from.counter_j;
    if (o.subtract_power_w) energy -= *o.subtract_power_w * (to.time_s - from.time_s);
    b.energies.push_back(energy);
    b.items.push_back(items_between(reps, cursor, from.time_s, to.time_s, o.batch_size));
  }
  return b;
}

// Blocks of whole repetitions, each at least min_block_s long.
Blocks rep_blocks(const std::vector<Sample>& samples, const std::vector<RepSpan>& reps,
                  const power::Capabilities& caps, const WindowEstimateOptions& o,
                  double min_block_s) {
  Blocks b;
  b.start_s = reps.front().start_s;
  b.end_s = reps.back().end_s;
  size_t first = 0;
  for (size_t i = 0; i < reps.size(); ++i) {
    double t0 = reps[first].start_s, t1 = reps[i].end_s;
    if (t1 - t0 < min_block_s && i + 1 < reps.size()) continue;
    if (t1 - t0 < min_block_s && !b.energies.empty()) {  // a short tail joins the last block
      double from = reps[first - 1].end_s;
      b.energies.back() += block_energy(samples, from, t1, caps);
      if (o.subtract_power_w) b.energies.back() -= *o.subtract_power_w * (t1 - from);
      b.items.back() += static_cast<double>(i - first + 1) * o.batch_size;
      break;
    }
    double energy = block_energy(samples, t0, t1, caps);
    if (o.subtract_power_w) energy -= *o.subtract_power_w * (t1 - t0);
    b.energies.push_back(energy);
    b.items.push_back(static_cast<double>(i - first + 1) * o.batch_size);
    first = i + 1;
  }
  return b;
}

// The median spacing of the samples.
double sample_interval_s(const std::vector<Sample>& samples) {
  std::vector<double> gaps;
  for (size_t i = 1; i < samples.size(); ++i) {
    gaps.push_back(samples[i].time_s - samples[i - 1].time_s);
  }
  if (gaps.empty()) return 0;
  std::nth_element(gaps.begin(), gaps.begin() + gaps.size() / 2, gaps.end());
  return gaps[gaps.size() / 2];
}

}  // namespace

MeanCi telescoping_ratio_ci95(const std::vector<double>& energies, const std::vector<double>& items,
                              double edge_variance_j2) {
  MeanCi result;
  const size_t k = std::min(energies.size(), items.size());
  result.n = k;
  if (k == 0) return result;
  double sum_energy = std::accumulate(energies.begin(), energies.begin() + k, 0.0);
  double sum_items = std::accumulate(items.begin(), items.begin() + k, 0.0);
  if (!(sum_items > 0)) return result;
  result.mean = sum_energy / sum_items;
  if (k < 2) {
    result.half_width = std::numeric_limits<double>::infinity();
    return result;
  }
  std::vector<double> residuals(k);
  for (size_t i = 0; i < k; ++i) residuals[i] = energies[i] - result.mean * items[i];
  double s0 = 0, s1 = 0;
  for (size_t i = 0; i < k; ++i) {
    s0 += residuals[i] * residuals[i];
    if (i + 1 < k) s1 += residuals[i] * residuals[i + 1];
  }
  const double dof = static_cast<double>(k - 1);
  const double naive = s0 * static_cast<double>(k) / dof;
  double variance_of_sum = naive;
  // Telescoping shows as a clearly negative lag-1 autocorrelation; only then is the
  // correction trusted (a chance negative value in noise would stop the rule too early).
  if (s0 > 0 && k >= kMinBlocksForLag1 && s1 / s0 < kNegativeLag1) {
    variance_of_sum = std::max((s0 + 2 * s1) * static_cast<double>(k) / dof, s0 / dof);
  }
  variance_of_sum += edge_variance_j2;
  result.half_width = stats::t_quantile(0.975, dof) * std::sqrt(variance_of_sum) / sum_items;
  return result;
}

WindowEstimate estimate_window(const std::vector<Sample>& samples, const std::vector<RepSpan>& reps,
                               const power::Capabilities& caps, const WindowEstimateOptions& o) {
  WindowEstimate e;
  if (reps.empty() || samples.empty()) return e;
  const double t0 = reps.front().start_s, t1 = reps.back().end_s;
  const double update_s = caps.update_period_s;
  double min_block_s = std::max(o.min_block_updates * update_s, o.min_block_s);
  Blocks blocks;
  std::vector<Step> steps;
  if (caps.energy_counter && update_s > 0) steps = counter_steps(samples, t0, t1, update_s);
  if (steps.size() >= 2) {
    size_t intervals = steps.size() - 1;
    auto per_block = static_cast<size_t>(std::ceil(min_block_s / update_s - 1e-9));
    per_block = std::max({per_block, size_t{1}, (intervals + o.max_blocks - 1) / o.max_blocks});
    auto period = load_period_intervals(steps, reps, o);
    if (period) per_block = (per_block + *period - 1) / *period * *period;
    blocks = snapped_blocks(steps, reps, o, per_block, period.has_value());
    e.snapped = true;
    e.period_s = period ? std::optional(*period * update_s) : std::nullopt;
  } else {
    blocks = rep_blocks(samples, reps, caps, o, std::max(min_block_s, (t1 - t0) / o.max_blocks));
  }
  // Snapped edges are known to the sampling interval: +-dt/2 at each of the two edges.
  double edge_variance_j2 = 0;
  if (e.snapped && blocks.end_s > blocks.start_s) {
    double power_w = std::accumulate(blocks.energies.begin(), blocks.energies.end(), 0.0) /
                     (blocks.end_s - blocks.start_s);
    double dt = sample_interval_s(samples);
    edge_variance_j2 = 2 * (power_w * dt) * (power_w * dt) / 12;
  }
  auto ci = telescoping_ratio_ci95(blocks.energies, blocks.items, edge_variance_j2);
  e.energy_per_item_j = ci.mean;
  e.half_width_j = ci.half_width;
  e.blocks = ci.n;
  e.start_s = blocks.start_s;
  e.end_s = blocks.end_s;
  e.energy_j = std::accumulate(blocks.energies.begin(), blocks.energies.end(), 0.0);
  e.items = std::accumulate(blocks.items.begin(), blocks.items.end(), 0.0);
  return e;
}

}  // namespace infergy::measure
