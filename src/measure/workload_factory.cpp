// The workload factory: the built-in GEMM in process, every model in a runtime worker.
#include "infergy/worker.hpp"
#include "infergy/workloads.hpp"

namespace infergy::measure {

std::unique_ptr<Workload> make_workload(const MeasureSpec& spec) {
  if (is_gemm_workload(spec.model)) return make_gemm_workload(gemm_size(spec.model));
  WorkerOptions w;
  if (!spec.worker.empty()) w.command = {spec.worker};
  w.batch_timeout_s = spec.worker_timeout_s;
  auto shape = parse_input_shape(spec.input_shape);
  w.load = {{"runtime", runtime_of(spec)},
            {"model", spec.model},
            {"device", spec.device},
            {"precision", spec.precision},
            {"channels_last", spec.channels_last},
            {"input_shape", shape.empty() ? nlohmann::json(nullptr) : nlohmann::json(shape)}};
  return make_worker_workload(w);
}

}  // namespace infergy::measure
