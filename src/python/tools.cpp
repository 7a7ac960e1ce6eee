// profile() and estimate(): the ONNX profiler and the naive (peak FLOP/s / TDP) estimate.
#include <pybind11/stl.h>

#include <fmt/format.h>

#include "bindings.hpp"
#include "infergy/catalog.hpp"
#include "infergy/error.hpp"
#include "infergy/estimate.hpp"
#include "infergy/profile.hpp"
#include "infergy/store.hpp"
#include "infergy/units.hpp"

namespace infergy::python {
namespace {

nlohmann::json counts_json(const profile::Counts& c) {
  return {{"params", c.params},
          {"macs", c.macs},
          {"flop_count", c.flop_count},
          {"activations", c.activations},
          {"bytes_read", c.bytes_read},
          {"bytes_written", c.bytes_written},
          {"attention_macs", c.attention_macs},
          {"arithmetic_intensity", c.arithmetic_intensity()}};
}

py::object profile_model(const std::string& path, const std::string& mode,
                         const std::map<std::string, std::vector<int64_t>>& inputs) {
  profile::Options options;
  options.mode = profile::parse_mode(mode);
  options.input_shapes = inputs;
  profile::Profile p;
  {
    py::gil_scoped_release release;
    p = profile::profile_file(path, options);
  }
  auto totals = counts_json(p.totals);
  totals["buffers"] = p.totals.buffers;
  totals["weight_bytes"] = p.totals.weight_bytes;
  nlohmann::json graph_inputs = nlohmann::json::array();
  for (const auto& i : p.inputs) {
    graph_inputs.push_back(
        {{"name", i.name}, {"shape", i.shape}, {"element_type", i.element_type}});
  }
  nlohmann::json uncounted = nlohmann::json::array();
  for (const auto& u : p.uncounted_ops) {
    uncounted.push_back({{"op_type", u.op_type}, {"domain", u.domain}, {"nodes", u.nodes}});
  }
  return to_python({{"file", p.file},
                    {"mode", profile::to_string(p.mode)},
                    {"opset", p.opset},
                    {"node_count", p.node_count},
                    {"inputs", graph_inputs},
                    {"totals", totals},
                    {"uncounted_ops", uncounted}});
}

py::object estimate_energy(std::optional<std::string> model, std::optional<double> gflops,
                           std::optional<double> gmacs, const std::string& gpu,
                           const std::string& precision, std::optional<std::string> db) {
  int given = model.has_value() + gflops.has_value() + gmacs.has_value();
  if (given != 1) throw InputError("give exactly one of model=, gflops= or gmacs=");
  auto store = Store::open(store_location(db));
  auto catalog = store->catalog();
  nlohmann::json r;
  double flop_count = 0;
  if (model) {
    const auto& m = catalog.find_model(*model);
    flop_count = m.flop_count();
    r["model"] = m.display_name();
  } else {
    double value = gflops ? *gflops : *gmacs;
    if (!(value >= 0)) throw InputError("compute must be a non-negative number");
    flop_count = units::from_giga(gflops ? value : units::flop_count_from_macs(value));
  }
  auto efficiency =
      estimate::peak_efficiency(catalog.find_gpu(gpu, catalog::parse_precision(precision)));
  r["gpu"] = efficiency.gpu;
  r["precision"] = efficiency.precision;
  r["energy_j"] = estimate::energy_j(flop_count, efficiency.flop_per_joule);
  r["flop_count"] = flop_count;
  r["flop_per_joule"] = efficiency.flop_per_joule;
  r["flop_per_second"] = efficiency.flop_per_second;
  r["tdp_w"] = efficiency.tdp_w;
  r["method"] = "naive: FLOPs / (peak FLOP/s / TDP)";
  r["note"] = "a lower-bound style estimate: measured energy is typically ~3x higher (Yang et al.)";
  return to_python(r);
}

}  // namespace

void bind_tools(py::module_& m) {
  m.def("profile", &profile_model, py::arg("path"), py::arg("mode") = "full",
        py::arg("inputs") = std::map<std::string, std::vector<int64_t>>{},
        "Counts an ONNX model: parameters, MACs, FLOPs, activations and bytes "
        "(mode 'full' or 'torchvision'; inputs binds dynamic shapes: {'input': [1, 3, 224, 224]})");
  m.def("estimate", &estimate_energy, py::arg("model") = py::none(), py::arg("gflops") = py::none(),
        py::arg("gmacs") = py::none(), py::arg("gpu") = "A100", py::arg("precision") = "fp32",
        py::arg("db") = py::none(),
        "Energy of one inference from FLOPs and a catalog GPU's peak FLOP/s per watt "
        "(infergy estimate): give model=, gflops= or gmacs=");
}

}  // namespace infergy::python
