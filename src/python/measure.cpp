// infergy.measure(): the C++ session (idle power, sweep, stopping rule, one commit per
// batch size) with a Python callable as the workload. The GIL is released for the whole
// session and taken only to call make_batch and fn, so the sampler thread runs freely.
#include <pybind11/stl.h>

#include <fmt/format.h>

#include "bindings.hpp"
#include "infergy/error.hpp"
#include "infergy/measure.hpp"
#include "infergy/power.hpp"
#include "infergy/session.hpp"
#include "infergy/store.hpp"

namespace infergy::python {
namespace {

bool is_out_of_memory(const py::error_already_set& e) {
  if (e.matches(PyExc_MemoryError)) return true;
  std::string text = e.what();
  return text.find("out of memory") != std::string::npos ||
         text.find("OutOfMemoryError") != std::string::npos;
}

// Calls fn(batch) per repetition; make_batch(batch_size) before each batch size.
class PythonWorkload final : public measure::Workload {
 public:
  PythonWorkload(py::object fn, py::object make_batch, std::string name)
      : fn_(std::move(fn)), make_batch_(std::move(make_batch)), name_(std::move(name)) {
    auto sys = py::module_::import("sys");
    describe_ = {{"workload", name_},
                 {"kind", "python"},
                 {"python_version", sys.attr("version").cast<std::string>()}};
  }
  ~PythonWorkload() override {
    py::gil_scoped_acquire gil;
    batch_ = py::object();
    fn_ = py::object();
    make_batch_ = py::object();
  }

  std::string name() const override { return name_; }
  nlohmann::json describe() const override { return describe_; }
  std::optional<double> memory_bytes(int) const override { return std::nullopt; }

  void prepare(int batch_size) override {
    py::gil_scoped_acquire gil;
    batch_ = py::object();
    call([&] { batch_ = make_batch_(batch_size); }, batch_size);
    batch_size_ = batch_size;
  }

  void run_batch() override {
    py::gil_scoped_acquire gil;
    call([&] { fn_(batch_); }, batch_size_);
  }

 private:
  template <typename F>
  void call(F body, int batch_size) {
    try {
      body();
    } catch (py::error_already_set& e) {
      if (is_out_of_memory(e)) throw measure::OutOfMemory(e.what());
      throw Failure(fmt::format("{} failed at batch size {}: {}", name_, batch_size, e.what()));
    }
  }

  py::object fn_, make_batch_, batch_;
  std::string name_;
  nlohmann::json describe_;
  int batch_size_ = 0;
};

struct MeasureArgs {
  std::string name, sensor, protocol;
  std::vector<int> batch_sizes;
  int max_batch, min_reps;
  std::optional<double> min_seconds;
  double target_ci, max_seconds, idle_seconds, rate_hz;
  bool resume, keep_samples;
  std::optional<std::string> db;
};

nlohmann::json settings_of(const MeasureArgs& a, const measure::ProtocolOptions& o) {
  return {{"model", a.name},
          {"runtime", "python"},
          {"sensor", a.sensor},
          {"rate_hz", a.rate_hz},
          {"protocol", a.protocol},
          {"min_reps", o.min_reps},
          {"min_seconds", o.min_seconds},
          {"target_ci", o.target_ci},
          {"max_seconds", o.max_seconds},
          {"max_batch", o.max_batch},
          {"batch_sizes", o.batch_sizes},
          {"idle_seconds", o.idle_seconds},
          {"keep_samples", o.keep_samples}};
}

py::object run(py::object fn, py::object make_batch, const MeasureArgs& a) {
  if (a.protocol != "adaptive" && a.protocol != "paper") {
    throw InputError("protocol must be 'adaptive' or 'paper', got '" + a.protocol + "'");
  }
  for (int b : a.batch_sizes) {
    if (b <= 0) throw InputError(fmt::format("batch sizes must be positive, got {}", b));
  }
  measure::ProtocolOptions o;
  o.adaptive = a.protocol == "adaptive";
  o.min_reps = a.min_reps;
  o.min_seconds = a.min_seconds.value_or(o.adaptive ? 0 : 10);
  o.target_ci = a.target_ci;
  o.max_seconds = a.max_seconds;
  o.max_batch = a.max_batch;
  o.batch_sizes = a.batch_sizes;
  o.idle_seconds = a.idle_seconds;
  o.keep_samples = a.keep_samples;
  auto platform = power::make_system_platform();
  auto sensor = power::open_sensor(a.sensor, *platform);
  auto store = Store::open(store_location(a.db));
  PythonWorkload workload(fn, make_batch, a.name);
  measure::SessionRequest request;
  request.workload = a.name;
  request.settings = settings_of(a, o);
  request.protocol = o;
  request.rate_hz = a.rate_hz;
  request.resume = a.resume;
  measure::SessionResult result;
  {
    py::gil_scoped_release release;
    result = measure::run_session(request, workload, *sensor, *platform, store->runs());
  }
  auto record = result.run.to_json();
  record["batches"] = nlohmann::json::array();
  int best = measure::most_efficient_batch(result.batches);
  for (const auto& b : result.batches) {
    auto j = b.to_json();
    j["most_efficient"] = b.batch_size == best;
    record["batches"].push_back(j);
  }
  record["store"] = store->location();
  return to_python(record);
}

}  // namespace

void bind_measure(py::module_& m) {
  m.def(
      "_measure",
      [](py::object fn, py::object make_batch, const std::string& name,
         std::vector<int> batch_sizes, const std::string& protocol, const std::string& sensor,
         int max_batch, int min_reps, std::optional<double> min_seconds, double target_ci,
         double max_seconds, double idle_seconds, double rate_hz, bool resume, bool keep_samples,
         std::optional<std::string> db) {
        MeasureArgs a{name,         sensor,       protocol,    std::move(batch_sizes),
                      max_batch,    min_reps,     min_seconds, target_ci,
                      max_seconds,  idle_seconds, rate_hz,     resume,
                      keep_samples, std::move(db)};
        return run(std::move(fn), std::move(make_batch), a);
      },
      py::arg("fn"), py::arg("make_batch"), py::arg("name"), py::arg("batch_sizes"),
      py::arg("protocol"), py::arg("sensor"), py::arg("max_batch"), py::arg("min_reps"),
      py::arg("min_seconds"), py::arg("target_ci"), py::arg("max_seconds"), py::arg("idle_seconds"),
      py::arg("rate_hz"), py::arg("resume"), py::arg("keep_samples"), py::arg("db"));
}

}  // namespace infergy::python
