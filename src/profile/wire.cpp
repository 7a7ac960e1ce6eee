#include "wire.hpp"

#include <fmt/format.h>

#include "infergy/error.hpp"
#include "infergy/parse.hpp"

namespace infergy::profile {
namespace {

enum WireType : uint32_t { kVarint = 0, kFixed64 = 1, kLengthDelimited = 2, kFixed32 = 5 };

// ModelProto, GraphProto and TensorProto field numbers (onnx.proto).
constexpr uint32_t kModelGraph = 7;
constexpr uint32_t kModelTrainingInfo = 20;
constexpr uint32_t kGraphInitializer = 5;
constexpr uint32_t kTensorDims = 1;
constexpr uint32_t kTensorDataType = 2;
constexpr uint32_t kTensorName = 8;
constexpr uint32_t kTensorRawData = 9;
constexpr uint32_t kTensorExternalData = 13;
constexpr uint32_t kTensorDataLocation = 14;
constexpr uint32_t kStringEntryKey = 1;
constexpr uint32_t kStringEntryValue = 2;

bool is_payload_field(uint32_t field) {
  // float_data, int32_data, string_data, int64_data, raw_data, double_data, uint64_data
  return (field >= 4 && field <= 7) || (field >= 9 && field <= 11);
}

// One field of a message: its number, wire type, and where it sits.
struct Field {
  uint32_t number = 0;
  uint32_t wire_type = 0;
  uint64_t varint = 0;     // value for kVarint
  std::string_view body;   // contents for kLengthDelimited
  std::string_view whole;  // the field including its tag
};

class Cursor {
 public:
  Cursor(std::string_view data, const std::string& file, uint64_t base)
      : data_(data), file_(file), base_(base) {}
  bool done() const { return pos_ >= data_.size(); }

  Field next() {
    Field f;
    const size_t start = pos_;
    const uint64_t tag = varint();
    f.number = static_cast<uint32_t>(tag >> 3);
    f.wire_type = static_cast<uint32_t>(tag & 7);
    if (f.number == 0 || (tag >> 3) > 0x1fffffff) fail(start, "invalid field number");
    switch (f.wire_type) {
      case kVarint:
        f.varint = varint();
        break;
      case kFixed64:
        skip(8);
        break;
      case kFixed32:
        skip(4);
        break;
      case kLengthDelimited: {
        const uint64_t length = varint();
        if (length > data_.size() - pos_) {
          fail(start, fmt::format("field {} claims {} bytes but only {} remain (truncated file?)",
                                  f.number, length, data_.size() - pos_));
        }
        f.body = data_.substr(pos_, length);
        pos_ += length;
        break;
      }
      default:
        fail(start, fmt::format("unsupported wire type {}", f.wire_type));
    }
    f.whole = data_.substr(start, pos_ - start);
    return f;
  }

  uint64_t offset_of(std::string_view part) const {
    return base_ + static_cast<uint64_t>(part.data() - data_.data());
  }

  [[noreturn]] void fail(size_t at, const std::string& what) const {
    throw InputError(
        fmt::format("{}: not a valid ONNX file: {} at byte {}", file_, what, base_ + at));
  }

 private:
  uint64_t varint() {
    uint64_t value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= data_.size()) fail(pos_, "varint runs past the end");
      const auto byte = static_cast<uint8_t>(data_[pos_++]);
      value |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) return value;
    }
    fail(pos_, "varint longer than 10 bytes");
  }
  void skip(size_t n) {
    if (n > data_.size() - pos_) fail(pos_, "fixed-size field runs past the end");
    pos_ += n;
  }

  std::string_view data_;
  const std::string& file_;
  uint64_t base_;  // offset of data_ in the file, for messages
  size_t pos_ = 0;
};

void append_varint(std::string& out, uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

void append_message(std::string& out, uint32_t number, const std::string& body) {
  append_varint(out, (static_cast<uint64_t>(number) << 3) | kLengthDelimited);
  append_varint(out, body.size());
  out += body;
}

// Reads packed or unpacked int64 dims.
void read_dims(const Field& f, const Cursor& tensor, InitializerMeta& meta) {
  if (f.wire_type == kVarint) {
    meta.dims.push_back(static_cast<int64_t>(f.varint));
    return;
  }
  if (f.wire_type != kLengthDelimited) tensor.fail(0, "tensor dims of a wrong wire type");
  size_t pos = 0;
  while (pos < f.body.size()) {
    uint64_t value = 0;
    for (int shift = 0;; shift += 7) {
      if (pos >= f.body.size() || shift >= 64) tensor.fail(0, "bad packed tensor dims");
      const auto byte = static_cast<uint8_t>(f.body[pos++]);
      value |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) break;
    }
    meta.dims.push_back(static_cast<int64_t>(value));
  }
}

