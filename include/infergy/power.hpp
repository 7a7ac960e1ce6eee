// Power sensors behind one narrow interface, and the Platform seam (clock, files,
// shared libraries) they reach the machine through, so tests can inject fakes.
// Usage: auto platform = power::make_system_platform();   // once, in main; handed down
//        auto sensor = power::open_sensor("nvml:0", *platform);
//        auto reading = sensor->read();
// Units: seconds, watts, joules (NVML's mW/mJ and RAPL's uJ are converted inside).
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace infergy::power {

// Everything a sensor or the sampler asks of the machine. Implementations must be
// thread-safe: the sampler thread and the workload thread share one Platform.
class Platform {
 public:
  virtual ~Platform() = default;
  // Monotonic seconds (arbitrary origin): every timestamp in a measurement uses it.
  virtual double now_s() = 0;
  virtual void sleep_until(double time_s) = 0;
  // UTC wall-clock time as ISO 8601, for provenance only.
  virtual std::string wall_time_iso() = 0;
  // Reads a whole file; on failure returns the errno in `error` (EACCES, ENOENT, ...).
  struct FileRead {
    std::string text;
    int error = 0;
  };
  virtual FileRead read_file(const std::string& path) = 0;
  // dlopen/dlsym. open_library returns nullptr and sets `error` on failure.
  virtual void* open_library(const std::string& name, std::string& error) = 0;
  virtual void* find_symbol(void* library, const std::string& name) = 0;
};

// The real machine (steady_clock, POSIX files, dlopen). Made once by the program's
// entry point and handed to whatever measures; sensors opened on it must not outlive it.
std::unique_ptr<Platform> make_system_platform();

// Readings taken alongside power where the sensor offers them (NVML).
struct Telemetry {
  std::optional<double> utilization_pct;
  std::optional<double> memory_used_bytes;
  std::optional<double> temperature_c;
  std::optional<double> sm_clock_mhz;
};

struct Reading {
  double power_w = 0;              // the sensor's current power figure
  std::optional<double> energy_j;  // cumulative counter, when the sensor has one
  Telemetry telemetry;
};

// What a sensor can do; the energy engine chooses its method from this.
struct Capabilities {
  bool energy_counter = false;      // a cumulative energy counter (preferred)
  bool instant_power = false;       // power is a short-window reading, not a long average
  double update_period_s = 0;       // how often the sensor's value changes; 0 = continuously
  double averaging_window_s = 0;    // how much time one power value averages; 0 = instant
  double accuracy_fraction = 0.05;  // stated gain error (board sensors: about +-5%)
  double max_rate_hz = 10000;       // fastest sensible polling rate
};

// One sensor. read() is called from the sampler thread only (not thread-safe).
// read() throws Failure when the sensor fails; the sampler records the reason.
class Sensor {
 public:
  virtual ~Sensor() = default;
  virtual std::string name() const = 0;  // the spec it was opened with, e.g. "nvml:0"
  virtual Capabilities capabilities() const = 0;
  virtual Reading read() = 0;
  // Device names, driver and library versions for the run's provenance.
  virtual nlohmann::json describe() const = 0;
};

// Opens a sensor from its spec:
//   nvml[:INDEX]          NVIDIA GPU through libnvidia-ml.so.1 (loaded at run time)
//   nvml:all, nvml:0,2    the sum of all visible GPUs, or of the ones listed
//   rapl[:DOMAINS]        Linux powercap RAPL; DOMAINS = package, dram or package+dram
//   trace:FILE.csv        replays a recorded trace (time_s,power_w or an nvidia-smi log)
//   sim:SPEC              simulated (tests and demos only), see parse_power_function
//   auto                  nvml, else rapl; throws Failure naming the options if neither works
// Throws InputError for a malformed spec, Failure when the sensor cannot be opened.
std::unique_ptr<Sensor> open_sensor(const std::string& spec, Platform& platform);

// The help text naming every --sensor form (used in error messages and the CLI).
const char* sensor_options_help();

// ---- simulated power (exposed for tests and the benchmark) ----

// A power curve with its exact integral, so tests can compare against analytic energy.
class PowerFunction {
 public:
  virtual ~PowerFunction() = default;
  virtual double power_w(double t) const = 0;
  virtual double energy_j(double t0, double t1) const = 0;  // exact integral over [t0, t1]
};

struct SimulatedSpec {
  std::shared_ptr<const PowerFunction> function;
  double update_period_s = 0;
  double averaging_window_s = 0;
  std::optional<double> fail_after_s;  // read() throws after this many seconds
};

// sim:WATTS | sim:square:LOW:HIGH:PERIOD | sim:ramp:FROM:TO:PERIOD (a repeating sawtooth)
// | sim:noise:MEAN:SD[:STEP] (Gaussian levels held STEP s, default 0.005; clamped at 0),
// each optionally followed by ,update=S ,window=S ,fail_after=S ,seed=N (noise only).
// Throws InputError naming the bad part.
SimulatedSpec parse_simulated_spec(const std::string& spec);

std::unique_ptr<Sensor> make_simulated_sensor(const std::string& name, SimulatedSpec spec,
                                              Platform& platform);

// ---- recorded traces ----

struct TracePoint {
  double time_s;
  double power_w;
};

// Parses "time_s,power_w" CSV or an nvidia-smi log (timestamp, power.draw [W]); times
// become seconds from the first row. Throws InputError naming file:line:column.
std::vector<TracePoint> parse_trace(const std::string& text, const std::string& file_name);

// ---- NVML (the subset infergy calls, resolved with dlsym) ----

namespace nvml {
using Device = void*;
struct Utilization {
  unsigned int gpu;
  unsigned int memory;
};
struct Memory {
  unsigned long long total;
  unsigned long long free;
  unsigned long long used;
};
union Value {
  double d;
  unsigned int ui;
  unsigned long ul;
  unsigned long long ull;
  long long sll;
  int si;
};
// nvmlFieldValue_t, field for field.
struct FieldValue {
  unsigned int field_id;
  unsigned int scope_id;
  long long timestamp;
  long long latency_usec;
  int value_type;
  int nvml_return;
  Value value;
};
inline constexpr unsigned int kFieldPowerInstant = 186;  // NVML_FI_DEV_POWER_INSTANT
inline constexpr int kSuccess = 0;

// Function pointers with NVML's real signatures; tests fill them with fakes.
struct Api {
  int (*init)();
  int (*shutdown)();
  const char* (*error_string)(int);
  int (*device_get_handle_by_index)(unsigned int, Device*);
  int (*device_get_name)(Device, char*, unsigned int);
  int (*system_get_driver_version)(char*, unsigned int);
  int (*device_get_total_energy_consumption)(Device, unsigned long long*);  // mJ
  int (*device_get_field_values)(Device, int, FieldValue*);
  int (*device_get_power_usage)(Device, unsigned int*);  // mW
  int (*device_get_utilization_rates)(Device, Utilization*);
  int (*device_get_memory_info)(Device, Memory*);
  int (*device_get_temperature)(Device, int, unsigned int*);
  int (*device_get_clock_info)(Device, int, unsigned int*);
  int (*device_get_count)(unsigned int*) = nullptr;  // optional: nvml:all needs it
};

// Loads libnvidia-ml.so.1 through the platform. Throws Failure if it is missing.
Api load_api(Platform& platform);

std::unique_ptr<Sensor> make_sensor(const Api& api, unsigned int index, Platform& platform);

// How many GPUs NVML sees. Throws Failure when it cannot say.
unsigned int device_count(const Api& api);
}  // namespace nvml

// ---- RAPL ----
// root: the powercap folder (normally /sys/class/powercap). domains: "package", "dram".
std::unique_ptr<Sensor> make_rapl_sensor(const std::string& root,
                                         const std::vector<std::string>& domains,
                                         Platform& platform);

}  // namespace infergy::power
