// Monitor: energy of named windows of a Python program, like Zeus's ZeusMonitor. The
// sampler thread runs in C++ from construction to close(); it never takes the GIL.
#include <pybind11/stl.h>

#include <map>
#include <memory>

#include <fmt/format.h>

#include "bindings.hpp"
#include "infergy/error.hpp"
#include "infergy/measure.hpp"
#include "infergy/power.hpp"

namespace infergy::python {
namespace {

constexpr double kTrailWait_s = 1;  // at most this long for a sample after a window's end

struct Window {
  std::string name;
  measure::WindowEnergy energy;
  double energy_j() const { return energy.energy_j; }
  double duration_s() const { return energy.duration_s(); }
  double avg_power_w() const { return energy.avg_power_w(); }
};

class Monitor {
 public:
  Monitor(const std::string& sensor, double rate_hz)
      : platform_(power::make_system_platform()),
        sensor_(power::open_sensor(sensor, *platform_)),
        caps_(sensor_->capabilities()),
        sampler_(std::make_unique<measure::Sampler>(
            *sensor_, *platform_, measure::SamplerOptions{std::min(rate_hz, caps_.max_rate_hz)})) {
    sampler_->start();
  }
  ~Monitor() { close(); }

  void begin_window(const std::string& name) {
    check_open();
    if (open_.count(name)) throw InputError(fmt::format("window '{}' is already open", name));
    open_[name] = platform_->now_s();
  }

  Window end_window(const std::string& name) {
    check_open();
    auto it = open_.find(name);
    if (it == open_.end()) throw InputError(fmt::format("no open window '{}'", name));
    double t0 = it->second, t1 = platform_->now_s();
    open_.erase(it);
    {
      py::gil_scoped_release release;  // the sampler's next reading may take a while
      wait_for_sample_after(t1);
    }
    if (auto failure = sampler_->failure()) throw Failure("power sensor failed: " + *failure);
    Window w{name, measure::window_energy(sampler_->samples_between(t0, t1), t0, t1, caps_)};
    discard_unneeded(t1);
    return w;
  }

  std::vector<std::string> open_windows() const {
    std::vector<std::string> names;
    for (const auto& [name, start] : open_) names.push_back(name);
    return names;
  }

  std::string sensor_name() const { return sensor_->name(); }
  py::object sensor_description() const { return to_python(sensor_->describe()); }

  void close() {
    if (!sampler_) return;
    py::gil_scoped_release release;
    sampler_->stop();
    sampler_.reset();
  }

 private:
  void check_open() const {
    if (!sampler_) throw Failure("this Monitor is closed");
  }

  void wait_for_sample_after(double t) {
    double deadline = platform_->now_s() + kTrailWait_s;
    while (platform_->now_s() < deadline && !sampler_->failure()) {
      auto latest = sampler_->samples_between(t, t);
      if (!latest.empty() && latest.back().time_s >= t) return;
      platform_->sleep_until(platform_->now_s() + 0.001);
    }
  }

  // Samples older than every open window are not needed any more (bounded memory).
  void discard_unneeded(double now_s) {
    double keep_from = now_s;
    for (const auto& [name, start] : open_) keep_from = std::min(keep_from, start);
    sampler_->discard_before(keep_from);
  }

  std::unique_ptr<power::Platform> platform_;
  std::unique_ptr<power::Sensor> sensor_;
  power::Capabilities caps_;
  std::unique_ptr<measure::Sampler> sampler_;
  std::map<std::string, double> open_;
};

}  // namespace

void bind_monitor(py::module_& m) {
  py::class_<Window>(m, "Window", "the energy of one measurement window")
      .def_readonly("name", &Window::name)
      .def_property_readonly("energy_j", &Window::energy_j)
      .def_property_readonly("duration_s", &Window::duration_s)
      .def_property_readonly("avg_power_w", &Window::avg_power_w)
      .def_property_readonly("method", [](const Window& w) { return w.energy.method; })
      .def_property_readonly("energy_counter_j", [](const Window& w) { return w.energy.counter_j; })
      .def_property_readonly("energy_trapezoid_j",
                             [](const Window& w) { return w.energy.trapezoid_j; })
      .def_property_readonly("disagreement", [](const Window& w) { return w.energy.disagreement; })
      .def_property_readonly("sample_count", [](const Window& w) { return w.energy.sample_count; })
      .def_property_readonly("warnings", [](const Window& w) { return w.energy.warnings; })
      .def("__repr__", [](const Window& w) {
        return fmt::format(
            "Window('{}', energy_j={:.6g}, duration_s={:.6g}, avg_power_w={:.6g}, "
            "method='{}')",
            w.name, w.energy_j(), w.duration_s(), w.avg_power_w(), w.energy.method);
      });
  py::class_<Monitor>(m, "_Monitor")
      .def(py::init<const std::string&, double>(), py::arg("sensor") = "auto",
           py::arg("rate_hz") = 100.0)
      .def("begin_window", &Monitor::begin_window, py::arg("name"))
      .def("end_window", &Monitor::end_window, py::arg("name"))
      .def("open_windows", &Monitor::open_windows)
      .def("close", &Monitor::close)
      .def_property_readonly("sensor", &Monitor::sensor_name)
      .def_property_readonly("sensor_description", &Monitor::sensor_description);
}

}  // namespace infergy::python