void read_external_entry(const Field& f, const std::string& file, uint64_t base,
                         InitializerMeta& meta) {
  Cursor entry(f.body, file, base);
  std::string key, value;
  while (!entry.done()) {
    const Field e = entry.next();
    if (e.wire_type != kLengthDelimited) continue;
    if (e.number == kStringEntryKey) key = e.body;
    if (e.number == kStringEntryValue) value = e.body;
  }
  if (key == "location") meta.external_location = value;
  if (key != "offset" && key != "length") return;
  // Byte counts in decimal (ONNX's external data convention).
  auto count = try_parse_int(value);
  if (!count || *count < 0) {
    throw InputError(fmt::format("{}: initializer '{}': external_data {} '{}' is not a byte count",
                                 file, meta.name, key, value));
  }
  if (key == "offset") meta.external_offset = static_cast<uint64_t>(*count);
  if (key == "length") meta.external_length = *count;
}

// Copies a TensorProto, leaving out a payload larger than kKeptPayloadBytes.
std::string filter_tensor(const Field& tensor, Cursor& graph, const std::string& file,
                          InitializerMeta& meta) {
  Cursor c(tensor.body, file, graph.offset_of(tensor.body));
  std::string kept;
  std::vector<std::string_view> payload;
  while (!c.done()) {
    const Field f = c.next();
    if (is_payload_field(f.number)) {
      meta.payload_bytes += f.wire_type == kLengthDelimited ? f.body.size() : 8;
      if (f.number == kTensorRawData && f.wire_type == kLengthDelimited) {
        meta.has_raw_data = true;
        meta.raw_data_bytes = f.body.size();
      }
      payload.push_back(f.whole);
      continue;
    }
    kept += f.whole;
    if (f.number == kTensorDims) read_dims(f, c, meta);
    if (f.number == kTensorDataType && f.wire_type == kVarint) {
      meta.data_type = static_cast<int32_t>(f.varint);
    }
    if (f.number == kTensorName && f.wire_type == kLengthDelimited) meta.name = f.body;
    if (f.number == kTensorDataLocation && f.wire_type == kVarint) meta.external = f.varint == 1;
    if (f.number == kTensorExternalData && f.wire_type == kLengthDelimited) {
      read_external_entry(f, file, c.offset_of(f.body), meta);
    }
  }
  meta.payload_kept = meta.payload_bytes <= kKeptPayloadBytes;
  if (meta.payload_kept) {
    for (auto part : payload) kept += part;
  }
  return kept;
}

std::string filter_graph(const Field& graph_field, Cursor& model, const std::string& file,
                         ModelSkeleton& skeleton) {
  Cursor c(graph_field.body, file, model.offset_of(graph_field.body));
  std::string kept;
  while (!c.done()) {
    const Field f = c.next();
    if (f.number == kGraphInitializer && f.wire_type == kLengthDelimited) {
      InitializerMeta meta;
      append_message(kept, f.number, filter_tensor(f, c, file, meta));
      skeleton.initializers.push_back(std::move(meta));
    } else {
      kept += f.whole;
    }
  }
  return kept;
}

}  // namespace

ModelSkeleton read_skeleton(std::string_view file_bytes, const std::string& file) {
  if (file_bytes.empty()) throw InputError(file + ": not a valid ONNX file: it is empty");
  ModelSkeleton skeleton;
  Cursor c(file_bytes, file, 0);
  bool has_graph = false;
  while (!c.done()) {
    const Field f = c.next();
    if (f.number == kModelTrainingInfo) continue;
    if (f.number == kModelGraph && f.wire_type == kLengthDelimited) {
      if (has_graph) c.fail(c.offset_of(f.whole), "a second graph");
      has_graph = true;
      append_message(skeleton.bytes, f.number, filter_graph(f, c, file, skeleton));
    } else {
      skeleton.bytes += f.whole;
    }
  }
  if (!has_graph) throw InputError(file + ": not a valid ONNX file: it holds no graph");
  return skeleton;
}

}  // namespace infergy::profile
