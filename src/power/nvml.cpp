// NVIDIA GPUs through NVML, loaded with dlopen so infergy runs where the library is absent.
// Energy: nvmlDeviceGetTotalEnergyConsumption (mJ, Volta and later). Power: the instant
// field (NVML_FI_DEV_POWER_INSTANT), falling back to nvmlDeviceGetPowerUsage, which is a
// 1 s average on Ampere (except GA100) and newer.
#include <fmt/format.h>

#include "infergy/error.hpp"
#include "infergy/power.hpp"
#include "infergy/units.hpp"

namespace infergy::power::nvml {
namespace {

constexpr int kTemperatureGpu = 0;  // NVML_TEMPERATURE_GPU
constexpr int kClockSm = 1;         // NVML_CLOCK_SM
constexpr int kValueTypeUnsignedInt = 1;

template <typename F>
void resolve(Platform& platform, void* library, const char* name, F& target) {
  void* symbol = platform.find_symbol(library, name);
  if (!symbol) throw Failure(fmt::format("libnvidia-ml.so.1 lacks {}: driver too old", name));
  target = reinterpret_cast<F>(symbol);
}

class NvmlSensor final : public Sensor {
 public:
  NvmlSensor(const Api& api, unsigned int index) : api_(api), index_(index) {
    check(api_.init(), "nvmlInit_v2");
    check(api_.device_get_handle_by_index(index, &device_),
          fmt::format("nvmlDeviceGetHandleByIndex_v2({})", index));
    unsigned long long energy_mj = 0;
    has_counter_ = api_.device_get_total_energy_consumption(device_, &energy_mj) == kSuccess;
    has_instant_ = read_instant_mw().has_value();
  }
  ~NvmlSensor() override { api_.shutdown(); }

  std::string name() const override { return fmt::format("nvml:{}", index_); }

  Capabilities capabilities() const override {
    Capabilities caps;
    caps.energy_counter = has_counter_;
    caps.instant_power = has_instant_;
    caps.update_period_s = 0.1;  // A100/H100: power and energy refresh about every 100 ms
    caps.averaging_window_s = has_instant_ ? 0.025 : 1.0;
    caps.max_rate_hz = 1000;
    return caps;
  }

  Reading read() override {
    Reading reading;
    if (has_counter_) {
      unsigned long long energy_mj = 0;
      check(api_.device_get_total_energy_consumption(device_, &energy_mj),
            "nvmlDeviceGetTotalEnergyConsumption");
      reading.energy_j = units::joules_from_millijoules(static_cast<double>(energy_mj));
    }
    reading.power_w = units::watts_from_milliwatts(read_power_mw());
    reading.telemetry = read_telemetry();
    return reading;
  }

  nlohmann::json describe() const override {
    char name[96] = {0};
    char driver[96] = {0};
    api_.device_get_name(device_, name, sizeof name);
    api_.system_get_driver_version(driver, sizeof driver);
    return {
        {"sensor", this->name()},
        {"device", name},
        {"driver_version", driver},
        {"energy_counter", has_counter_},
        {"power_source", has_instant_ ? "NVML_FI_DEV_POWER_INSTANT" : "nvmlDeviceGetPowerUsage"}};
  }

 private:
  void check(int status, const std::string& call) const {
    if (status != kSuccess) {
      throw Failure(fmt::format("NVML {} failed: {}", call, api_.error_string(status)));
    }
  }

  std::optional<unsigned int> read_instant_mw() const {
    FieldValue field{};
    field.field_id = kFieldPowerInstant;
    if (api_.device_get_field_values(device_, 1, &field) != kSuccess) return std::nullopt;
    if (field.nvml_return != kSuccess || field.value_type != kValueTypeUnsignedInt) {
      return std::nullopt;
    }
    return field.value.ui;
  }

  double read_power_mw() const {
    if (has_instant_) {
      if (auto mw = read_instant_mw()) return *mw;
    }
    unsigned int mw = 0;
    check(api_.device_get_power_usage(device_, &mw), "nvmlDeviceGetPowerUsage");
    return mw;
  }

  // Best effort: a missing reading leaves the field empty rather than failing the run.
  Telemetry read_telemetry() const {
    Telemetry t;
    Utilization utilization{};
    if (api_.device_get_utilization_rates(device_, &utilization) == kSuccess) {
      t.utilization_pct = utilization.gpu;
    }
    Memory memory{};
    if (api_.device_get_memory_info(device_, &memory) == kSuccess) {
      t.memory_used_bytes = static_cast<double>(memory.used);
    }
    unsigned int value = 0;
    if (api_.device_get_temperature(device_, kTemperatureGpu, &value) == kSuccess) {
      t.temperature_c = value;
    }
    if (api_.device_get_clock_info(device_, kClockSm, &value) == kSuccess) t.sm_clock_mhz = value;
    return t;
  }

  Api api_;
  unsigned int index_;
  Device device_ = nullptr;
  bool has_counter_ = false;
  bool has_instant_ = false;
};

}  // namespace

Api load_api(Platform& platform) {
  std::string error;
  void* library = platform.open_library("libnvidia-ml.so.1", error);
  if (!library) throw Failure("NVML is not available (libnvidia-ml.so.1: " + error + ")");
  Api api{};
  resolve(platform, library, "nvmlInit_v2", api.init);
  resolve(platform, library, "nvmlShutdown", api.shutdown);
  resolve(platform, library, "nvmlErrorString", api.error_string);
  resolve(platform, library, "nvmlDeviceGetHandleByIndex_v2", api.device_get_handle_by_index);
  resolve(platform, library, "nvmlDeviceGetName", api.device_get_name);
  resolve(platform, library, "nvmlSystemGetDriverVersion", api.system_get_driver_version);
  resolve(platform, library, "nvmlDeviceGetTotalEnergyConsumption",
          api.device_get_total_energy_consumption);
  resolve(platform, library, "nvmlDeviceGetFieldValues", api.device_get_field_values);
  resolve(platform, library, "nvmlDeviceGetPowerUsage", api.device_get_power_usage);
  resolve(platform, library, "nvmlDeviceGetUtilizationRates", api.device_get_utilization_rates);
  resolve(platform, library, "nvmlDeviceGetMemoryInfo", api.device_get_memory_info);
  resolve(platform, library, "nvmlDeviceGetTemperature", api.device_get_temperature);
  resolve(platform, library, "nvmlDeviceGetClockInfo", api.device_get_clock_info);
  api.device_get_count =  // optional: only nvml:all needs it
      reinterpret_cast<decltype(api.device_get_count)>(
          platform.find_symbol(library, "nvmlDeviceGetCount_v2"));
  return api;
}

std::unique_ptr<Sensor> make_sensor(const Api& api, unsigned int index, Platform&) {
  return std::make_unique<NvmlSensor>(api, index);
}

unsigned int device_count(const Api& api) {
  if (!api.device_get_count) throw Failure("libnvidia-ml.so.1 lacks nvmlDeviceGetCount_v2");
  if (int status = api.init(); status != kSuccess) {
    throw Failure(fmt::format("NVML nvmlInit_v2 failed: {}", api.error_string(status)));
  }
  unsigned int count = 0;
  int status = api.device_get_count(&count);
  api.shutdown();
  if (status != kSuccess) {
    throw Failure(fmt::format("NVML nvmlDeviceGetCount_v2 failed: {}", api.error_string(status)));
  }
  return count;
}

}  // namespace infergy::power::nvml
