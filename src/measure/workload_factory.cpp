// The workload factory, built into infergy_torch (the TorchScript runtime or its stub):
// only the programs that measure models link it.
#include "infergy/workloads.hpp"

namespace infergy::measure {

std::unique_ptr<Workload> make_workload(const MeasureSpec& spec) {
  if (is_gemm_workload(spec.model)) return make_gemm_workload(gemm_size(spec.model));
  TorchOptions t{spec.model, spec.device, spec.precision, spec.channels_last,
                 parse_input_shape(spec.input_shape)};
  return make_torchscript_workload(t);
}

}  // namespace infergy::measure
