// Shapes of every tensor of a loaded model: graph inputs bound from the
// user's --input shapes, then ONNX's own shape inference (with data
// propagation), then — for what it leaves unknown — folding of small integer
// shape computations (Shape, Gather, Concat, Mul, Where, ...) into constants
// and inferring again. Internal to the profile module.
#pragma once
#include <string>
#include <unordered_map>
#include <vector>

#include "infergy/profile.hpp"
#include "loader.hpp"

namespace infergy::profile {

struct TensorInfo {
  int32_t elem_type = 0;
  std::vector<int64_t> dims;
  bool known = false;  // every dimension has a value
  // Throw InputError when the count does not fit 64 bits (issue 13: a 2^62 x 2^62
  // input wrapped to 0 FLOPs).
  uint64_t elements() const;
  uint64_t bytes() const;
};

using ShapeMap = std::unordered_map<std::string, TensorInfo>;

// a x b and total += value, or InputError "... overflows 64 bits" naming `what`.
uint64_t checked_mul(uint64_t a, uint64_t b, const char* what);
void checked_add(uint64_t& total, uint64_t value, const char* what);

// Binds the graph inputs in place (InputError for unknown names, wrong ranks,
// conflicting or unbound dynamic dimensions) and lists them in `inputs`.
void bind_inputs(LoadedModel& loaded, const Options& options, const std::string& name,
                 std::vector<GraphInput>& inputs);

// REQUIRES: bind_inputs ran. Throws InputError when shape inference rejects the graph.
ShapeMap infer_shapes(const LoadedModel& loaded, const std::string& name);

}  // namespace infergy::profile
