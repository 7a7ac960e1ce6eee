#include "shapes.hpp"

#include <fmt/format.h>
#include <onnx/shape_inference/implementation.h>

#include "constant_folding.hpp"
#include "guarded_schemas.hpp"
#include "infergy/error.hpp"

namespace infergy::profile {
namespace {

TensorInfo info_of(const onnx::TypeProto& type) {
  TensorInfo info;
  if (!type.has_tensor_type()) return info;
  info.elem_type = type.tensor_type().elem_type();
  if (!type.tensor_type().has_shape()) return info;
  info.known = true;
  for (const auto& dim : type.tensor_type().shape().dim()) {
    info.known = info.known && dim.has_dim_value() && dim.dim_value() >= 0;
    info.dims.push_back(dim.has_dim_value() ? dim.dim_value() : -1);
  }
  return info;
}

std::string shape_text(const std::vector<int64_t>& dims) {
  std::string text;
  for (auto d : dims) text += (text.empty() ? "" : "x") + (d >= 0 ? std::to_string(d) : "N");
  return text;
}

std::string dim_label(const onnx::TensorShapeProto::Dimension& dim) {
  return dim.has_dim_param() && !dim.dim_param().empty() ? "'" + dim.dim_param() + "'"
                                                         : "(unnamed)";
}

void bind_one(onnx::ValueInfoProto& input, const std::vector<int64_t>& shape,
              const std::string& name) {
  auto* tensor = input.mutable_type()->mutable_tensor_type();
  auto* dims = tensor->mutable_shape();
  if (tensor->has_shape() && dims->dim_size() != static_cast<int>(shape.size()) &&
      dims->dim_size() > 0) {
    throw InputError(
        fmt::format("{}: --input {}: the model's input has {} dimensions, the "
                    "binding {}",
                    name, input.name(), dims->dim_size(), shape.size()));
  }
  if (dims->dim_size() == 0) {
    for (size_t i = 0; i < shape.size(); ++i) dims->add_dim();
  }
  for (int i = 0; i < dims->dim_size(); ++i) {
    auto* dim = dims->mutable_dim(i);
    if (dim->has_dim_value() && dim->dim_value() != shape[i]) {
      throw InputError(
          fmt::format("{}: --input {}: dimension {} is fixed at {} in the model, "
                      "not {}",
                      name, input.name(), i, dim->dim_value(), shape[i]));
    }
    dim->set_dim_value(shape[i]);
  }
}

void require_bound(const onnx::ValueInfoProto& input, const std::string& name) {
  const auto& type = input.type();
  if (!type.has_tensor_type()) {
    throw InputError(fmt::format("{}: input '{}' is not a tensor", name, input.name()));
  }
  if (!type.tensor_type().has_shape()) {
    throw InputError(fmt::format("{}: input '{}' has no shape: bind it with --input {}=AxBx...",
                                 name, input.name(), input.name()));
  }
  const auto info = info_of(type);
  const auto& dims = type.tensor_type().shape().dim();
  for (int i = 0; i < dims.size(); ++i) {
    if (!dims[i].has_dim_value() || dims[i].dim_value() <= 0) {
      throw InputError(fmt::format(
          "{}: input '{}' dimension {} {} is dynamic: bind it with "
          "--input {}={} (N: the size you want)",
          name, input.name(), i, dim_label(dims[i]), input.name(), shape_text(info.dims)));
    }
  }
}

void run_inference(onnx::ModelProto& model, const std::string& name) {
  // Strict: a node whose shapes contradict its operator makes the file invalid.
  const onnx::ShapeInferenceOptions options(/*check_type=*/false, /*error_mode=*/1,
                                            /*data_propagation=*/true);
  try {
    onnx::shape_inference::InferShapes(model, guarded_schema_registry(), options);
  } catch (const std::exception& e) {
    throw InputError(fmt::format("{}: shape inference failed: {}", name, e.what()));
  }
}

void collect(const onnx::GraphProto& graph, const LoadedModel& loaded, ShapeMap& shapes) {
  for (const auto& list : {&graph.input(), &graph.output(), &graph.value_info()}) {
    for (const auto& value : *list) {
      auto info = info_of(value.type());
      auto& slot = shapes[value.name()];
      if (!slot.known) slot = std::move(info);
    }
  }
  for (const auto& init : loaded.initializers) {
    shapes[init.name] = TensorInfo{init.data_type, init.dims, true};
  }
}

std::vector<std::string> unknown_outputs(const onnx::GraphProto& graph, const ShapeMap& shapes) {
  std::vector<std::string> unknown;
  for (const auto& node : graph.node()) {
    for (const auto& out : node.output()) {
      const auto it = shapes.find(out);
      if (!out.empty() && (it == shapes.end() || !it->second.known)) unknown.push_back(out);
    }
  }
  return unknown;
}

}  // namespace

uint64_t checked_mul(uint64_t a, uint64_t b, const char* what) {
  uint64_t product = 0;
  if (__builtin_mul_overflow(a, b, &product)) {
    throw InputError(
        fmt::format("the {} overflows 64 bits ({} x {}): too large to count", what, a, b));
  }
  return product;
}

void checked_add(uint64_t& total, uint64_t value, const char* what) {
  if (__builtin_add_overflow(total, value, &total)) {
    throw InputError(fmt::format("the total of {} overflows 64 bits: too large to count", what));
  }
}

uint64_t TensorInfo::elements() const {
  if (!known) return 0;
  uint64_t n = 1;
  for (auto d : dims) {
    if (__builtin_mul_overflow(n, d > 0 ? static_cast<uint64_t>(d) : 0, &n)) {
      throw InputError(
          fmt::format("a tensor of shape {} has more than 2^64 elements: too large "
                      "to count",
                      shape_text(dims)));
    }
  }
  return n;
}

uint64_t TensorInfo::bytes() const {
  return checked_mul(elements(), element_bytes(elem_type), "tensor's size in bytes");
}

void bind_inputs(LoadedModel& loaded, const Options& options, const std::string& name,
                 std::vector<GraphInput>& inputs) {
  auto* graph = loaded.model.mutable_graph();
  std::string names;
  for (const auto& input : graph->input()) {
    if (!loaded.initializer_by_name.count(input.name())) {
      names += (names.empty() ? "" : ", ") + input.name();
    }
  }
  for (const auto& [input_name, shape] : options.input_shapes) {
    bool found = false;
    for (auto& input : *graph->mutable_input()) {
      if (input.name() != input_name || loaded.initializer_by_name.count(input_name)) continue;
      bind_one(input, shape, name);
      found = true;
    }
    if (!found) {
      throw InputError(fmt::format("{}: --input {}: the model has no such input (it has: {})", name,
                                   input_name, names));
    }
  }
  for (const auto& input : graph->input()) {
    if (loaded.initializer_by_name.count(input.name())) continue;
    require_bound(input, name);
    const auto info = info_of(input.type());
    inputs.push_back({input.name(), info.dims, element_type_name(info.elem_type)});
  }
}

ShapeMap infer_shapes(const LoadedModel& loaded, const std::string& name) {
  onnx::ModelProto model = loaded.model;
  run_inference(model, name);
  ShapeMap shapes;
  collect(model.graph(), loaded, shapes);
  // ONNX's data propagation stops at some integer arithmetic that exporters
  // emit (torch's MultiheadAttention, expand(batch, -1, -1)): fold it and retry.
  for (int round = 0; round < 32 && !unknown_outputs(model.graph(), shapes).empty(); ++round) {
    if (!fold_shape_constants(model, loaded, shapes)) break;
    model.mutable_graph()->clear_value_info();
    run_inference(model, name);
    collect(model.graph(), loaded, shapes);
  }
  return shapes;
}

}  // namespace infergy::profile
