#include "infergy/profile.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <unordered_set>

#include <fmt/format.h>

#include "attention.hpp"
#include "infergy/error.hpp"
#include "infergy/parse.hpp"
#include "infergy/units.hpp"
#include "loader.hpp"
#include "mapped_file.hpp"
#include "op_costs.hpp"
#include "shapes.hpp"

namespace infergy::profile {
namespace {

bool is_float(int32_t type) {
  using T = onnx::TensorProto;
  return type == T::FLOAT || type == T::DOUBLE || type == T::FLOAT16 || type == T::BFLOAT16;
}

// Running means and variances of BatchNormalization: buffers, not parameters.
std::unordered_set<std::string> batchnorm_statistics(const onnx::GraphProto& graph) {
  std::unordered_set<std::string> names;
  for (const auto& node : graph.node()) {
    if (node.op_type() != "BatchNormalization") continue;
    for (int i = 3; i < std::min(node.input_size(), 5); ++i) names.insert(node.input(i));
  }
  return names;
}

uint64_t tensor_bytes(const ShapeMap& shapes, const std::string& name) {
  const auto it = shapes.find(name);
  return it == shapes.end() ? 0 : it->second.bytes();
}

// Bytes a node reads and writes. A Gather (embedding lookup) reads only the
// rows it gathers; Shape and Size read metadata only.
void count_bytes(const onnx::NodeProto& node, const ShapeMap& shapes, Counts& counts) {
  for (const auto& out : node.output()) {
    if (out.empty()) continue;
    checked_add(counts.bytes_written, tensor_bytes(shapes, out), "bytes written");
    checked_add(counts.activations, shapes.count(out) ? shapes.at(out).elements() : 0,
                "activations");
  }
  if (node.op_type() == "Shape" || node.op_type() == "Size") return;
  for (int i = 0; i < node.input_size(); ++i) {
    const auto& in = node.input(i);
    if (in.empty()) continue;
    const bool gathered = i == 0 && node.op_type() == "Gather";
    checked_add(counts.bytes_read,
                gathered ? tensor_bytes(shapes, node.output(0)) : tensor_bytes(shapes, in),
                "bytes read");
  }
}

std::string layer_name(const onnx::NodeProto& node, int index) {
  return node.name().empty() ? fmt::format("{}_{}", node.op_type(), index) : node.name();
}

class GraphCounter {
 public:
  GraphCounter(const LoadedModel& loaded, const ShapeMap& shapes, Mode mode, Profile& profile)
      : loaded_(loaded),
        shapes_(shapes),
        mode_(mode),
        profile_(profile),
        statistics_(batchnorm_statistics(loaded.model.graph())) {}

  void run() {
    const auto& graph = loaded_.model.graph();
    const auto attention = attention_matmuls(graph, [this](const std::string& name) {
      return loaded_.initializer_by_name.count(name) > 0;
    });
    for (int i = 0; i < graph.node_size(); ++i) count_node(graph.node(i), i, attention.count(i));
    for (const auto& init : loaded_.initializers) {
      profile_.totals.weight_bytes += init.external
                                          ? (init.external_length >= 0 ? init.external_length : 0)
                                          : init.payload_bytes;
    }
    summarise_uncounted(graph.node_size());
  }

 private:
  void count_node(const onnx::NodeProto& node, int index, bool is_attention) {
    Layer layer{layer_name(node, index), node.op_type(), "", {}, true};
    const auto work = node_work(node, shapes_, [this](const std::string& name) {
      return loaded_.initializer_by_name.count(name) > 0;
    });
    layer.counted = work.counted;
    layer.role = is_attention ? "attention" : work.role;
    layer.counts.macs = work.macs;
    layer.counts.attention_macs = is_attention ? work.macs : work.attention_macs;
    layer.counts.flop_count =
        units::flop_count_from_macs(work.macs) + (mode_ == Mode::full ? work.other_flops : 0);
    count_bytes(node, shapes_, layer.counts);
    count_params(node, layer.counts);
    if (!work.resolved) note_unresolved(node);
    add_to_totals(layer);
    profile_.layers.push_back(std::move(layer));
  }

  void count_params(const onnx::NodeProto& node, Counts& counts) {
    for (const auto& in : node.input()) {
      const auto it = loaded_.initializer_by_name.find(in);
      if (it == loaded_.initializer_by_name.end() || !seen_.insert(in).second) continue;
      const auto& init = *it->second;
      uint64_t elements = 1;
      for (auto d : init.dims) {
        elements = checked_mul(elements, static_cast<uint64_t>(std::max<int64_t>(d, 0)),
                               "initializer's element count");
      }
      if (is_float(init.data_type) && !statistics_.count(in)) {
        checked_add(counts.params, elements, "parameters");
      } else {
        checked_add(profile_.totals.buffers, elements, "buffers");  // BatchNorm statistics
      }
    }
  }

