#include "loader.hpp"

#include <filesystem>
#include <unordered_set>

#include <fmt/format.h>
#include <onnx/defs/schema.h>

#include "contrib_schemas.hpp"
#include "infergy/error.hpp"

namespace infergy::profile {
namespace {

namespace fs = std::filesystem;

// REQUIRES: every dimension in [0, 2^40] (checked by check_initializer).
uint64_t element_count(const std::vector<int64_t>& dims) {
  uint64_t n = 1;
  for (auto d : dims) n *= static_cast<uint64_t>(d);
  return n;
}

// True when the product of the dimensions stays below 2^48 elements.
bool plausible_size(const std::vector<int64_t>& dims) {
  unsigned __int128 n = 1;
  for (auto d : dims) {
    n *= static_cast<uint64_t>(d);
    if (n > (static_cast<unsigned __int128>(1) << 48)) return false;
  }
  return true;
}

void check_versions(const onnx::ModelProto& model, const std::string& name, int64_t& opset) {
  if (model.ir_version() <= 0 || model.ir_version() > onnx::IR_VERSION) {
    throw InputError(fmt::format("{}: unsupported ONNX IR version {} (supported: 1 to {})", name,
                                 model.ir_version(), static_cast<int>(onnx::IR_VERSION)));
  }
  const auto& known = onnx::OpSchemaRegistry::DomainToVersionRange::Instance().Map();
  for (const auto& entry : model.opset_import()) {
    const std::string domain = entry.domain() == "ai.onnx" ? "" : entry.domain();
    const auto range = known.find(domain);
    if (range == known.end()) {
      throw InputError(fmt::format(
          "{}: custom operator domain '{}' (version {}): infergy counts the standard ONNX "
          "domains (ai.onnx, ai.onnx.ml) and com.microsoft's fused attention",
          name, entry.domain(), entry.version()));
    }
    if (entry.version() < range->second.first || entry.version() > range->second.second) {
      throw InputError(fmt::format("{}: unsupported opset {} of domain '{}' (supported: {} to {})",
                                   name, entry.version(), domain.empty() ? "ai.onnx" : domain,
                                   range->second.first, range->second.second));
    }
    if (domain.empty()) opset = entry.version();
  }
  if (opset == 0) throw InputError(name + ": the model imports no opset of the ai.onnx domain");
}

// Nodes of other domains need a schema: com.microsoft's fused attention has
// one (contrib_schemas.hpp); any other custom operator is rejected by name.
void check_node_domains(const onnx::ModelProto& model, const std::string& name) {
  std::unordered_map<std::string, int> imported{{"", 0}, {"ai.onnx", 0}};
  for (const auto& entry : model.opset_import()) {
    imported[entry.domain()] = static_cast<int>(entry.version());
  }
  for (const auto& node : model.graph().node()) {
    const auto version = imported.find(node.domain());
    if (version == imported.end()) {
      throw InputError(
          fmt::format("{}: node '{}' ({}) uses domain '{}', which the model does "
                      "not import",
                      name, node.name(), node.op_type(), node.domain()));
    }
    if (node.domain().empty() || node.domain() == "ai.onnx" || node.domain() == "ai.onnx.ml") {
      continue;
    }
    if (!onnx::OpSchemaRegistry::Schema(node.op_type(), version->second, node.domain())) {
      throw InputError(fmt::format(
          "{}: node '{}' is the custom operator {}.{}: infergy counts standard ONNX operators "
          "and com.microsoft Attention and MultiHeadAttention only",
          name, node.name(), node.domain(), node.op_type()));
    }
  }
}

void check_initializer(const InitializerMeta& init, const std::string& name,
                       const std::string& base_dir) {
  for (auto d : init.dims) {
    if (d < 0 || d > (int64_t{1} << 40)) {
      throw InputError(
          fmt::format("{}: initializer '{}' has an invalid dimension {}", name, init.name, d));
    }
  }
  if (!plausible_size(init.dims)) {
    throw InputError(
        fmt::format("{}: initializer '{}' claims more than 2^48 elements", name, init.name));
  }
  const uint64_t expected = element_count(init.dims) * element_bytes(init.data_type);
  if (init.external) {
    if (init.external_location.empty() || fs::path(init.external_location).is_absolute() ||
        init.external_location.find("..") != std::string::npos) {
      throw InputError(
          fmt::format("{}: initializer '{}': external data location '{}' must be a "
                      "relative path next to the model",
                      name, init.name, init.external_location));
    }
    const fs::path data = fs::path(base_dir) / init.external_location;
    std::error_code ec;
    const auto size = fs::file_size(data, ec);
    if (ec) {
      throw InputError(
          fmt::format("{}: initializer '{}': external data file '{}' is missing "
                      "({})",
                      name, init.name, data.string(), ec.message()));
    }
    const uint64_t length = init.external_length >= 0 ? init.external_length : expected;
    if (length > size || init.external_offset > size - length) {
      throw InputError(
          fmt::format("{}: initializer '{}': external data file '{}' holds {} bytes, "
                      "the tensor needs {} from offset {}",
                      name, init.name, data.string(), size, length, init.external_offset));
    }
    return;
  }
  if (init.has_raw_data && expected > 0 && init.raw_data_bytes != expected) {
    throw InputError(
        fmt::format("{}: initializer '{}': raw_data holds {} bytes, its shape needs "
                    "{} (truncated or corrupt file)",
                    name, init.name, init.raw_data_bytes, expected));
  }
  if (init.payload_bytes == 0 && element_count(init.dims) > 0) {
    throw InputError(fmt::format("{}: initializer '{}' has no values", name, init.name));
  }
}

// Kahn's algorithm over the top-level graph; outer names of subgraphs are
// resolved by libonnx, not here. Throws on cycles and on undefined inputs.
std::vector<int> topological_order(const onnx::GraphProto& graph, const std::string& name) {
  std::unordered_map<std::string, int> producer;
  std::unordered_set<std::string> available;
  for (const auto& input : graph.input()) available.insert(input.name());
  for (const auto& init : graph.initializer()) available.insert(init.name());
  for (int i = 0; i < graph.node_size(); ++i) {
    for (const auto& out : graph.node(i).output()) {
      if (out.empty()) continue;
      if (available.count(out) || !producer.emplace(out, i).second) {
        throw InputError(fmt::format("{}: tensor '{}' is produced twice (node '{}')", name, out,
                                     graph.node(i).name()));
      }
    }
  }
  std::vector<int> waiting(graph.node_size(), 0);
  std::vector<std::vector<int>> consumers(graph.node_size());
  for (int i = 0; i < graph.node_size(); ++i) {
    for (const auto& in : graph.node(i).input()) {
      if (in.empty() || available.count(in)) continue;
      const auto p = producer.find(in);
      if (p == producer.end()) {
        throw InputError(
            fmt::format("{}: node '{}' ({}) reads '{}', which no node, input or "
                        "initializer provides",
                        name, graph.node(i).name(), graph.node(i).op_type(), in));
      }
      ++waiting[i];
      consumers[p->second].push_back(i);
    }
  }
  std::vector<int> order;
  for (int i = 0; i < graph.node_size(); ++i) {
    if (waiting[i] == 0) order.push_back(i);
  }
  for (size_t k = 0; k < order.size(); ++k) {
    for (int c : consumers[order[k]]) {
      if (--waiting[c] == 0) order.push_back(c);
    }
  }
  if (order.size() != static_cast<size_t>(graph.node_size())) {
    for (int i = 0; i < graph.node_size(); ++i) {
      if (waiting[i] > 0) {
        throw InputError(fmt::format("{}: the graph has a cycle through node '{}' ({})", name,
                                     graph.node(i).name(), graph.node(i).op_type()));
      }
    }
  }
  return order;
}

}  // namespace

uint64_t element_bytes(int32_t data_type) {
  using T = onnx::TensorProto;
  switch (data_type) {
    case T::FLOAT:
    case T::INT32:
    case T::UINT32:
      return 4;
    case T::DOUBLE:
    case T::INT64:
    case T::UINT64:
    case T::COMPLEX64:
      return 8;
    case T::FLOAT16:
    case T::BFLOAT16:
    case T::INT16:
    case T::UINT16:
      return 2;
    case T::INT8:
    case T::UINT8:
    case T::BOOL:
      return 1;
    case T::COMPLEX128:
      return 16;
    default:
      return 0;
  }
}

std::string element_type_name(int32_t data_type) {
  using T = onnx::TensorProto;
  switch (data_type) {
    case T::FLOAT:
      return "float32";
    case T::DOUBLE:
      return "float64";
    case T::FLOAT16:
      return "float16";
    case T::BFLOAT16:
      return "bfloat16";
    case T::INT64:
      return "int64";
    case T::INT32:
      return "int32";
    case T::INT16:
      return "int16";
    case T::INT8:
      return "int8";
    case T::UINT8:
      return "uint8";
    case T::BOOL:
      return "bool";
    case T::STRING:
      return "string";
    default:
      return fmt::format("type{}", data_type);
  }
}

LoadedModel load_model(std::string_view bytes, const std::string& name,
                       const std::string& base_dir) {
  register_contrib_schemas();
  LoadedModel loaded;
  auto skeleton = read_skeleton(bytes, name);
  if (!loaded.model.ParseFromString(skeleton.bytes)) {
    throw InputError(name + ": not a valid ONNX file: its protobuf message does not parse");
  }
  loaded.initializers = std::move(skeleton.initializers);
  check_versions(loaded.model, name, loaded.opset);
  check_node_domains(loaded.model, name);
  for (const auto& init : loaded.initializers) {
    check_initializer(init, name, base_dir);
    loaded.initializer_by_name.emplace(init.name, &init);
  }
  loaded.node_order = topological_order(loaded.model.graph(), name);
  return loaded;
}

}  // namespace infergy::profile
