// Over 400 lines: one small evaluator per shape operator ONNX models fold, kept in one
// file so the folding rules read as one table.
#include "constant_folding.hpp"

#include <cstring>
#include <functional>
#include <optional>

namespace infergy::profile {
namespace {

using T = onnx::TensorProto;
constexpr size_t kMaxElements = 1024;

// An integer (or boolean) tensor's values, flattened.
struct Value {
  int32_t type = T::INT64;
  std::vector<int64_t> dims;
  std::vector<int64_t> data;
};
using Values = std::unordered_map<std::string, Value>;

// Elements of a shape whose every dimension is in [0, kMaxElements]; nullopt
// when a dimension is out of range or the count exceeds kMaxElements.
std::optional<uint64_t> small_count(const std::vector<int64_t>& dims) {
  uint64_t n = 1;
  for (auto d : dims) {
    if (d < 0 || d > static_cast<int64_t>(kMaxElements)) return std::nullopt;
    n *= static_cast<uint64_t>(d);
    if (n > kMaxElements) return std::nullopt;
  }
  return n;
}

std::optional<Value> from_tensor(const onnx::TensorProto& t) {
  if (t.data_type() != T::INT64 && t.data_type() != T::INT32 && t.data_type() != T::BOOL) {
    return std::nullopt;
  }
  Value v{T::INT64, {t.dims().begin(), t.dims().end()}, {}};
  if (t.data_type() == T::BOOL) v.type = T::BOOL;
  const auto count = small_count(v.dims);
  if (!count) return std::nullopt;
  const uint64_t n = *count;
  if (t.has_raw_data()) {
    const size_t width = t.data_type() == T::INT64 ? 8 : t.data_type() == T::INT32 ? 4 : 1;
    if (t.raw_data().size() != n * width) return std::nullopt;
    for (size_t i = 0; i < n; ++i) {
      int64_t x = 0;
      if (width == 8) std::memcpy(&x, t.raw_data().data() + 8 * i, 8);
      if (width == 4) {
        int32_t y = 0;
        std::memcpy(&y, t.raw_data().data() + 4 * i, 4);
        x = y;
      }
      if (width == 1) x = static_cast<uint8_t>(t.raw_data()[i]);
      v.data.push_back(x);
    }
  } else if (t.data_type() == T::INT64) {
    v.data.assign(t.int64_data().begin(), t.int64_data().end());
  } else {
    v.data.assign(t.int32_data().begin(), t.int32_data().end());
  }
  if (v.data.size() != n) return std::nullopt;
  return v;
}

const onnx::AttributeProto* attribute(const onnx::NodeProto& node, const char* name) {
  for (const auto& a : node.attribute()) {
    if (a.name() == name) return &a;
  }
  return nullptr;
}

int64_t int_attribute(const onnx::NodeProto& node, const char* name, int64_t fallback) {
  const auto* a = attribute(node, name);
  return a ? a->i() : fallback;
}

std::optional<Value> constant(const onnx::NodeProto& node) {
  if (const auto* a = attribute(node, "value")) return from_tensor(a->t());
  if (const auto* a = attribute(node, "value_int")) return Value{T::INT64, {}, {a->i()}};
  if (const auto* a = attribute(node, "value_ints")) {
    return Value{T::INT64, {a->ints_size()}, {a->ints().begin(), a->ints().end()}};
  }
  return std::nullopt;
}

int64_t wrap(int64_t index, int64_t size) { return index < 0 ? index + size : index; }

std::optional<Value> shape_of(const onnx::NodeProto& node, const ShapeMap& shapes) {
  const auto it = shapes.find(node.input(0));
  if (it == shapes.end() || !it->second.known) return std::nullopt;
  const auto rank = static_cast<int64_t>(it->second.dims.size());
  int64_t start = std::clamp<int64_t>(wrap(int_attribute(node, "start", 0), rank), 0, rank);
  int64_t end = std::clamp<int64_t>(wrap(int_attribute(node, "end", rank), rank), 0, rank);
  Value v{T::INT64, {std::max<int64_t>(end - start, 0)}, {}};
  for (int64_t i = start; i < end; ++i) v.data.push_back(it->second.dims[i]);
  return v;
}

// Numpy-style broadcast of the inputs' shapes; nullopt when they do not broadcast.
std::optional<std::vector<int64_t>> broadcast_dims(const std::vector<const Value*>& in) {
  size_t rank = 0;
  for (const auto* v : in) rank = std::max(rank, v->dims.size());
  std::vector<int64_t> dims(rank, 1);
  for (const auto* v : in) {
    const size_t shift = rank - v->dims.size();
    for (size_t a = 0; a < v->dims.size(); ++a) {
      const int64_t d = v->dims[a];
      if (d == dims[shift + a] || d == 1) continue;
      if (dims[shift + a] != 1) return std::nullopt;
      dims[shift + a] = d;
    }
  }
  return dims;
}

// Offset into `v` of the output element at `index` (broadcast axes stay at 0).
int64_t broadcast_offset(const Value& v, const std::vector<int64_t>& index) {
  const size_t shift = index.size() - v.dims.size();
  int64_t offset = 0;
  for (size_t a = 0; a < v.dims.size(); ++a) {
    offset = offset * v.dims[a] + (v.dims[a] == 1 ? 0 : index[shift + a]);
  }
  return offset;
}

std::optional<Value> elementwise(
    const std::vector<const Value*>& in, int32_t type,
    const std::function<std::optional<int64_t>(const std::vector<int64_t>&)>& op) {
  const auto dims = broadcast_dims(in);
  if (!dims) return std::nullopt;
  uint64_t n = 1;
  for (auto d : *dims) n *= static_cast<uint64_t>(d);
  if (n > kMaxElements) return std::nullopt;
  Value out{type, *dims, {}};
  std::vector<int64_t> index(dims->size(), 0);
  for (uint64_t k = 0; k < n; ++k) {
    std::vector<int64_t> args;
    for (const auto* v : in) args.push_back(v->data.at(broadcast_offset(*v, index)));
    const auto r = op(args);
    if (!r) return std::nullopt;
    out.data.push_back(*r);
    for (size_t a = index.size(); a-- > 0;) {
      if (++index[a] < (*dims)[a]) break;
      index[a] = 0;
    }
  }
  return out;
}

std::optional<Value> arithmetic(const std::string& op, const std::vector<const Value*>& in) {
  if (in.size() != 2 && op != "Where" && op != "Not") return std::nullopt;
  const int32_t type = (op == "Equal" || op == "Less" || op == "Greater" || op == "Not")
                           ? T::BOOL
                           : (op == "Where" ? in[1]->type : in[0]->type);
  return elementwise(in, type, [&](const std::vector<int64_t>& a) -> std::optional<int64_t> {
    if (op == "Add") return a[0] + a[1];
    if (op == "Sub") return a[0] - a[1];
    if (op == "Mul") return a[0] * a[1];
    if (a[1] == 0 && (op == "Div" || op == "Mod")) return std::nullopt;
    if (op == "Div") return a[0] / a[1];
    if (op == "Mod") return ((a[0] % a[1]) + a[1]) % a[1];  // sign of the divisor
    if (op == "Equal") return a[0] == a[1];
    if (op == "Less") return a[0] < a[1];
    if (op == "Greater") return a[0] > a[1];
    if (op == "Max") return std::max(a[0], a[1]);
    if (op == "Min") return std::min(a[0], a[1]);
    if (op == "Where" && a.size() == 3) return a[0] ? a[1] : a[2];
    if (op == "Not") return !a[0];
    return std::nullopt;
  });
}

std::optional<Value> reshape_like(const Value& data, std::vector<int64_t> dims) {
  const auto n = small_count(dims);
  if (!n || *n != data.data.size()) return std::nullopt;
  return Value{data.type, std::move(dims), data.data};
}

std::vector<int64_t> axes_of(const onnx::NodeProto& node, const std::vector<const Value*>& in) {
  if (in.size() > 1) return in[1]->data;
  if (const auto* a = attribute(node, "axes")) return {a->ints().begin(), a->ints().end()};
  return {};
}

std::optional<Value> unsqueeze(const onnx::NodeProto& node, const std::vector<const Value*>& in) {
  auto axes = axes_of(node, in);
  auto dims = in[0]->dims;
  const auto rank = static_cast<int64_t>(dims.size() + axes.size());
  for (auto& a : axes) a = wrap(a, rank);
  std::sort(axes.begin(), axes.end());
  for (auto a : axes) {
    if (a < 0 || a > static_cast<int64_t>(dims.size())) return std::nullopt;
    dims.insert(dims.begin() + a, 1);
  }
  return reshape_like(*in[0], dims);
}

std::optional<Value> squeeze(const onnx::NodeProto& node, const std::vector<const Value*>& in) {
  const auto axes = axes_of(node, in);
  std::vector<int64_t> dims;
  const auto rank = static_cast<int64_t>(in[0]->dims.size());
  for (int64_t i = 0; i < rank; ++i) {
    bool drop = in[0]->dims[i] == 1 && axes.empty();
    for (auto a : axes) drop = drop || wrap(a, rank) == i;
    if (!drop) dims.push_back(in[0]->dims[i]);
  }
  return reshape_like(*in[0], dims);
}

std::optional<Value> concat(const std::vector<const Value*>& in) {
  Value out{in[0]->type, {0}, {}};
  for (const auto* v : in) {
    if (v->dims.size() != 1) return std::nullopt;
    out.data.insert(out.data.end(), v->data.begin(), v->data.end());
  }
  out.dims[0] = static_cast<int64_t>(out.data.size());
  return out;
}

std::optional<Value> gather(const onnx::NodeProto& node, const std::vector<const Value*>& in) {
  if (in.size() != 2 || in[0]->dims.size() != 1 || int_attribute(node, "axis", 0) != 0) {
    return std::nullopt;
  }
  Value out{in[0]->type, in[1]->dims, {}};
  const auto size = static_cast<int64_t>(in[0]->data.size());
  for (auto i : in[1]->data) {
    i = wrap(i, size);
    if (i < 0 || i >= size) return std::nullopt;
    out.data.push_back(in[0]->data[i]);
  }
  return out;
}

// Strides of a row-major tensor.
std::vector<int64_t> strides_of(const std::vector<int64_t>& dims) {
  std::vector<int64_t> strides(dims.size(), 1);
  for (size_t i = dims.size(); i-- > 1;) strides[i - 1] = strides[i] * dims[i];
  return strides;
}

// Gathers out[i] = data[offset(i)] where each output axis walks the input
// from first[axis] by step[axis].
Value walk(const Value& data, const std::vector<int64_t>& out_dims,
           const std::vector<int64_t>& first, const std::vector<int64_t>& step) {
  Value out{data.type, out_dims, {}};
  const auto in_strides = strides_of(data.dims);
  std::vector<int64_t> index(out_dims.size(), 0);
  uint64_t n = 1;
  for (auto d : out_dims) n *= static_cast<uint64_t>(d);
  for (uint64_t k = 0; k < n; ++k) {
    int64_t offset = 0;
    for (size_t a = 0; a < index.size(); ++a) {
      offset += (first[a] + index[a] * step[a]) * in_strides[a];
    }
    out.data.push_back(data.data.at(offset));
    for (size_t a = index.size(); a-- > 0;) {
      if (++index[a] < out_dims[a]) break;
      index[a] = 0;
    }
  }
  return out;
}

std::optional<Value> slice(const std::vector<const Value*>& in) {
  if (in.size() < 3 || in[1]->data.size() != in[2]->data.size()) return std::nullopt;
  const auto& data = *in[0];
  const auto rank = static_cast<int64_t>(data.dims.size());
  std::vector<int64_t> out_dims = data.dims, first(rank, 0), step(rank, 1);
  for (size_t k = 0; k < in[1]->data.size(); ++k) {
    const int64_t axis = wrap(in.size() > 3 ? in[3]->data.at(k) : static_cast<int64_t>(k), rank);
    const int64_t s = in.size() > 4 ? in[4]->data.at(k) : 1;
    if (axis < 0 || axis >= rank || s == 0) return std::nullopt;
    const int64_t size = data.dims[axis];
    int64_t b = wrap(in[1]->data[k], size), e = wrap(in[2]->data[k], size);
    if (s > 0) {
      b = std::clamp<int64_t>(b, 0, size);
      e = std::clamp<int64_t>(e, 0, size);
      out_dims[axis] = std::max<int64_t>((e - b + s - 1) / s, 0);
    } else {
      b = std::clamp<int64_t>(b, -1, size - 1);
      e = std::clamp<int64_t>(e, -1, size - 1);
      out_dims[axis] = std::max<int64_t>((b - e - s - 1) / -s, 0);
    }
    first[axis] = b;
    step[axis] = s;
  }
  return walk(data, out_dims, first, step);
}

std::optional<Value> transpose(const onnx::NodeProto& node, const Value& data) {
  const auto rank = data.dims.size();
  std::vector<int64_t> perm(rank);
  for (size_t i = 0; i < rank; ++i) perm[i] = static_cast<int64_t>(rank - 1 - i);
  if (const auto* a = attribute(node, "perm")) perm.assign(a->ints().begin(), a->ints().end());
  if (perm.size() != rank) return std::nullopt;
  // Walk the input in permuted order: output axis a follows input axis perm[a].
  const auto strides = strides_of(data.dims);
  std::vector<int64_t> out_dims, out_strides;
  std::vector<bool> used(rank, false);
  for (auto p : perm) {
    if (p < 0 || p >= static_cast<int64_t>(rank) || used[p]) return std::nullopt;
    used[p] = true;
    out_dims.push_back(data.dims[p]);
    out_strides.push_back(strides[p]);
  }
  Value out{data.type, out_dims, {}};
  std::vector<int64_t> index(rank, 0);
  for (size_t k = 0; k < data.data.size(); ++k) {
    int64_t offset = 0;
    for (size_t a = 0; a < rank; ++a) offset += index[a] * out_strides[a];
    out.data.push_back(data.data.at(offset));
    for (size_t a = rank; a-- > 0;) {
      if (++index[a] < out_dims[a]) break;
      index[a] = 0;
    }
  }
  return out;
}

std::optional<Value> range(const std::vector<const Value*>& in) {
  if (in.size() != 3 || in[2]->data.at(0) == 0) return std::nullopt;
  const int64_t start = in[0]->data.at(0), limit = in[1]->data.at(0), delta = in[2]->data.at(0);
  Value out{in[0]->type, {0}, {}};
  for (int64_t x = start; delta > 0 ? x < limit : x > limit; x += delta) {
    if (out.data.size() >= kMaxElements) return std::nullopt;
    out.data.push_back(x);
  }
  out.dims[0] = static_cast<int64_t>(out.data.size());
  return out;
}

std::optional<Value> constant_of_shape(const onnx::NodeProto& node,
                                       const std::vector<const Value*>& in) {
  int64_t fill = 0;
  int32_t type = T::FLOAT;
  if (const auto* a = attribute(node, "value")) {
    const auto v = from_tensor(a->t());
    if (!v || v->data.size() != 1) return std::nullopt;
    fill = v->data[0];
    type = a->t().data_type() == T::BOOL ? T::BOOL : T::INT64;
  }
  const auto n = small_count(in[0]->data);
  if (type == T::FLOAT || !n) return std::nullopt;
  return Value{type, in[0]->data, std::vector<int64_t>(*n, fill)};
}

std::optional<Value> evaluate(const onnx::NodeProto& node, const std::vector<const Value*>& in) {
  const auto& op = node.op_type();
  if (op == "Identity") return *in[0];
  if (op == "Cast") {
    const auto to = int_attribute(node, "to", 0);
    if (to != T::INT64 && to != T::INT32 && to != T::BOOL) return std::nullopt;
    Value v = *in[0];
    v.type = to == T::BOOL ? T::BOOL : T::INT64;
    return v;
  }
  if (op == "Unsqueeze") return unsqueeze(node, in);
  if (op == "Squeeze") return squeeze(node, in);
  if (op == "Concat") return concat(in);
  if (op == "Gather") return gather(node, in);
  if (op == "Slice") return slice(in);
  if (op == "Transpose") return transpose(node, *in[0]);
  if (op == "Range") return range(in);
  if (op == "ConstantOfShape") return constant_of_shape(node, in);
  if (op == "Reshape" && in.size() == 2) {
    auto dims = in[1]->data;
    int64_t known = 1, unknown_at = -1;
    for (size_t i = 0; i < dims.size(); ++i) {
      if (dims[i] == 0 && i < in[0]->dims.size()) dims[i] = in[0]->dims[i];
      if (dims[i] == -1)
        unknown_at = static_cast<int64_t>(i);
      else
        known *= dims[i];
    }
    if (unknown_at >= 0 && known > 0) {
      dims[unknown_at] = static_cast<int64_t>(in[0]->data.size()) / known;
    }
    return reshape_like(*in[0], dims);
  }
  return arithmetic(op, in);
}

onnx::NodeProto constant_node(const onnx::NodeProto& original, const Value& value) {
  onnx::NodeProto node;
  node.set_name(original.name());
  node.set_op_type("Constant");
  node.add_output(original.output(0));
  auto* attr = node.add_attribute();
  attr->set_name("value");
  attr->set_type(onnx::AttributeProto::TENSOR);
  auto* t = attr->mutable_t();
  t->set_data_type(value.type);
  for (auto d : value.dims) t->add_dims(d);
  for (auto x : value.data) {
    if (value.type == T::BOOL)
      t->add_int32_data(static_cast<int32_t>(x));
    else
      t->add_int64_data(x);
  }
  return node;
}

}  // namespace

bool fold_shape_constants(onnx::ModelProto& model, const LoadedModel& loaded,
                          const ShapeMap& shapes) {
  Values values;
  for (const auto& init : model.graph().initializer()) {
    if (auto v = from_tensor(init)) values.emplace(init.name(), std::move(*v));
  }
  bool folded = false;
  auto* graph = model.mutable_graph();
  for (int index : loaded.node_order) {
    auto* node = graph->mutable_node(index);
    if (node->output_size() != 1 || !node->domain().empty()) continue;
    std::optional<Value> result;
    if (node->op_type() == "Constant") {
      result = constant(*node);
    } else if (node->op_type() == "Shape") {
      result = shape_of(*node, shapes);
    } else {
      std::vector<const Value*> in;
      bool ready = node->input_size() > 0;
      for (const auto& name : node->input()) {
        const auto it = values.find(name);
        ready = ready && it != values.end();
        if (ready) in.push_back(&it->second);
      }
      if (ready) {
        try {
          result = evaluate(*node, in);
        } catch (const std::exception&) {
          result.reset();  // malformed constants: leave the node to shape inference
        }
      }
    }
    if (!result || result->data.size() > kMaxElements) continue;
    if (node->op_type() != "Constant") {
      *node = constant_node(*node, *result);
      folded = true;
    }
    values[node->output(0)] = std::move(*result);
  }
  return folded;
}

}  // namespace infergy::profile
