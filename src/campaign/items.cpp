// Items: their identity (key), their stored form, the settings their runs carry.
#include <fmt/format.h>

#include "infergy/campaign.hpp"
#include "infergy/error.hpp"
#include "infergy/session.hpp"

namespace infergy::campaign {
namespace {

measure::MeasureSpec spec_from_settings(const nlohmann::json& s) {
  measure::MeasureSpec spec;
  spec.model = s.at("model").get<std::string>();
  spec.device = s.at("device").get<std::string>();
  spec.precision = s.at("precision").get<std::string>();
  spec.channels_last = s.at("channels_last").get<bool>();
  spec.input_shape = s.at("input_shape").get<std::string>();
  spec.sensor = s.at("sensor").get<std::string>();
  spec.rate_hz = s.at("rate_hz").get<double>();
  spec.protocol = s.at("protocol").get<std::string>();
  auto& o = spec.options;
  o.adaptive = spec.protocol == "adaptive";
  o.min_reps = s.at("min_reps").get<int>();
  o.min_seconds = s.at("min_seconds").get<double>();
  o.target_ci = s.at("target_ci").get<double>();
  o.max_seconds = s.at("max_seconds").get<double>();
  o.max_batch = s.at("max_batch").get<int>();
  o.idle_seconds = s.at("idle_seconds").get<double>();
  o.subtract_idle = s.at("subtract_idle").get<bool>();
  if (!s.at("memory_limit_bytes").is_null()) {
    o.memory_limit_bytes = s.at("memory_limit_bytes").get<double>();
  }
  o.keep_samples = s.at("keep_samples").get<bool>();
  spec.runtime = s.value("runtime", "");
  return spec;
}

}  // namespace

std::string item_key(const std::string& name, const measure::MeasureSpec& spec) {
  return measure::settings_key({{"name", name}, {"settings", measure::measure_settings(spec)}});
}

nlohmann::json item_to_json(const Item& item) {
  return {{"name", item.name},
          {"key", item.key},
          {"position", item.position},
          {"settings", measure::measure_settings(item.spec)},
          {"accuracy_pct", item.accuracy_pct ? nlohmann::json(*item.accuracy_pct) : nullptr},
          {"input_px", item.input_px}};
}

Item item_from_json(const nlohmann::json& j) {
  try {
    Item item;
    item.name = j.at("name").get<std::string>();
    item.key = j.at("key").get<std::string>();
    item.position = j.at("position").get<int>();
    item.spec = spec_from_settings(j.at("settings"));
    if (!j.at("accuracy_pct").is_null()) item.accuracy_pct = j.at("accuracy_pct").get<double>();
    item.input_px = j.at("input_px").get<int>();
    return item;
  } catch (const nlohmann::json::exception& e) {
    throw InputError(fmt::format("a stored campaign item is malformed: {}", e.what()));
  }
}

nlohmann::json run_settings(const std::string& campaign, const Item& item) {
  auto settings = measure::measure_settings(item.spec);
  settings["campaign"] = campaign;
  settings["campaign_item"] = item.name;
  return settings;
}

std::string sensor_for_worker(const std::string& spec, const char* visible_devices) {
  const std::string placeholder = "{gpu}";
  auto at = spec.find(placeholder);
  if (at == std::string::npos) return spec;
  std::string gpu = visible_devices && *visible_devices ? visible_devices : "0";
  gpu = gpu.substr(0, gpu.find(','));
  return spec.substr(0, at) + gpu + spec.substr(at + placeholder.size());
}

}  // namespace infergy::campaign
