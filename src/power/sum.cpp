// Several sensors read as one (nvml:all, nvml:0,1): energies and powers add up. The
// capabilities are the weakest member's, so the engine treats the sum as carefully as
// its least capable part (a counter only when every member has one).
#include <algorithm>

#include "infergy/error.hpp"
#include "sensors.hpp"

namespace infergy::power {
namespace {

class SumSensor final : public Sensor {
 public:
  SumSensor(std::string name, std::vector<std::unique_ptr<Sensor>> parts)
      : name_(std::move(name)), parts_(std::move(parts)) {
    if (parts_.empty()) throw InputError("sensor '" + name_ + "': no devices to sum");
  }

  std::string name() const override { return name_; }

  Capabilities capabilities() const override {
    Capabilities caps = parts_.front()->capabilities();
    for (const auto& part : parts_) {
      auto c = part->capabilities();
      caps.energy_counter = caps.energy_counter && c.energy_counter;
      caps.instant_power = caps.instant_power && c.instant_power;
      caps.update_period_s = std::max(caps.update_period_s, c.update_period_s);
      caps.averaging_window_s = std::max(caps.averaging_window_s, c.averaging_window_s);
      caps.accuracy_fraction = std::max(caps.accuracy_fraction, c.accuracy_fraction);
      // Each read polls every member: the sum is polled no faster than the slowest allows.
      caps.max_rate_hz = std::min(caps.max_rate_hz, c.max_rate_hz);
    }
    return caps;
  }

  Reading read() override {
    Reading sum;
    bool all_counters = true;
    double energy_j = 0, utilization = 0;
    int utilization_count = 0;
    for (const auto& part : parts_) {
      auto r = part->read();
      sum.power_w += r.power_w;
      if (r.energy_j) {
        energy_j += *r.energy_j;
      } else {
        all_counters = false;
      }
      const auto& t = r.telemetry;
      if (t.utilization_pct) utilization += *t.utilization_pct, ++utilization_count;
      if (t.memory_used_bytes) {
        sum.telemetry.memory_used_bytes =
            sum.telemetry.memory_used_bytes.value_or(0) + *t.memory_used_bytes;
      }
      if (t.temperature_c) {  // the hottest device
        sum.telemetry.temperature_c =
            std::max(sum.telemetry.temperature_c.value_or(*t.temperature_c), *t.temperature_c);
      }
      if (t.sm_clock_mhz && !sum.telemetry.sm_clock_mhz)
        sum.telemetry.sm_clock_mhz = t.sm_clock_mhz;
    }
    if (all_counters) sum.energy_j = energy_j;
    if (utilization_count > 0) sum.telemetry.utilization_pct = utilization / utilization_count;
    return sum;
  }

  nlohmann::json describe() const override {
    auto devices = nlohmann::json::array();
    for (const auto& part : parts_) devices.push_back(part->describe());
    std::string device = devices.front().value("device", "");
    bool same = std::all_of(devices.begin(), devices.end(), [&](const nlohmann::json& d) {
      return d.value("device", "") == device;
    });
    if (!same) device = "mixed devices";
    return {{"sensor", name_},
            {"device", fmt_device(device, devices.size())},
            {"summed", true},
            {"devices", devices}};
  }

 private:
  static std::string fmt_device(const std::string& device, size_t count) {
    return count == 1 ? device : std::to_string(count) + " x " + device;
  }

  std::string name_;
  std::vector<std::unique_ptr<Sensor>> parts_;
};

}  // namespace

std::unique_ptr<Sensor> make_sum_sensor(const std::string& name,
                                        std::vector<std::unique_ptr<Sensor>> parts) {
  return std::make_unique<SumSensor>(name, std::move(parts));
}

}  // namespace infergy::power
