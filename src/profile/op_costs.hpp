// What one node costs by the counting rules: multiply-adds, other FLOPs, and
// its role (conv, linear, matmul, attention). Internal to the profile module;
// the rules are printed by profile::op_costs() and documented in docs/profiling.md.
#pragma once
#include <functional>
#include <string>

#include <onnx/onnx_pb.h>

#include "shapes.hpp"

namespace infergy::profile {

struct NodeWork {
  double macs = 0;            // multiply-adds (2 FLOPs each)
  double attention_macs = 0;  // the part of macs in attention products (fused ops)
  double other_flops = 0;     // elementwise, normalisation, pooling, reduction work (full mode)
  std::string role;           // "conv", "linear", "matmul" or ""
  bool counted = true;        // false: no rule for this operator
  bool resolved = true;       // false: a shape the rule needs is unknown
};

// REQUIRES: shapes holds every tensor the node reads or writes (unknown ones
// make the result unresolved, not wrong). `is_weight` says whether a tensor
// name is an initializer.
NodeWork node_work(const onnx::NodeProto& node, const ShapeMap& shapes,
                   const std::function<bool(const std::string&)>& is_weight);

}  // namespace infergy::profile