  void note_unresolved(const onnx::NodeProto& node) {
    for (const auto& out : node.output()) {
      if (!out.empty()) profile_.unresolved_shapes.push_back(out);
    }
  }

  // torchvision mode totals count activations the way fvcore does: outputs of
  // convolutions, linear layers and matmuls only.
  void add_to_totals(const Layer& layer) {
    auto& t = profile_.totals;
    checked_add(t.params, layer.counts.params, "parameters");
    t.macs += layer.counts.macs;
    t.flop_count += layer.counts.flop_count;
    if (mode_ == Mode::full || !layer.role.empty()) {
      checked_add(t.activations, layer.counts.activations, "activations");
    }
    checked_add(t.bytes_read, layer.counts.bytes_read, "bytes read");
    checked_add(t.bytes_written, layer.counts.bytes_written, "bytes written");
    t.attention_macs += layer.counts.attention_macs;
  }

  void summarise_uncounted(int node_count) {
    std::map<std::pair<std::string, std::string>, int> missing;
    const auto& graph = loaded_.model.graph();
    for (int i = 0; i < graph.node_size(); ++i) {
      if (!profile_.layers[i].counted) {
        ++missing[{graph.node(i).domain(), graph.node(i).op_type()}];
      }
    }
    for (const auto& [key, n] : missing) {
      profile_.uncounted_ops.push_back({key.second, key.first.empty() ? "ai.onnx" : key.first, n,
                                        node_count > 0 ? static_cast<double>(n) / node_count : 0});
    }
    profile_.node_count = node_count;
  }

  const LoadedModel& loaded_;
  const ShapeMap& shapes_;
  Mode mode_;
  Profile& profile_;
  std::unordered_set<std::string> statistics_;
  std::unordered_set<std::string> seen_;  // initializers already counted (shared weights)
};

std::vector<int64_t> parse_shape(const std::string& text, const std::string& binding) {
  std::vector<int64_t> shape;
  size_t start = 0;
  while (start <= text.size()) {
    const auto end = std::min(text.find('x', start), text.size());
    const auto part = text.substr(start, end - start);
    const auto value = try_parse_int(part);
    if (!value || *value <= 0) {
      throw InputError(
          fmt::format("--input {}: '{}' is not a dimension (expected NAME=AxBxC "
                      "with positive integers)",
                      binding, part));
    }
    shape.push_back(*value);
    start = end + 1;
  }
  return shape;
}

}  // namespace

std::string to_string(Mode mode) { return mode == Mode::torchvision ? "torchvision" : "full"; }

Mode parse_mode(const std::string& text) {
  if (text == "torchvision") return Mode::torchvision;
  if (text == "full") return Mode::full;
  throw InputError("--mode: '" + text + "' is not a counting mode (torchvision or full)");
}

void add_input_binding(Options& options, const std::string& binding) {
  const auto eq = binding.rfind('=');
  if (eq == std::string::npos || eq == 0) {
    throw InputError("--input " + binding + ": expected NAME=AxBxC, e.g. input=1x3x224x224");
  }
  const auto name = binding.substr(0, eq);
  if (!options.input_shapes.emplace(name, parse_shape(binding.substr(eq + 1), binding)).second) {
    throw InputError("--input " + binding + ": input '" + name + "' is bound twice");
  }
}

double Counts::arithmetic_intensity() const {
  const auto moved = static_cast<double>(bytes_read + bytes_written);
  return moved > 0 ? flop_count / moved : 0;
}

Profile profile_bytes(std::string_view bytes, const std::string& name, const Options& options,
                      const std::string& base_dir) {
  auto loaded = load_model(bytes, name, base_dir);
  Profile profile;
  profile.file = name;
  profile.mode = options.mode;
  profile.opset = loaded.opset;
  bind_inputs(loaded, options, name, profile.inputs);
  const auto shapes = infer_shapes(loaded, name);
  GraphCounter(loaded, shapes, options.mode, profile).run();
  return profile;
}

Profile profile_file(const std::string& path, const Options& options) {
  const MappedFile file(path);
  const auto dir = std::filesystem::path(path).parent_path();
  return profile_bytes(file.bytes(), path, options, dir.empty() ? "." : dir.string());
}

}  // namespace infergy::profile
