// Simulated sensors: an analytic power curve read the way real sensors read it
// (held between updates, averaged over a window), with an exact energy counter.
#include <cmath>
#include <cstdint>
#include <mutex>
#include <vector>

#include <fmt/format.h>

#include "infergy/error.hpp"
#include "infergy/parse.hpp"
#include "infergy/power.hpp"

namespace infergy::power {
namespace {

// Integral from 0 to t of a curve defined for t >= 0; before 0 it holds its value at 0.
class CumulativeFunction : public PowerFunction {
 public:
  double energy_j(double t0, double t1) const override { return cumulative(t1) - cumulative(t0); }

 private:
  double cumulative(double t) const { return t < 0 ? power_w(0) * t : cumulative_from_zero(t); }
  virtual double cumulative_from_zero(double t) const = 0;
};

class Constant final : public CumulativeFunction {
 public:
  explicit Constant(double watts) : watts_(watts) {}
  double power_w(double) const override { return watts_; }

 private:
  double cumulative_from_zero(double t) const override { return watts_ * t; }
  double watts_;
};

// `high` for the first half of each period, `low` for the second.
class SquareWave final : public CumulativeFunction {
 public:
  SquareWave(double low, double high, double period) : low_(low), high_(high), period_(period) {}
  double power_w(double t) const override {
    double phase = t - std::floor(t / period_) * period_;
    return phase < period_ / 2 ? high_ : low_;
  }

 private:
  double cumulative_from_zero(double t) const override {
    double cycles = std::floor(t / period_);
    double phase = t - cycles * period_;
    double half = period_ / 2;
    return cycles * (low_ + high_) * half + high_ * std::min(phase, half) +
           low_ * std::max(0.0, phase - half);
  }
  double low_, high_, period_;
};

// Rises linearly from `from` to `to` over each period, then starts again (sawtooth).
class Ramp final : public CumulativeFunction {
 public:
  Ramp(double from, double to, double period) : from_(from), to_(to), period_(period) {}
  double power_w(double t) const override {
    double phase = t - std::floor(t / period_) * period_;
    return from_ + (to_ - from_) * phase / period_;
  }

 private:
  double cumulative_from_zero(double t) const override {
    double cycles = std::floor(t / period_);
    double phase = t - cycles * period_;
    return cycles * period_ * (from_ + to_) / 2 + from_ * phase +
           (to_ - from_) * phase * phase / (2 * period_);
  }
  double from_, to_, period_;
};

// Gaussian noise held for `step` seconds at a time around `mean` (clamped at 0): a load
// whose power wanders like a GPU's at millisecond scale. Deterministic for a seed; the
// integral comes from prefix sums grown on demand.
class Noise final : public PowerFunction {
 public:
  Noise(double mean, double sd, double step, uint64_t seed)
      : mean_(mean), sd_(sd), step_(step), seed_(seed) {}
  double power_w(double t) const override { return level(index_of(t)); }
  double energy_j(double t0, double t1) const override { return cumulative(t1) - cumulative(t0); }

 private:
  int64_t index_of(double t) const { return static_cast<int64_t>(std::floor(t / step_)); }

  static uint64_t mix(uint64_t x) {  // splitmix64
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
  }

  double level(int64_t i) const {
    if (i < 0) i = 0;  // before 0 the curve holds its first value
    auto bits = mix(seed_ ^ mix(static_cast<uint64_t>(i)));
    double u1 = (static_cast<double>(bits >> 11) + 0.5) / 9007199254740992.0;
    double u2 = (static_cast<double>(mix(bits) >> 11) + 0.5) / 9007199254740992.0;
    double z = std::sqrt(-2 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    return std::max(0.0, mean_ + sd_ * z);
  }

  double cumulative(double t) const {
    if (t < 0) return level(0) * t;
    int64_t i = index_of(t);
    std::lock_guard lock(mutex_);
    while (static_cast<int64_t>(prefix_.size()) <= i) {
      int64_t k = static_cast<int64_t>(prefix_.size()) - 1;
      prefix_.push_back(prefix_.back() + level(k) * step_);
    }
    return prefix_[i] + level(i) * (t - static_cast<double>(i) * step_);
  }

  double mean_, sd_, step_;
  uint64_t seed_;
  mutable std::mutex mutex_;
  mutable std::vector<double> prefix_{0.0};  // prefix_[i] = energy over [0, i * step)
};

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end - start));
    if (end == std::string::npos) return parts;
    start = end + 1;
  }
}

double parse_number(const std::string& spec, const std::string& text, const std::string& what) {
  auto value = try_parse_real(text);
  if (!value) {
    throw InputError(fmt::format("sensor '{}': {} must be a number, got '{}'", spec, what, text));
  }
  return *value;
}

double parse_non_negative(const std::string& spec, const std::string& text,
                          const std::string& what) {
  double value = parse_number(spec, text, what);
  if (value < 0) throw InputError(fmt::format("sensor '{}': {} must be >= 0", spec, what));
  return value;
}

