// Sensor specs -> sensors. Simulated sensors are never chosen by "auto".
#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include "infergy/error.hpp"
#include "infergy/parse.hpp"
#include "infergy/power.hpp"
#include "sensors.hpp"

namespace infergy::power {
namespace {

constexpr const char* kPowercapRoot = "/sys/class/powercap";

std::string after_colon(const std::string& spec) {
  auto colon = spec.find(':');
  return colon == std::string::npos ? "" : spec.substr(colon + 1);
}

unsigned int parse_gpu_index(const std::string& spec) {
  std::string text = after_colon(spec);
  if (text.empty()) return 0;
  auto index = try_parse_int(text);
  if (!index || text.front() == '-' || text.size() > 4) {
    throw InputError(fmt::format("sensor '{}': GPU index must be a number", spec));
  }
  return static_cast<unsigned int>(*index);
}

// nvml:all (every GPU NVML sees) or nvml:0,2 (these): one sensor summing them.
std::unique_ptr<Sensor> open_nvml_sum(const std::string& spec, Platform& platform) {
  std::vector<unsigned int> indices;
  std::string list = after_colon(spec);
  if (list != "all") {
    size_t start = 0;
    while (start <= list.size()) {
      size_t comma = std::min(list.find(',', start), list.size());
      std::string part = list.substr(start, comma - start);
      if (part.empty()) throw InputError(fmt::format("sensor '{}': an empty GPU index", spec));
      indices.push_back(parse_gpu_index("nvml:" + part));
      start = comma + 1;
    }
    for (size_t i = 0; i < indices.size(); ++i) {
      if (std::count(indices.begin(), indices.end(), indices[i]) > 1)
        throw InputError(fmt::format("sensor '{}': GPU {} listed twice", spec, indices[i]));
    }
  }
  auto api = nvml::load_api(platform);
  if (list == "all") {
    unsigned int count = nvml::device_count(api);
    if (count == 0) throw Failure("NVML sees no GPU (nvml:all)");
    for (unsigned int i = 0; i < count; ++i) indices.push_back(i);
  }
  std::vector<std::unique_ptr<Sensor>> parts;
  for (unsigned int index : indices) parts.push_back(nvml::make_sensor(api, index, platform));
  return make_sum_sensor(spec, std::move(parts));
}

std::vector<std::string> parse_rapl_domains(const std::string& spec) {
  std::string text = after_colon(spec);
  if (text.empty() || text == "package") return {"package"};
  if (text == "dram") return {"dram"};
  if (text == "package+dram" || text == "all") return {"package", "dram"};
  throw InputError(
      fmt::format("sensor '{}': RAPL domains are package, dram or package+dram", spec));
}

std::unique_ptr<Sensor> open_auto(Platform& platform) {
  std::string nvml_error, rapl_error;
  try {
    return nvml::make_sensor(nvml::load_api(platform), 0, platform);
  } catch (const Failure& e) {
    nvml_error = e.what();
  }
  try {
    return make_rapl_sensor(kPowercapRoot, {"package", "dram"}, platform);
  } catch (const Failure& e) {
    rapl_error = e.what();
  }
  throw Failure(
      fmt::format("no power sensor found on this machine.\n  NVML: {}\n  RAPL: {}\n"
                  "Choose one with --sensor: {}",
                  nvml_error, rapl_error, sensor_options_help()));
}

}  // namespace

const char* sensor_options_help() {
  return "nvml[:INDEX] (NVIDIA GPU), nvml:all or nvml:0,1 (the sum of several GPUs), "
         "rapl[:package|dram|package+dram] (Intel/AMD CPU), "
         "trace:FILE.csv (a recorded trace), sim:WATTS or sim:square:LOW:HIGH:PERIOD or "
         "sim:ramp:FROM:TO:PERIOD or sim:noise:MEAN:SD[:STEP] with ,update=S ,window=S "
         ",fail_after=S ,seed=N (simulated, for tests and demos only)";
}

std::unique_ptr<Sensor> open_sensor(const std::string& spec, Platform& platform) {
  auto kind = spec.substr(0, spec.find(':'));
  if (spec == "auto") return open_auto(platform);
  if (kind == "nvml" && (after_colon(spec) == "all" || spec.find(',') != std::string::npos)) {
    return open_nvml_sum(spec, platform);
  }
  if (kind == "nvml") {
    unsigned int index = parse_gpu_index(spec);  // bad input before looking for the library
    return nvml::make_sensor(nvml::load_api(platform), index, platform);
  }
  if (kind == "rapl") return make_rapl_sensor(kPowercapRoot, parse_rapl_domains(spec), platform);
  if (kind == "trace" && !after_colon(spec).empty()) {
    return make_trace_sensor(spec, after_colon(spec), platform);
  }
  if (kind == "sim") return make_simulated_sensor(spec, parse_simulated_spec(spec), platform);
  throw InputError(fmt::format("unknown sensor '{}'; use {}", spec, sensor_options_help()));
}

}  // namespace infergy::power
