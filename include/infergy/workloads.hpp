// What `infergy measure` and a campaign item both describe: a workload and how to sweep
// it. One place turns that description into a Workload and into the settings a run
// stores (what --resume matches), so a campaign's runs look exactly like measure's.
// Usage: measure::MeasureSpec spec; spec.model = "gemm:256"; spec.sensor = "sim:50";
//        auto workload = measure::make_workload(spec);
//        request.settings = measure::measure_settings(spec);
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "infergy/measure.hpp"

namespace infergy::measure {

struct MeasureSpec {
  std::string model;  // a TorchScript file (.pt), or gemm[:N]
  std::string device = "cpu";
  std::string precision = "fp32";  // fp32, tf32, fp16, bf16
  bool channels_last = false;
  std::string input_shape;  // one item's shape, "3,224,224"; empty -> from the model
  std::string sensor = "auto";
  double rate_hz = 100;
  std::string protocol = "adaptive";  // adaptive or paper; sets options.adaptive
  ProtocolOptions options;
};

// True for gemm and gemm:N (the built-in workload).
bool is_gemm_workload(const std::string& model);
// The matrix size of gemm[:N]. Throws InputError unless 0 < N <= 99,999.
int gemm_size(const std::string& model);
// "3,224,224" or "3x224x224" -> {3, 224, 224}. Throws InputError for anything else.
std::vector<int64_t> parse_input_shape(const std::string& text);

// The workload `spec` describes. Throws InputError for a malformed gemm spec or input
// shape, Failure/InputError from the TorchScript loader. REQUIRES: the program links
// infergy_torch (the TorchScript runtime or its stub).
std::unique_ptr<Workload> make_workload(const MeasureSpec& spec);

// Every option that defines "the same sweep", as the run's settings.
nlohmann::json measure_settings(const MeasureSpec& spec);

}  // namespace infergy::measure