double parse_positive(const std::string& spec, const std::string& text, const std::string& what) {
  double value = parse_number(spec, text, what);
  if (value <= 0) throw InputError(fmt::format("sensor '{}': {} must be > 0", spec, what));
  return value;
}

std::shared_ptr<const PowerFunction> parse_function(const std::string& spec,
                                                    const std::vector<std::string>& parts,
                                                    uint64_t seed) {
  const std::string& kind = parts[0];
  if (parts.size() == 1) {
    return std::make_shared<Constant>(parse_non_negative(spec, kind, "WATTS"));
  }
  if ((kind == "square" || kind == "ramp") && parts.size() == 4) {
    double a = parse_non_negative(spec, parts[1], kind == "square" ? "LOW" : "FROM");
    double b = parse_non_negative(spec, parts[2], kind == "square" ? "HIGH" : "TO");
    double period = parse_positive(spec, parts[3], "PERIOD");
    if (kind == "square") return std::make_shared<SquareWave>(a, b, period);
    return std::make_shared<Ramp>(a, b, period);
  }
  if (kind == "noise" && (parts.size() == 3 || parts.size() == 4)) {
    double mean = parse_non_negative(spec, parts[1], "MEAN");
    double sd = parse_non_negative(spec, parts[2], "SD");
    double step = parts.size() == 4 ? parse_positive(spec, parts[3], "STEP") : 0.005;
    return std::make_shared<Noise>(mean, sd, step, seed);
  }
  throw InputError(
      fmt::format("sensor '{}': expected sim:WATTS, sim:square:LOW:HIGH:PERIOD, "
                  "sim:ramp:FROM:TO:PERIOD or sim:noise:MEAN:SD[:STEP]",
                  spec));
}

class SimulatedSensor final : public Sensor {
 public:
  SimulatedSensor(std::string name, SimulatedSpec spec, Platform& platform)
      : name_(std::move(name)),
        spec_(std::move(spec)),
        platform_(platform),
        origin_s_(platform.now_s()) {}

  std::string name() const override { return name_; }

  Capabilities capabilities() const override {
    Capabilities caps;
    caps.energy_counter = true;
    caps.instant_power = spec_.averaging_window_s < 0.05;
    caps.update_period_s = spec_.update_period_s;
    caps.averaging_window_s = spec_.averaging_window_s;
    return caps;
  }

  Reading read() override {
    double t = platform_.now_s() - origin_s_;
    if (spec_.fail_after_s && t >= *spec_.fail_after_s) {
      throw Failure(fmt::format("simulated sensor failure at {:.3f} s", t));
    }
    double period = spec_.update_period_s;
    double updated_at = period > 0 ? std::floor(t / period) * period : t;
    const auto& f = *spec_.function;
    double window = spec_.averaging_window_s;
    Reading reading;
    reading.power_w =
        window > 0 ? f.energy_j(updated_at - window, updated_at) / window : f.power_w(updated_at);
    reading.energy_j = f.energy_j(0, updated_at);
    return reading;
  }

  nlohmann::json describe() const override {
    return {{"sensor", name_}, {"simulated", true}, {"device", "simulated power sensor"}};
  }

 private:
  std::string name_;
  SimulatedSpec spec_;
  Platform& platform_;
  double origin_s_;
};

}  // namespace

SimulatedSpec parse_simulated_spec(const std::string& spec) {
  std::string body = spec.rfind("sim:", 0) == 0 ? spec.substr(4) : spec;
  auto options = split(body, ',');
  SimulatedSpec result;
  uint64_t seed = 1;
  for (size_t i = 1; i < options.size(); ++i) {
    if (options[i].rfind("seed=", 0) == 0) {
      auto value = try_parse_int(options[i].substr(5));
      if (!value || *value < 0)
        throw InputError(fmt::format("sensor '{}': seed must be a whole number >= 0", spec));
      seed = static_cast<uint64_t>(*value);
    }
  }
  result.function = parse_function(spec, split(options[0], ':'), seed);
  for (size_t i = 1; i < options.size(); ++i) {
    auto eq = options[i].find('=');
    std::string key = options[i].substr(0, eq);
    std::string value = eq == std::string::npos ? "" : options[i].substr(eq + 1);
    if (key == "update") {
      result.update_period_s = parse_non_negative(spec, value, "update");
    } else if (key == "window") {
      result.averaging_window_s = parse_non_negative(spec, value, "window");
    } else if (key == "fail_after") {
      result.fail_after_s = parse_non_negative(spec, value, "fail_after");
    } else if (key == "seed") {  // read above, before the curve
    } else {
      throw InputError(
          fmt::format("sensor '{}': unknown option '{}' (update=S, window=S, "
                      "fail_after=S, seed=N)",
                      spec, options[i]));
    }
  }
  return result;
}

std::unique_ptr<Sensor> make_simulated_sensor(const std::string& name, SimulatedSpec spec,
                                              Platform& platform) {
  return std::make_unique<SimulatedSensor>(name, std::move(spec), platform);
}

}  // namespace infergy::power
