// Loads an ONNX model's structure (never its weights) and checks it is a
// model the profiler can count: parseable, acyclic, of a known opset, with
// every external data file present. Internal to the profile module.
#pragma once
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <onnx/onnx_pb.h>

#include "wire.hpp"

namespace infergy::profile {

struct LoadedModel {
  onnx::ModelProto model;  // large initializer payloads left out
  std::vector<InitializerMeta> initializers;
  std::unordered_map<std::string, const InitializerMeta*> initializer_by_name;
  std::vector<int> node_order;  // graph node indices in a topological order
  int64_t opset = 0;            // of the default domain
};

// REQUIRES: `bytes` outlives nothing; the result owns copies of what it keeps.
// Throws InputError("<name>: ...") for every way the file can be unusable.
// External data files are looked up in base_dir, stat-ed and never read.
LoadedModel load_model(std::string_view bytes, const std::string& name,
                       const std::string& base_dir);

// Bytes per element of an onnx::TensorProto::DataType; 0 for strings and unknown types.
uint64_t element_bytes(int32_t data_type);
std::string element_type_name(int32_t data_type);

}  // namespace infergy::profile
