#include "infergy/measure.hpp"

#include <cmath>
#include <limits>

namespace infergy::measure {
namespace {

template <typename T>
nlohmann::json optional_json(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json BatchResult::to_json() const {
  return {{"batch_size", batch_size},
          {"reps", reps},
          {"started_at", started_at},
          {"ended_at", ended_at},
          {"duration_s", duration_s},
          {"throughput_items_per_s", throughput_items_per_s},
          {"latency_mean_s", latency_mean_s},
          {"latency_p50_s", latency_p50_s},
          {"latency_p99_s", latency_p99_s},
          {"avg_power_w", avg_power_w},
          {"energy_j", energy_j},
          {"energy_per_item_j", energy_per_item_j},
          {"energy_per_item_ci95_j", optional_json(energy_per_item_ci95_j)},
          {"energy_method", energy_method},
          {"energy_counter_j", optional_json(energy_counter_j)},
          {"energy_trapezoid_j", energy_trapezoid_j},
          {"counter_trapezoid_disagreement", optional_json(disagreement)},
          {"sensor_accuracy_fraction", sensor_accuracy_fraction},
          {"idle_subtracted", idle_subtracted},
          {"flop_per_second", optional_json(flop_per_second)},
          {"flop_per_joule", optional_json(flop_per_joule)},
          {"utilization_pct", optional_json(utilization_pct)},
          {"memory_used_bytes", optional_json(memory_used_bytes)},
          {"temperature_c", optional_json(temperature_c)},
          {"sm_clock_mhz", optional_json(sm_clock_mhz)},
          {"stop_reason", stop_reason},
          {"warnings", warnings}};
}

// Tolerant of a bad stored row (issue 13: one infinite energy, stored as null, made
// every reader of the store fail): a missing or non-numeric value reads as NaN (null in
// output) and the batch carries a warning naming it.
class Reader {
 public:
  explicit Reader(const nlohmann::json& j) : j_(j) {}
  double number(const char* key) {
    if (j_.contains(key) && j_.at(key).is_number()) return j_.at(key).get<double>();
    problems.push_back(key);
    return std::numeric_limits<double>::quiet_NaN();
  }
  int integer(const char* key) {
    if (j_.contains(key) && j_.at(key).is_number_integer()) return j_.at(key).get<int>();
    problems.push_back(key);
    return 0;
  }
  std::optional<double> optional(const char* key) {
    if (!j_.contains(key) || j_.at(key).is_null()) return std::nullopt;
    if (j_.at(key).is_number()) return j_.at(key).get<double>();
    problems.push_back(key);
    return std::nullopt;
  }
  std::string text(const char* key) {
    if (j_.contains(key) && j_.at(key).is_string()) return j_.at(key).get<std::string>();
    problems.push_back(key);
    return "";
  }
  std::vector<std::string> problems;

 private:
  const nlohmann::json& j_;
};

BatchResult BatchResult::from_json(const nlohmann::json& j) {
  BatchResult r;
  Reader in(j);
  r.batch_size = in.integer("batch_size");
  r.reps = in.integer("reps");
  r.started_at = in.text("started_at");
  r.ended_at = in.text("ended_at");
  r.duration_s = in.number("duration_s");
  r.throughput_items_per_s = in.number("throughput_items_per_s");
  r.latency_mean_s = in.number("latency_mean_s");
  r.latency_p50_s = in.number("latency_p50_s");
  r.latency_p99_s = in.number("latency_p99_s");
  r.avg_power_w = in.number("avg_power_w");
  r.energy_j = in.number("energy_j");
  r.energy_per_item_j = in.number("energy_per_item_j");
  r.energy_per_item_ci95_j = in.optional("energy_per_item_ci95_j");
  r.energy_method = in.text("energy_method");
  r.energy_counter_j = in.optional("energy_counter_j");
  r.energy_trapezoid_j = in.number("energy_trapezoid_j");
  r.disagreement = in.optional("counter_trapezoid_disagreement");
  r.sensor_accuracy_fraction = in.number("sensor_accuracy_fraction");
  r.idle_subtracted = j.value("idle_subtracted", false);
  r.flop_per_second = in.optional("flop_per_second");
  r.flop_per_joule = in.optional("flop_per_joule");
  r.utilization_pct = in.optional("utilization_pct");
  r.memory_used_bytes = in.optional("memory_used_bytes");
  r.temperature_c = in.optional("temperature_c");
  r.sm_clock_mhz = in.optional("sm_clock_mhz");
  r.stop_reason = in.text("stop_reason");
  if (j.contains("warnings") && j.at("warnings").is_array()) {
    for (const auto& w : j.at("warnings")) {
      if (w.is_string()) r.warnings.push_back(w.get<std::string>());
    }
  }
  for (const auto& key : in.problems) {
    r.warnings.push_back("bad stored row: " + key + " is missing or not valid (shown empty)");
  }
  return r;
}

std::optional<std::string> BatchResult::impossible_value() const {
  auto j = to_json();
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it->is_number_float() && !std::isfinite(it->get<double>())) {
      return it.key() + " is not finite";
    }
  }
  for (double v : {energy_j, energy_per_item_j, energy_trapezoid_j, avg_power_w, duration_s}) {
    if (v < 0) return "a negative energy, power or duration";
  }
  return std::nullopt;
}

}  // namespace infergy::measure
