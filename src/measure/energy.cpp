// Energy of a window: the counter where the sensor has one, the trapezoid always, and
// how far they disagree.
#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "infergy/measure.hpp"

namespace infergy::measure {
namespace {

constexpr double kMinUpdatesPerWindow = 10;

// Linear interpolation of a sample field at t; the nearest value holds outside.
template <typename Field>
double value_at(const std::vector<Sample>& samples, double t, Field field) {
  auto after = std::upper_bound(samples.begin(), samples.end(), t,
                                [](double time, const Sample& s) { return time < s.time_s; });
  if (after == samples.begin()) return field(samples.front());
  if (after == samples.end()) return field(samples.back());
  const Sample& before = *(after - 1);
  double span = after->time_s - before.time_s;
  if (span <= 0) return field(*after);
  double f = (t - before.time_s) / span;
  return field(before) + f * (field(*after) - field(before));
}

double power_of(const Sample& s) { return s.power_w; }

}  // namespace

double trapezoid_energy_j(const std::vector<Sample>& samples, double t0, double t1) {
  if (samples.empty() || t1 <= t0) return 0;
  double previous_t = t0;
  double previous_w = value_at(samples, t0, power_of);
  double energy = 0;
  auto first = std::upper_bound(samples.begin(), samples.end(), t0,
                                [](double time, const Sample& s) { return time < s.time_s; });
  for (auto it = first; it != samples.end(); ++it) {
    const Sample& s = *it;
    if (s.time_s >= t1) break;
    energy += (s.time_s - previous_t) * (previous_w + s.power_w) / 2;
    previous_t = s.time_s;
    previous_w = s.power_w;
  }
  return energy + (t1 - previous_t) * (previous_w + value_at(samples, t1, power_of)) / 2;
}

std::optional<double> counter_energy_j(const std::vector<Sample>& samples, double t0, double t1) {
  if (samples.empty()) return std::nullopt;
  for (const auto& s : samples) {
    if (!s.energy_j) return std::nullopt;
  }
  auto counter = [](const Sample& s) { return *s.energy_j; };
  return value_at(samples, t1, counter) - value_at(samples, t0, counter);
}

WindowEnergy window_energy(const std::vector<Sample>& samples, double t0, double t1,
                           const power::Capabilities& caps) {
  WindowEnergy w;
  w.start_s = t0;
  w.end_s = t1;
  w.trapezoid_j = trapezoid_energy_j(samples, t0, t1);
  if (caps.energy_counter) w.counter_j = counter_energy_j(samples, t0, t1);
  w.method = w.counter_j ? "counter" : "trapezoid";
  w.energy_j = w.counter_j ? *w.counter_j : w.trapezoid_j;
  if (w.counter_j && *w.counter_j > 0)
    w.disagreement = (w.trapezoid_j - *w.counter_j) / *w.counter_j;
  w.sample_count =
      static_cast<size_t>(std::count_if(samples.begin(), samples.end(), [&](const Sample& s) {
        return s.time_s >= t0 && s.time_s <= t1;
      }));
  w.sensor_updates = caps.update_period_s > 0 ? (t1 - t0) / caps.update_period_s
                                              : std::numeric_limits<double>::infinity();
  if (w.sensor_updates < kMinUpdatesPerWindow) {
    w.warnings.push_back(fmt::format(
        "window of {:.3f} s spans only {:.1f} sensor updates (period {:.3f} s); run longer for "
        "a trustworthy number",
        t1 - t0, w.sensor_updates, caps.update_period_s));
  }
  return w;
}

}  // namespace infergy::measure
