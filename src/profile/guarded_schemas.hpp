// ONNX's operator schemas, with the shape inference of convolution and pooling
// guarded: libonnx 1.12 reads past the input's dimensions (and crashes) when a
// kernel, stride or weight rank does not match the input's rank, which a
// corrupt file can arrange. The guard fails inference cleanly instead.
// Internal to the profile module. Thread safe.
#pragma once
#include <onnx/defs/schema.h>

namespace infergy::profile {

const onnx::ISchemaRegistry* guarded_schema_registry();

}  // namespace infergy::profile
