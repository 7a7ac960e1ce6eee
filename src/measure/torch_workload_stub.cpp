// Built instead of torch_workload.cpp when infergy is configured without libtorch.
#include "infergy/measure.hpp"

namespace infergy::measure {

std::unique_ptr<Workload> make_torchscript_workload(const TorchOptions&) {
  throw Failure(
      "this infergy was built without libtorch (INFERGY_WITH_TORCH=OFF): TorchScript "
      "models cannot run; the gemm workload and wrap still work");
}

bool torch_available() { return false; }
std::string torch_version() { return ""; }

}  // namespace infergy::measure
