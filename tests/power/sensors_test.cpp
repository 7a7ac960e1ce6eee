#include "infergy/power.hpp"

#include <gtest/gtest.h>

#include "infergy/error.hpp"
#include "measure/fake_platform.hpp"
#include "power/sensors.hpp"  // private: make_sum_sensor

using namespace infergy;
using infergy::testing::FakePlatform;

TEST(SimulatedSensor, ConstantPowerAndExactCounter) {
  FakePlatform platform;
  auto sensor = power::open_sensor("sim:100", platform);
  platform.advance(2);
  auto reading = sensor->read();
  EXPECT_DOUBLE_EQ(reading.power_w, 100);
  ASSERT_TRUE(reading.energy_j);
  EXPECT_NEAR(*reading.energy_j, 200, 1e-9);
  EXPECT_TRUE(sensor->capabilities().energy_counter);
}

TEST(SimulatedSensor, SquareWaveIntegralIsAnalytic) {
  auto spec = power::parse_simulated_spec("sim:square:50:150:0.2");
  // [0.1,0.2) low, [0.2,0.3) high, [0.3,0.35) low.
  EXPECT_NEAR(spec.function->energy_j(0.1, 0.35), 5 + 15 + 2.5, 1e-12);
  EXPECT_DOUBLE_EQ(spec.function->power_w(0.05), 150);
  EXPECT_DOUBLE_EQ(spec.function->power_w(0.15), 50);
}

TEST(SimulatedSensor, RampIntegralIsAnalytic) {
  auto spec = power::parse_simulated_spec("sim:ramp:0:100:1");
  EXPECT_NEAR(spec.function->energy_j(0, 1), 50, 1e-12);
  EXPECT_NEAR(spec.function->energy_j(0.5, 1.5), 37.5 + 12.5, 1e-12);
  EXPECT_NEAR(spec.function->power_w(1.25), 25, 1e-12);
}

TEST(SimulatedSensor, HoldsValueBetweenUpdatesAndAveragesOverWindow) {
  FakePlatform platform;
  auto sensor = power::open_sensor("sim:square:50:150:0.2,update=0.1,window=0.1", platform);
  platform.advance(0.15);  // last update at 0.1 averaged [0, 0.1]: high
  auto reading = sensor->read();
  EXPECT_NEAR(reading.power_w, 150, 1e-9);
  EXPECT_NEAR(*reading.energy_j, 15, 1e-9);  // the counter also moves only at updates
  platform.advance(0.1);                     // t = 0.25: update at 0.2 averaged [0.1, 0.2]: low
  EXPECT_NEAR(sensor->read().power_w, 50, 1e-9);
  auto caps = sensor->capabilities();
  EXPECT_DOUBLE_EQ(caps.update_period_s, 0.1);
  EXPECT_DOUBLE_EQ(caps.averaging_window_s, 0.1);
}

TEST(SimulatedSensor, FailsAfterConfiguredTime) {
  FakePlatform platform;
  auto sensor = power::open_sensor("sim:50,fail_after=1", platform);
  platform.advance(0.5);
  EXPECT_NO_THROW(sensor->read());
  platform.advance(0.6);
  EXPECT_THROW(sensor->read(), Failure);
}

TEST(SensorSpecs, MalformedSpecsAreInputErrors) {
  FakePlatform platform;
  for (const char* spec :
       {"sim:abc", "sim:-5", "sim:square:1:2", "sim:ramp:1:2:0", "sim:50,bogus=1",
        "sim:50,update=x", "nvml:x", "rapl:gpu", "bogus", "trace:"}) {
    EXPECT_THROW(power::open_sensor(spec, platform), InputError) << spec;
  }
}

TEST(SensorSpecs, AutoWithoutHardwareNamesTheOptions) {
  FakePlatform platform;
  try {
    power::open_sensor("auto", platform);
    FAIL() << "expected Failure";
  } catch (const Failure& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("no power sensor found"), std::string::npos);
    EXPECT_NE(what.find("--sensor"), std::string::npos);
    EXPECT_NE(what.find("sim:WATTS"), std::string::npos);
    EXPECT_NE(what.find("libnvidia-ml.so.1"), std::string::npos);
  }
}

namespace {

void add_zone(FakePlatform& p, const std::string& path, const std::string& name, double max_uj,
              double energy_uj) {
  p.files[path + "/name"] = {name + "\n", 0};
  p.files[path + "/max_energy_range_uj"] = {std::to_string(static_cast<long long>(max_uj)) + "\n",
                                            0};
  p.files[path + "/energy_uj"] = {std::to_string(static_cast<long long>(energy_uj)) + "\n", 0};
}

}  // namespace

