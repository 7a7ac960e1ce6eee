#include "infergy/measure.hpp"

namespace infergy::measure {
namespace {

template <typename T>
nlohmann::json optional_json(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

template <typename T>
std::optional<T> optional_from(const nlohmann::json& j, const char* key) {
  if (!j.contains(key) || j.at(key).is_null()) return std::nullopt;
  return j.at(key).get<T>();
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

BatchResult BatchResult::from_json(const nlohmann::json& j) {
  BatchResult r;
  r.batch_size = j.at("batch_size").get<int>();
  r.reps = j.at("reps").get<int>();
  r.started_at = j.at("started_at").get<std::string>();
  r.ended_at = j.at("ended_at").get<std::string>();
  r.duration_s = j.at("duration_s").get<double>();
  r.throughput_items_per_s = j.at("throughput_items_per_s").get<double>();
  r.latency_mean_s = j.at("latency_mean_s").get<double>();
  r.latency_p50_s = j.at("latency_p50_s").get<double>();
  r.latency_p99_s = j.at("latency_p99_s").get<double>();
  r.avg_power_w = j.at("avg_power_w").get<double>();
  r.energy_j = j.at("energy_j").get<double>();
  r.energy_per_item_j = j.at("energy_per_item_j").get<double>();
  r.energy_per_item_ci95_j = optional_from<double>(j, "energy_per_item_ci95_j");
  r.energy_method = j.at("energy_method").get<std::string>();
  r.energy_counter_j = optional_from<double>(j, "energy_counter_j");
  r.energy_trapezoid_j = j.at("energy_trapezoid_j").get<double>();
  r.disagreement = optional_from<double>(j, "counter_trapezoid_disagreement");
  r.sensor_accuracy_fraction = j.at("sensor_accuracy_fraction").get<double>();
  r.idle_subtracted = j.at("idle_subtracted").get<bool>();
  r.flop_per_second = optional_from<double>(j, "flop_per_second");
  r.flop_per_joule = optional_from<double>(j, "flop_per_joule");
  r.utilization_pct = optional_from<double>(j, "utilization_pct");
  r.memory_used_bytes = optional_from<double>(j, "memory_used_bytes");
  r.temperature_c = optional_from<double>(j, "temperature_c");
  r.sm_clock_mhz = optional_from<double>(j, "sm_clock_mhz");
  r.stop_reason = j.at("stop_reason").get<std::string>();
  r.warnings = j.at("warnings").get<std::vector<std::string>>();
  return r;
}

}  // namespace infergy::measure
