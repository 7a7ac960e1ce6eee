// Linux RAPL through powercap: cumulative energy_uj counters per domain that wrap at
// max_energy_range_uj (after minutes at high power) and are root-only since Linux 5.10.
#include <cerrno>
#include <cstring>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "infergy/error.hpp"
#include "infergy/parse.hpp"
#include "infergy/power.hpp"
#include "infergy/units.hpp"

namespace infergy::power {
namespace {

constexpr int kMaxZones = 16;

std::string trim_line(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

struct Zone {
  std::string path;  // folder of the zone
  std::string name;  // e.g. package-0, dram
  double max_range_uj = 0;
  double last_uj = 0;
};

class RaplSensor final : public Sensor {
 public:
  RaplSensor(std::vector<Zone> zones, std::string name, Platform& platform)
      : zones_(std::move(zones)), name_(std::move(name)), platform_(platform) {
    for (auto& zone : zones_) zone.last_uj = read_counter_uj(zone);
    last_time_s_ = platform_.now_s();
  }

  std::string name() const override { return name_; }

  Capabilities capabilities() const override {
    Capabilities caps;
    caps.energy_counter = true;
    caps.update_period_s = 0.001;  // RAPL updates about every millisecond
    caps.averaging_window_s = 0;
    caps.max_rate_hz = 1000;
    return caps;
  }

  // Power is the counter's slope since the previous reading.
  Reading read() override {
    double now = platform_.now_s();
    double delta_j = 0;
    for (auto& zone : zones_) {
      double uj = read_counter_uj(zone);
      double delta = uj - zone.last_uj;
      if (delta < 0) delta += zone.max_range_uj;  // the counter wrapped once
      delta_j += units::joules_from_microjoules(delta);
      zone.last_uj = uj;
    }
    total_j_ += delta_j;
    Reading reading;
    reading.energy_j = total_j_;
    reading.power_w = now > last_time_s_ ? delta_j / (now - last_time_s_) : last_power_w_;
    last_power_w_ = reading.power_w;
    last_time_s_ = now;
    return reading;
  }

  nlohmann::json describe() const override {
    std::vector<std::string> names;
    for (const auto& zone : zones_) names.push_back(zone.name);
    return {{"sensor", name_}, {"device", "RAPL"}, {"domains", names}};
  }

  double read_counter_uj(const Zone& zone) {
    return read_number(platform_, zone.path + "/energy_uj");
  }

  static double read_number(Platform& platform, const std::string& path) {
    auto file = platform.read_file(path);
    if (file.error == EACCES || file.error == EPERM) {
      throw Failure(
          fmt::format("{} is readable by root only (Linux 5.10 and later): run infergy "
                      "as root or grant read access, e.g. sudo chmod a+r {}",
                      path, path));
    }
    if (file.error)
      throw Failure(fmt::format("cannot read {}: {}", path, std::strerror(file.error)));
    auto value = try_parse_real(trim_line(file.text));
    if (!value) {
      throw Failure(fmt::format("{} does not hold a number: '{}'", path, trim_line(file.text)));
    }
    return *value;
  }

 private:
  std::vector<Zone> zones_;
  std::string name_;
  Platform& platform_;
  double total_j_ = 0;
  double last_time_s_ = 0;
  double last_power_w_ = 0;
};

// "package" matches package-0, package-1, ...; "dram" matches dram.
bool wanted(const std::string& zone_name, const std::vector<std::string>& domains) {
  for (const auto& d : domains) {
    if (zone_name.rfind(d, 0) == 0) return true;
  }
  return false;
}

std::optional<Zone> probe_zone(Platform& platform, const std::string& path) {
  auto name = platform.read_file(path + "/name");
  if (name.error) return std::nullopt;
  Zone zone{path, trim_line(name.text)};
  zone.max_range_uj = RaplSensor::read_number(platform, path + "/max_energy_range_uj");
  return zone;
}

std::vector<Zone> find_zones(const std::string& root, const std::vector<std::string>& domains,
                             Platform& platform) {
  std::vector<Zone> zones;
  for (int package = 0; package < kMaxZones; ++package) {
    std::string path = fmt::format("{}/intel-rapl:{}", root, package);
    auto zone = probe_zone(platform, path);
    if (!zone) break;
    if (wanted(zone->name, domains)) zones.push_back(*zone);
    for (int sub = 0; sub < kMaxZones; ++sub) {
      auto child = probe_zone(platform, fmt::format("{}:{}", path, sub));
      if (!child) break;
      if (wanted(child->name, domains)) zones.push_back(*child);
    }
  }
  return zones;
}

}  // namespace

std::unique_ptr<Sensor> make_rapl_sensor(const std::string& root,
                                         const std::vector<std::string>& domains,
                                         Platform& platform) {
  auto zones = find_zones(root, domains, platform);
  if (zones.empty()) {
    throw Failure(
        fmt::format("no RAPL domain ({}) under {}: this machine exposes no RAPL "
                    "counters",
                    fmt::join(domains, "+"), root));
  }
  std::string name = "rapl:" + fmt::format("{}", fmt::join(domains, "+"));
  return std::make_unique<RaplSensor>(std::move(zones), name, platform);
}

}  // namespace infergy::power
