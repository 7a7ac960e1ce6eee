#include "infergy/runs.hpp"

namespace infergy::measure {

nlohmann::json RunRecord::to_json() const {
  return {{"run_id", id},
          {"kind", kind},
          {"workload", workload},
          {"sensor", sensor},
          {"status", status},
          {"status_reason", status_reason},
          {"started_at", started_at},
          {"ended_at", ended_at.empty() ? nlohmann::json(nullptr) : nlohmann::json(ended_at)},
          {"idle_power_w", idle_power_w ? nlohmann::json(*idle_power_w) : nlohmann::json(nullptr)},
          {"settings", settings},
          {"provenance", provenance}};
}

std::string RunRecord::nvml_device() const {
  if (sensor.rfind("nvml", 0) != 0) return "";
  const auto& description = provenance.value("sensor", nlohmann::json::object());
  return description.is_object() ? description.value("device", "") : "";
}

}  // namespace infergy::measure
