// Evaluates small integer tensors (shapes, indices, slice bounds) of a graph
// and replaces the nodes that compute them with Constant nodes, so a second
// round of ONNX shape inference can see their values. Internal to profile.
#pragma once
#include <onnx/onnx_pb.h>

#include "loader.hpp"
#include "shapes.hpp"

namespace infergy::profile {

// Rewrites `model` (a working copy) in place; true when any node was folded.
bool fold_shape_constants(onnx::ModelProto& model, const LoadedModel& loaded,
                          const ShapeMap& shapes);

}  // namespace infergy::profile
