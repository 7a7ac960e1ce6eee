// The run settings and workload specs that `measure` and campaign workers share
// (the factory, which starts worker processes, is in workload_factory.cpp).
#include "infergy/workloads.hpp"

#include <string_view>

#include "infergy/error.hpp"
#include "infergy/parse.hpp"

namespace infergy::measure {

std::string runtime_of(const MeasureSpec& spec) {
  if (!spec.runtime.empty()) return spec.runtime;
  auto dot = spec.model.rfind('.');
  return dot != std::string::npos && spec.model.substr(dot) == ".onnx" ? "onnxruntime" : "torch";
}

bool is_gemm_workload(const std::string& model) {
  return model == "gemm" || model.rfind("gemm:", 0) == 0;
}

int gemm_size(const std::string& model) {
  auto size = try_parse_int(model.size() > 5 ? model.substr(5) : "512");
  if (!size || *size <= 0 || *size > 99'999) {
    throw InputError("gemm workload: use gemm or gemm:N (matrix size N)");
  }
  return static_cast<int>(*size);
}

std::vector<int64_t> parse_input_shape(const std::string& text) {
  constexpr long long kLargestSide = 999'999'999;
  std::vector<int64_t> shape;
  size_t start = 0;
  while (start <= text.size() && !text.empty()) {
    size_t end = text.find_first_of(",x", start);
    auto part = std::string_view(text).substr(start, end == std::string::npos ? end : end - start);
    auto size = try_parse_int(part);
    if (!size || *size <= 0 || *size > kLargestSide) {
      throw InputError("--input-shape must be positive sizes separated by commas, e.g. 3,224,224");
    }
    shape.push_back(*size);
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return shape;
}

nlohmann::json measure_settings(const MeasureSpec& spec) {
  const auto& o = spec.options;
  nlohmann::json settings = {
      {"model", spec.model},
      {"device", spec.device},
      {"precision", spec.precision},
      {"channels_last", spec.channels_last},
      {"input_shape", spec.input_shape},
      {"sensor", spec.sensor},
      {"rate_hz", spec.rate_hz},
      {"protocol", spec.protocol},
      {"min_reps", o.min_reps},
      {"min_seconds", o.min_seconds},
      {"target_ci", o.target_ci},
      {"max_seconds", o.max_seconds},
      {"max_batch", o.max_batch},
      {"idle_seconds", o.idle_seconds},
      {"subtract_idle", o.subtract_idle},
      {"memory_limit_bytes",
       o.memory_limit_bytes ? nlohmann::json(*o.memory_limit_bytes) : nlohmann::json(nullptr)},
      {"keep_samples", o.keep_samples}};
  if (!is_gemm_workload(spec.model) && runtime_of(spec) != "torch") {
    settings["runtime"] = runtime_of(spec);
  }
  if (!o.batch_sizes.empty()) settings["batch_sizes"] = o.batch_sizes;
  return settings;
}

}  // namespace infergy::measure