TEST(RaplSensor, SumsDomainsAndHandlesWrapAround) {
  FakePlatform p;
  add_zone(p, "/pc/intel-rapl:0", "package-0", 1e6, 900000);
  add_zone(p, "/pc/intel-rapl:0:0", "dram", 1e6, 0);
  add_zone(p, "/pc/intel-rapl:0:1", "core", 1e6, 0);
  auto sensor = power::make_rapl_sensor("/pc", {"package", "dram"}, p);
  p.files["/pc/intel-rapl:0/energy_uj"] = {"100000\n", 0};    // wrapped: +0.2 J
  p.files["/pc/intel-rapl:0:0/energy_uj"] = {"50000\n", 0};   // +0.05 J
  p.files["/pc/intel-rapl:0:1/energy_uj"] = {"999999\n", 0};  // not selected
  p.advance(0.1);
  auto reading = sensor->read();
  EXPECT_NEAR(*reading.energy_j, 0.25, 1e-9);
  EXPECT_NEAR(reading.power_w, 2.5, 1e-9);
  EXPECT_EQ(sensor->describe()["domains"].size(), 2u);
}

TEST(RaplSensor, RootOnlyCounterGetsAClearMessage) {
  FakePlatform p;
  add_zone(p, "/pc/intel-rapl:0", "package-0", 1e6, 0);
  p.files["/pc/intel-rapl:0/energy_uj"] = {"", EACCES};
  try {
    power::make_rapl_sensor("/pc", {"package"}, p);
    FAIL() << "expected Failure";
  } catch (const Failure& e) {
    EXPECT_NE(std::string(e.what()).find("readable by root only"), std::string::npos);
  }
}

TEST(RaplSensor, NoDomainsIsAFailure) {
  FakePlatform p;
  EXPECT_THROW(power::make_rapl_sensor("/pc", {"package"}, p), Failure);
}

TEST(Trace, ParsesInfergyCsv) {
  auto points = power::parse_trace("time_s,power_w\n10,100\n10.5,200\n", "t.csv");
  ASSERT_EQ(points.size(), 2u);
  EXPECT_DOUBLE_EQ(points[1].time_s, 0.5);
  EXPECT_DOUBLE_EQ(points[1].power_w, 200);
}

TEST(Trace, ParsesNvidiaSmiLog) {
  auto points = power::parse_trace(
      "timestamp, power.draw [W]\n2024/01/15 23:59:59.900, 70.50 W\n"
      "2024/01/16 00:00:00.150, 300.25 W\n",
      "smi.csv");
  ASSERT_EQ(points.size(), 2u);
  EXPECT_NEAR(points[1].time_s, 0.25, 1e-6);
  EXPECT_DOUBLE_EQ(points[0].power_w, 70.5);
  EXPECT_DOUBLE_EQ(points[1].power_w, 300.25);
}

