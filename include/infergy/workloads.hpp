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
  // A TorchScript (.pt) or ONNX (.onnx) file, torchvision:NAME, timm:NAME, or gemm[:N].
  std::string model;
  std::string runtime;            // torch, torch-compile, onnxruntime; empty: from the model
  std::string worker;             // a worker executable (docs/workers.md); empty: the Python worker
  double worker_timeout_s = 300;  // one prepare or run; longer counts as hung
  std::string device = "cpu";
  std::string precision = "fp32";  // fp32, tf32, fp16, bf16
  bool channels_last = false;
  std::string input_shape;  // one item's shape, "3,224,224"; empty -> from the model
  std::string sensor = "auto";
  double rate_hz = 100;
  std::string protocol = "adaptive";  // adaptive or paper; sets options.adaptive
  ProtocolOptions options;
};

// The runtime that runs `spec`: spec.runtime, else onnxruntime for .onnx files, else torch.
std::string runtime_of(const MeasureSpec& spec);

// True for gemm and gemm:N (the built-in workload).
bool is_gemm_workload(const std::string& model);
// The matrix size of gemm[:N]. Throws InputError unless 0 < N <= 99,999.
int gemm_size(const std::string& model);
// "3,224,224" or "3x224x224" -> {3, 224, 224}. Throws InputError for anything else.
std::vector<int64_t> parse_input_shape(const std::string& text);

// The workload `spec` describes: the built-in GEMM, or a runtime worker process
// (infergy/worker.hpp) that loads the model. Throws InputError for a malformed gemm spec,
// input shape or a model the worker rejects, Failure/WorkerFailed when the worker fails.
std::unique_ptr<Workload> make_workload(const MeasureSpec& spec);

// Every option that defines "the same sweep", as the run's settings. The runtime is
// there only when not torch, so runs measured before runtimes existed still resume.
nlohmann::json measure_settings(const MeasureSpec& spec);

}  // namespace infergy::measure
