// Reads an ONNX file's protobuf wire format without decoding tensor payloads.
// The skeleton keeps every field of the model except the bytes of large
// initializers (and training_info, which inference never needs), so libprotobuf
// then parses a few hundred kilobytes instead of the whole file. Internal to
// the profile module; kept free of libonnx so the fuzz target can link it alone.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace infergy::profile {

// One initializer as the file describes it; its values are never read.
struct InitializerMeta {
  std::string name;
  int32_t data_type = 0;  // onnx::TensorProto::DataType
  std::vector<int64_t> dims;
  uint64_t payload_bytes = 0;  // bytes of values inline in the file
  bool has_raw_data = false;
  uint64_t raw_data_bytes = 0;
  bool payload_kept = false;      // true: small, left in the skeleton for shape inference
  bool external = false;          // data_location == EXTERNAL
  std::string external_location;  // "location" of external_data
  uint64_t external_offset = 0;
  int64_t external_length = -1;  // -1: not stated (to the end of the tensor)
};

struct ModelSkeleton {
  std::string bytes;  // a serialized ModelProto without large tensor payloads
  std::vector<InitializerMeta> initializers;
};

// Payloads up to this size stay in the skeleton: shape inference reads small
// constants (Reshape shapes, Resize scales) but never weights.
inline constexpr uint64_t kKeptPayloadBytes = 4096;

// Throws InputError("<file>: ...") for anything that is not a well-formed
// protobuf message of the ONNX layout (truncation, bad tags, lengths past the end).
ModelSkeleton read_skeleton(std::string_view file_bytes, const std::string& file);

}  // namespace infergy::profile