static std::string trace_error(const std::string& text) {
  try {
    power::parse_trace(text, "bad.csv");
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(Trace, BadRowsNameFileLineColumnAndField) {
  EXPECT_EQ(trace_error("time_s,power_w\n0,100\n1,[N/A]\n"),
            "bad.csv:3:2: field 'power_w': '[N/A]' is not a number");
  EXPECT_EQ(trace_error("time_s,power_w\n0,-5\n"),
            "bad.csv:2:2: field 'power_w': must not be negative, got -5");
  EXPECT_EQ(trace_error("time_s,power_w\n0,inf\n"),
            "bad.csv:2:2: field 'power_w': 'inf' is not a number");
  EXPECT_EQ(trace_error("time_s,power_w\n0x1,5\n"),
            "bad.csv:2:1: field 'time_s': '0x1' is not a number");
  EXPECT_EQ(trace_error("time_s,power_w\n2,1\n1,1\n"),
            "bad.csv:3:1: field 'time_s': times must not go backwards");
  EXPECT_EQ(trace_error("timestamp, power.draw [W]\n2024/02/30 10:00:00.000, 5 W\n"),
            "bad.csv:2:1: field 'timestamp': must look like 2024/01/15 10:23:45.123, got "
            "'2024/02/30 10:00:00.000'");
  EXPECT_EQ(trace_error("timestamp, power.draw [W]\n2024/01/15 10:00:00, 5 X\n"),
            "bad.csv:2:2: field 'power.draw [W]': '5 X' is not a number");
  EXPECT_THROW(power::parse_trace("a,b\n1,2\n", "x.csv"), InputError);
}

TEST(Trace, TimestampsWithoutFractionOrWithIsoDates) {
  auto points = power::parse_trace(
      "timestamp, power.draw [W]\n2024-01-15 10:00:00, 5 W\n2024/01/15 10:00:01.5, 6 W\n",
      "smi.csv");
  ASSERT_EQ(points.size(), 2u);
  EXPECT_DOUBLE_EQ(points[1].time_s, 1.5);
}

TEST(Trace, SensorReplaysWithInterpolation) {
  FakePlatform p;
  p.files["/t.csv"] = {"time_s,power_w\n0,100\n1,200\n", 0};
  auto sensor = power::open_sensor("trace:/t.csv", p);
  p.advance(0.25);
  EXPECT_NEAR(sensor->read().power_w, 125, 1e-9);
  p.advance(5);
  EXPECT_NEAR(sensor->read().power_w, 200, 1e-9);
  EXPECT_FALSE(sensor->capabilities().energy_counter);
}

// ---- NVML through fake function pointers with the library's signatures ----
namespace {

struct FakeNvml {
  static inline unsigned long long energy_mj = 0;
  static inline unsigned int power_mw = 0;
  static inline unsigned int instant_mw = 0;
  static inline bool instant_supported = true;
  static inline int shutdowns = 0;
  static int init() { return 0; }
  static int shutdown() { return ++shutdowns, 0; }
  static const char* error_string(int) { return "fake error"; }
  static int handle(unsigned int index, power::nvml::Device* d) {
    *d = reinterpret_cast<power::nvml::Device>(0x1);
    return index == 0 ? 0 : 2;
  }
  static int name(power::nvml::Device, char* out, unsigned int n) {
    std::snprintf(out, n, "NVIDIA H100 80GB HBM3");
    return 0;
  }
  static int driver(char* out, unsigned int n) {
    std::snprintf(out, n, "550.54");
    return 0;
  }
  static int energy(power::nvml::Device, unsigned long long* mj) { return *mj = energy_mj, 0; }
  static int fields(power::nvml::Device, int count, power::nvml::FieldValue* values) {
    for (int i = 0; i < count; ++i) {
      values[i].nvml_return = instant_supported ? 0 : 3;
      values[i].value_type = 1;
      values[i].value.ui = instant_mw;
    }
    return 0;
  }
  static int power(power::nvml::Device, unsigned int* mw) { return *mw = power_mw, 0; }
  static int utilization(power::nvml::Device, power::nvml::Utilization* u) {
    *u = {87, 40};
    return 0;
  }
  static int memory(power::nvml::Device, power::nvml::Memory* m) {
    *m = {80ull << 30, 60ull << 30, 20ull << 30};
    return 0;
  }
  static int temperature(power::nvml::Device, int, unsigned int* c) { return *c = 61, 0; }
  static int clock(power::nvml::Device, int, unsigned int* mhz) { return *mhz = 1980, 0; }

  static power::nvml::Api api() {
    return {init,   shutdown, error_string, handle, name,        driver, energy,
            fields, power,    utilization,  memory, temperature, clock};
  }
};

}  // namespace

TEST(NvmlSensor, ReadsCounterInstantPowerAndTelemetry) {
  FakeNvml::energy_mj = 12345;
  FakeNvml::instant_mw = 250000;
  FakeNvml::power_mw = 111000;
  FakeNvml::instant_supported = true;
  FakePlatform p;
  auto sensor = power::nvml::make_sensor(FakeNvml::api(), 0, p);
  auto reading = sensor->read();
  EXPECT_NEAR(*reading.energy_j, 12.345, 1e-12);
  EXPECT_NEAR(reading.power_w, 250, 1e-12);
  EXPECT_EQ(*reading.telemetry.utilization_pct, 87);
  EXPECT_EQ(*reading.telemetry.memory_used_bytes, double(20ull << 30));
  EXPECT_EQ(*reading.telemetry.temperature_c, 61);
  EXPECT_EQ(*reading.telemetry.sm_clock_mhz, 1980);
  auto caps = sensor->capabilities();
  EXPECT_TRUE(caps.energy_counter);
  EXPECT_TRUE(caps.instant_power);
  EXPECT_EQ(sensor->describe()["device"], "NVIDIA H100 80GB HBM3");
  EXPECT_EQ(sensor->describe()["driver_version"], "550.54");
}

TEST(NvmlSensor, FallsBackToPowerUsageWhenInstantFieldIsMissing) {
  FakeNvml::instant_supported = false;
  FakeNvml::power_mw = 111000;
  FakePlatform p;
  auto sensor = power::nvml::make_sensor(FakeNvml::api(), 0, p);
  EXPECT_NEAR(sensor->read().power_w, 111, 1e-12);
  EXPECT_FALSE(sensor->capabilities().instant_power);
  EXPECT_DOUBLE_EQ(sensor->capabilities().averaging_window_s, 1.0);
  EXPECT_EQ(sensor->describe()["power_source"], "nvmlDeviceGetPowerUsage");
}

TEST(NvmlSensor, BadIndexFailsWithNvmlMessage) {
  FakePlatform p;
  EXPECT_THROW(power::nvml::make_sensor(FakeNvml::api(), 3, p), Failure);
}

TEST(NvmlApi, LoadsSymbolsThroughThePlatform) {
  FakePlatform p;
  EXPECT_THROW(power::nvml::load_api(p), Failure);  // no libnvidia-ml.so.1
  auto& symbols = p.libraries["libnvidia-ml.so.1"];
  auto api = FakeNvml::api();
  symbols["nvmlInit_v2"] = reinterpret_cast<void*>(api.init);
  EXPECT_THROW(power::nvml::load_api(p), Failure);  // the rest are missing
  symbols["nvmlShutdown"] = reinterpret_cast<void*>(api.shutdown);
  symbols["nvmlErrorString"] = reinterpret_cast<void*>(api.error_string);
  symbols["nvmlDeviceGetHandleByIndex_v2"] =
      reinterpret_cast<void*>(api.device_get_handle_by_index);
  symbols["nvmlDeviceGetName"] = reinterpret_cast<void*>(api.device_get_name);
  symbols["nvmlSystemGetDriverVersion"] = reinterpret_cast<void*>(api.system_get_driver_version);
  symbols["nvmlDeviceGetTotalEnergyConsumption"] =
      reinterpret_cast<void*>(api.device_get_total_energy_consumption);
  symbols["nvmlDeviceGetFieldValues"] = reinterpret_cast<void*>(api.device_get_field_values);
  symbols["nvmlDeviceGetPowerUsage"] = reinterpret_cast<void*>(api.device_get_power_usage);
  symbols["nvmlDeviceGetUtilizationRates"] =
      reinterpret_cast<void*>(api.device_get_utilization_rates);
  symbols["nvmlDeviceGetMemoryInfo"] = reinterpret_cast<void*>(api.device_get_memory_info);
  symbols["nvmlDeviceGetTemperature"] = reinterpret_cast<void*>(api.device_get_temperature);
  symbols["nvmlDeviceGetClockInfo"] = reinterpret_cast<void*>(api.device_get_clock_info);
  auto loaded = power::nvml::load_api(p);
  EXPECT_EQ(loaded.device_get_power_usage, api.device_get_power_usage);
  FakeNvml::instant_supported = true;
  FakeNvml::instant_mw = 300000;
  auto sensor = power::nvml::make_sensor(loaded, 0, p);
  EXPECT_NEAR(sensor->read().power_w, 300, 1e-12);
}

// Issue 11: nvml:all and nvml:0,1 read several GPUs as one sensor.
TEST(NvmlSensor, SeveralGpusAreSummed) {
  FakeNvml::energy_mj = 1000;
  FakeNvml::instant_mw = 200000;
  FakeNvml::instant_supported = true;
  FakePlatform p;
  std::vector<std::unique_ptr<power::Sensor>> parts;
  parts.push_back(power::nvml::make_sensor(FakeNvml::api(), 0, p));
  parts.push_back(power::nvml::make_sensor(FakeNvml::api(), 0, p));
  auto sum = power::make_sum_sensor("nvml:all", std::move(parts));
  auto reading = sum->read();
  EXPECT_NEAR(*reading.energy_j, 2.0, 1e-12);
  EXPECT_NEAR(reading.power_w, 400, 1e-12);
  EXPECT_EQ(*reading.telemetry.memory_used_bytes, double(40ull << 30));
  EXPECT_EQ(*reading.telemetry.utilization_pct, 87);
  EXPECT_TRUE(sum->capabilities().energy_counter);
  EXPECT_EQ(sum->name(), "nvml:all");
  EXPECT_EQ(sum->describe()["device"], "2 x NVIDIA H100 80GB HBM3");
  EXPECT_EQ(sum->describe()["devices"].size(), 2u);
}

TEST(NvmlSensor, DeviceCountAndBadLists) {
  auto api = FakeNvml::api();
  EXPECT_THROW(power::nvml::device_count(api), Failure);  // no nvmlDeviceGetCount_v2
  api.device_get_count = [](unsigned int* n) { return *n = 4, 0; };
  EXPECT_EQ(power::nvml::device_count(api), 4u);
  FakePlatform p;
  for (const char* spec : {"nvml:0,0", "nvml:0,x", "nvml:0,", "nvml:,1"}) {
    EXPECT_THROW(power::open_sensor(spec, p), InputError) << spec;
  }
  EXPECT_THROW(power::open_sensor("nvml:all", p), Failure);  // no library here
}
