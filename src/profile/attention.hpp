// Finds the matmuls of attention: MatMul-Softmax-MatMul subgraphs, where the
// first product's output reaches a Softmax and the second reads one.
// Internal to the profile module.
#pragma once
#include <functional>
#include <string>
#include <unordered_set>

#include <onnx/onnx_pb.h>

namespace infergy::profile {

// Indices of MatMul/Einsum nodes between activations (no weight input) that
// sit on either side of a Softmax, looking through up to 4 elementwise or
// shape-only nodes (scaling, masking, reshapes, dropout).
std::unordered_set<int> attention_matmuls(const onnx::GraphProto& graph,
                                          const std::function<bool(const std::string&)>& is_weight);

}  // namespace infergy::profile
