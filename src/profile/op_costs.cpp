#include "op_costs.hpp"

#include <map>
#include <set>

#include <fmt/format.h>

#include "infergy/error.hpp"
#include "infergy/profile.hpp"

namespace infergy::profile {
namespace {

// FLOPs per output element of elementwise operators. A transcendental
// function (exp, erf, tanh, sqrt, log) counts as 1 FLOP, as in fvcore and the papers.
const std::map<std::string, double>& elementwise_costs() {
  static const std::map<std::string, double> costs = {
      {"Add", 1},      {"Sub", 1},         {"Mul", 1},         {"Div", 1},
      {"Pow", 1},      {"Max", 1},         {"Min", 1},         {"Mod", 1},
      {"Neg", 1},      {"Abs", 1},         {"Reciprocal", 1},  {"Floor", 1},
      {"Ceil", 1},     {"Round", 1},       {"Sign", 1},        {"Sqrt", 1},
      {"Exp", 1},      {"Log", 1},         {"Erf", 1},         {"Tanh", 1},
      {"Sin", 1},      {"Cos", 1},         {"Relu", 1},        {"Equal", 1},
      {"Less", 1},     {"Greater", 1},     {"LessOrEqual", 1}, {"GreaterOrEqual", 1},
      {"And", 1},      {"Or", 1},          {"Xor", 1},         {"Not", 1},
      {"Where", 1},    {"IsNaN", 1},       {"IsInf", 1},       {"ThresholdedRelu", 1},
      {"Clip", 2},     {"LeakyRelu", 2},   {"PRelu", 2},       {"Shrink", 2},
      {"Sigmoid", 3},  {"HardSigmoid", 3}, {"Elu", 3},         {"Softplus", 3},
      {"Softsign", 3}, {"HardSwish", 4},   {"Selu", 4},        {"Celu", 4},
      {"Gelu", 5},     {"Mish", 5}};
  return costs;
}

// FLOPs per element of the (largest) input.
const std::map<std::string, double>& per_input_element_costs() {
  static const std::map<std::string, double> costs = {{"BatchNormalization", 2},
                                                      {"LayerNormalization", 8},
                                                      {"InstanceNormalization", 8},
                                                      {"GroupNormalization", 8},
                                                      {"MeanVarianceNormalization", 8},
                                                      {"LpNormalization", 3},
                                                      {"Softmax", 5},
                                                      {"LogSoftmax", 5},
                                                      {"Hardmax", 1},
                                                      {"GlobalAveragePool", 1},
                                                      {"GlobalMaxPool", 1},
                                                      {"GlobalLpPool", 2},
                                                      {"ReduceSum", 1},
                                                      {"ReduceMean", 1},
                                                      {"ReduceMax", 1},
                                                      {"ReduceMin", 1},
                                                      {"ReduceProd", 1},
                                                      {"ReduceL1", 1},
                                                      {"ReduceLogSum", 1},
                                                      {"ArgMax", 1},
                                                      {"ArgMin", 1},
                                                      {"ReduceL2", 2},
                                                      {"ReduceSumSquare", 2},
                                                      {"ReduceLogSumExp", 2},
                                                      {"TopK", 1},
                                                      {"CumSum", 1}};
  return costs;
}

// Operators that only move or reshape data: 0 FLOPs, bytes counted.
const std::set<std::string>& data_movement() {
  // clang-format off
  static const std::set<std::string> ops = {
      "Concat", "Reshape", "Transpose", "Slice", "Squeeze", "Unsqueeze", "Flatten", "Split",
      "Expand", "Tile", "Pad", "Identity", "Gather", "GatherElements", "GatherND", "ScatterND",
      "ScatterElements", "Shape", "Size", "Constant", "ConstantOfShape", "Cast", "CastLike",
      "Dropout", "DepthToSpace", "SpaceToDepth", "Range", "NonZero", "OneHot", "Trilu",
      "EyeLike", "Compress", "ReverseSequence", "SequenceConstruct", "Unique"};
  // clang-format on
  return ops;
}

const TensorInfo* find(const ShapeMap& shapes, const std::string& name) {
  const auto it = shapes.find(name);
  return it == shapes.end() || !it->second.known ? nullptr : &it->second;
}

double product(const std::vector<int64_t>& dims, size_t from) {
  double p = 1;
  for (size_t i = from; i < dims.size(); ++i) p *= static_cast<double>(dims[i]);
  return p;
}

const onnx::AttributeProto* attribute(const onnx::NodeProto& node, const char* name) {
  for (const auto& a : node.attribute()) {
    if (a.name() == name) return &a;
  }
  return nullptr;
}

std::string fmt_cost(double cost, const char* what) {
  return fmt::format("{} FLOP{} {}", cost, cost == 1 ? "" : "s", what);
}

NodeWork unresolved() {
  NodeWork w;
  w.resolved = false;
  return w;
}

// Conv: each output element sums Cin/groups x kernel products (from the weight's shape).
// ConvTranspose: each input element scatters into Cout/groups x kernel outputs.
NodeWork convolution(const onnx::NodeProto& node, const ShapeMap& shapes) {
  const bool transposed = node.op_type() == "ConvTranspose";
  const auto* x = find(shapes, node.input(0));
  const auto* w = node.input_size() > 1 ? find(shapes, node.input(1)) : nullptr;
  const auto* y = find(shapes, node.output(0));
  if (!x || !w || !y || w->dims.size() < 2) return unresolved();
  NodeWork work;
  work.role = "conv";
  const double driven = static_cast<double>(transposed ? x->elements() : y->elements());
  work.macs = driven * product(w->dims, 1);
  if (node.input_size() > 2 && !node.input(2).empty()) {
    work.other_flops = static_cast<double>(y->elements());  // bias
  }
  return work;
}

NodeWork gemm(const onnx::NodeProto& node, const ShapeMap& shapes) {
  const auto* a = find(shapes, node.input(0));
  const auto* y = find(shapes, node.output(0));
  if (!a || !y || a->dims.size() != 2) return unresolved();
  const auto* trans = attribute(node, "transA");
  const double k = static_cast<double>(trans && trans->i() ? a->dims[0] : a->dims[1]);
  NodeWork work;
  work.role = "linear";
  work.macs = static_cast<double>(y->elements()) * k;
  if (node.input_size() > 2 && !node.input(2).empty()) {
    work.other_flops = static_cast<double>(y->elements());
  }
  return work;
}

NodeWork matmul(const onnx::NodeProto& node, const ShapeMap& shapes,
                const std::function<bool(const std::string&)>& is_weight) {
  const auto* a = find(shapes, node.input(0));
  const auto* y = find(shapes, node.output(0));
  if (!a || !y || a->dims.empty()) return unresolved();
  NodeWork work;
  work.role = is_weight(node.input(0)) || is_weight(node.input(1)) ? "linear" : "matmul";
  work.macs = static_cast<double>(y->elements()) * static_cast<double>(a->dims.back());
  return work;
}

// Label sizes of one einsum operand; "..." stands for the dimensions no letter
// names, which broadcast across operands like elementwise operators.
bool bind_labels(const std::string& term, const TensorInfo& t, std::map<char, int64_t>& sizes,
                 std::vector<int64_t>& ellipsis) {
  size_t letters = 0;
  for (char c : term) letters += c != '.';
  if (letters > t.dims.size()) return false;
  size_t dim = 0;
  for (size_t i = 0; i < term.size(); ++i) {
    if (term[i] != '.') {
      sizes[term[i]] = std::max(sizes[term[i]], t.dims[dim++]);
      continue;
    }
    const size_t count = t.dims.size() - letters;
    if (ellipsis.size() < count) ellipsis.insert(ellipsis.begin(), count - ellipsis.size(), 1);
    for (size_t k = 0; k < count; ++k) {
      auto& e = ellipsis[ellipsis.size() - count + k];
      e = std::max(e, t.dims[dim++]);
    }
    i += 2;
  }
  return true;
}

// Einsum: (output elements) x (sizes of the labels summed over). ONNX 1.12
// infers only the output's rank, so its size comes from the labels here.
NodeWork einsum(const onnx::NodeProto& node, const ShapeMap& shapes,
                const std::function<bool(const std::string&)>& is_weight) {
  const auto* eq = attribute(node, "equation");
  if (!eq) return unresolved();
  std::string equation;
  for (char c : eq->s()) {
    if (c != ' ') equation += c;
  }
  if (equation.empty() || equation.rfind("->", 0) == 0) {
    throw InputError(fmt::format("node '{}' (Einsum): no input terms", node.name()));
  }
  const auto arrow = equation.find("->");
  const std::string lhs = equation.substr(0, arrow);
  std::string rhs = arrow == std::string::npos ? "" : equation.substr(arrow + 2);
  std::map<char, int64_t> sizes;
  std::map<char, int> uses;
  std::vector<int64_t> ellipsis;
  size_t start = 0;
  for (int i = 0; i < node.input_size(); ++i) {
    if (start > lhs.size()) {
      throw InputError(fmt::format("node '{}' (Einsum): '{}' has fewer terms than {} inputs",
                                   node.name(), equation, node.input_size()));
    }
    const auto end = std::min(lhs.find(',', start), lhs.size());
    const auto* t = find(shapes, node.input(i));
    const auto term = lhs.substr(start, end - start);
    if (!t || !bind_labels(term, *t, sizes, ellipsis)) return unresolved();
    for (char c : term) uses[c] += c != '.';
    start = end + 1;
  }
  if (arrow == std::string::npos) {
    for (const auto& [c, n] : uses) {
      if (n == 1 && c != '.') rhs += c;
    }
  }
  double outputs = 1, summed = 1;
  for (auto e : ellipsis) outputs *= static_cast<double>(e);
  bool reduces = false;
  for (const auto& [c, size] : sizes) {
    const bool kept = rhs.find(c) != std::string::npos;
    (kept ? outputs : summed) *= static_cast<double>(size);
    reduces = reduces || !kept;
  }
  NodeWork work;
  if (node.input_size() >= 2) {
    bool weight = false;
    for (const auto& in : node.input()) weight = weight || is_weight(in);
    work.role = weight ? "linear" : "matmul";
    work.macs = outputs * summed;
  } else if (reduces) {
    work.other_flops = outputs * summed;
  }
  return work;
}

NodeWork pooling(const onnx::NodeProto& node, const ShapeMap& shapes) {
  const auto* y = find(shapes, node.output(0));
  const auto* kernel = attribute(node, "kernel_shape");
  if (!y || !kernel) return unresolved();
  double window = 1;
  for (auto k : kernel->ints()) window *= static_cast<double>(k);
  NodeWork work;
  work.other_flops = static_cast<double>(y->elements()) * window;
  return work;
}

NodeWork resize(const onnx::NodeProto& node, const ShapeMap& shapes) {
  const auto* y = find(shapes, node.output(0));
  if (!y) return unresolved();
  const auto* mode = attribute(node, "mode");
  const std::string name = mode ? mode->s() : "nearest";
  NodeWork work;
  const double per_output = name == "linear" || name == "bilinear" ? 7 : name == "cubic" ? 30 : 0;
  work.other_flops = static_cast<double>(y->elements()) * per_output;
  return work;
}

double largest_input_elements(const onnx::NodeProto& node, const ShapeMap& shapes, bool& resolved) {
  double largest = 0;
  for (const auto& in : node.input()) {
    if (in.empty()) continue;
    const auto* t = find(shapes, in);
    resolved = resolved && t != nullptr;
    if (t) largest = std::max(largest, static_cast<double>(t->elements()));
  }
  return largest;
}

int64_t int_attribute(const onnx::NodeProto& node, const char* name, int64_t fallback) {
  const auto* a = attribute(node, name);
  return a ? a->i() : fallback;
}

// com.microsoft Attention: the QKV projection (input [B, S, D] x weights
// [D, q + k + v]) plus QK^T and AV over S x S; Softmax and scaling in full mode.
// MultiHeadAttention: QK^T and AV only, over S x L (projections are separate nodes).
NodeWork fused_attention(const onnx::NodeProto& node, const ShapeMap& shapes) {
  const bool projected = node.op_type() == "Attention";
  const auto* q = find(shapes, node.input(0));
  const auto* w = node.input_size() > 1 ? find(shapes, node.input(1)) : nullptr;
  const auto* v = !projected && node.input_size() > 2 ? find(shapes, node.input(2)) : nullptr;
  if (!q || q->dims.size() != 3 || (projected ? !w || w->dims.size() != 2 : !v || !w)) {
    return unresolved();
  }
  const double batch = static_cast<double>(q->dims[0]), seq = static_cast<double>(q->dims[1]);
  double q_hidden, v_hidden, keys = seq;
  if (projected) {
    q_hidden = v_hidden = static_cast<double>(w->dims[1]) / 3;
    if (const auto* sizes = attribute(node, "qkv_hidden_sizes"); sizes && sizes->ints_size() == 3) {
      q_hidden = static_cast<double>(sizes->ints(0));
      v_hidden = static_cast<double>(sizes->ints(2));
    }
  } else {
    q_hidden = static_cast<double>(q->dims[2]);
    keys = static_cast<double>(w->dims.size() == 3 ? w->dims[1] : q->dims[1]);
    v_hidden = static_cast<double>(v->dims.back());
  }
  NodeWork work;
  work.role = "attention";
  work.attention_macs = batch * seq * keys * (q_hidden + v_hidden);
  work.macs = work.attention_macs;
  if (projected) {
    work.macs += batch * seq * static_cast<double>(w->dims[0]) * static_cast<double>(w->dims[1]);
  }
  const double heads =
      static_cast<double>(std::max<int64_t>(int_attribute(node, "num_heads", 1), 1));
  work.other_flops = batch * heads * seq * keys * (1 + 5);  // scale, then softmax
  return work;
}

}  // namespace

NodeWork node_work(const onnx::NodeProto& node, const ShapeMap& shapes,
                   const std::function<bool(const std::string&)>& is_weight) {
  const auto& op = node.op_type();
  if (node.domain() == "com.microsoft" && (op == "Attention" || op == "MultiHeadAttention")) {
    return fused_attention(node, shapes);
  }
  if (!node.domain().empty() && node.domain() != "ai.onnx") {
    NodeWork w;
    w.counted = false;
    return w;
  }
  if (op == "Conv" || op == "ConvTranspose" || op == "ConvInteger" || op == "QLinearConv") {
    return convolution(node, shapes);
  }
  if (op == "Gemm") return gemm(node, shapes);
  if (op == "MatMul" || op == "MatMulInteger") return matmul(node, shapes, is_weight);
  if (op == "Einsum") return einsum(node, shapes, is_weight);
  if (op == "MaxPool" || op == "AveragePool" || op == "LpPool") return pooling(node, shapes);
  if (op == "Resize" || op == "Upsample") return resize(node, shapes);
  NodeWork work;
  if (data_movement().count(op)) return work;
  if (const auto it = elementwise_costs().find(op); it != elementwise_costs().end()) {
    double outputs = 0;
    for (const auto& out : node.output()) {
      const auto* t = find(shapes, out);
      work.resolved = work.resolved && t;
      if (t) outputs += static_cast<double>(t->elements());
      break;  // the first output is the result
    }
    work.other_flops = outputs * it->second;
    return work;
  }
  if (op == "Sum" || op == "Mean") {
    const auto* y = find(shapes, node.output(0));
    if (!y) return unresolved();
    work.other_flops = static_cast<double>(y->elements()) * std::max(node.input_size() - 1, 1);
    return work;
  }
  if (const auto it = per_input_element_costs().find(op); it != per_input_element_costs().end()) {
    work.other_flops = largest_input_elements(node, shapes, work.resolved) * it->second;
    return work;
  }
  work.counted = false;
  return work;
}

std::vector<OpCost> op_costs(Mode mode) {
  std::vector<OpCost> rules = {
      {"Conv",
       "MACs = output elements x (input channels / groups) x kernel size; "
       "bias: 1 FLOP per output"},
      {"ConvTranspose", "MACs = input elements x (output channels / groups) x kernel size"},
      {"Gemm, MatMul", "MACs = output elements x inner dimension K; Gemm bias: 1 FLOP per output"},
      {"Einsum", "MACs = output elements x product of the summed-over label sizes"},
      {"com.microsoft Attention",
       "MACs = B x S x D x (q + k + v) projection + B x S x S x "
       "(q + v) for QK^T and AV"},
      {"com.microsoft MultiHeadAttention", "MACs = B x S x L x (q + v) for QK^T and AV"},
  };
  if (mode == Mode::torchvision) {
    rules.push_back({"all others",
                     "0 (torchvision/fvcore count multiply-adds of convolutions, "
                     "linear layers and matmuls only); FLOPs = 2 x MACs"});
    return rules;
  }
  std::map<double, std::string> by_cost;
  for (const auto& [op, cost] : elementwise_costs()) {
    by_cost[cost] += (by_cost[cost].empty() ? "" : ", ") + op;
  }
  for (const auto& [cost, ops] : by_cost) {
    rules.push_back({ops, fmt_cost(cost, "per output element")});
  }
  std::map<double, std::string> by_input;
  for (const auto& [op, cost] : per_input_element_costs()) {
    by_input[cost] += (by_input[cost].empty() ? "" : ", ") + op;
  }
  for (const auto& [cost, ops] : by_input) {
    rules.push_back({ops, fmt_cost(cost, "per input element")});
  }
  rules.push_back({"Sum, Mean", "(inputs - 1) FLOPs per output element"});
  rules.push_back({"MaxPool, AveragePool, LpPool", "kernel size FLOPs per output element"});
  rules.push_back({"Resize, Upsample", "per output element: nearest 0, linear 7, cubic 30"});
  rules.push_back({"com.microsoft Attention, MultiHeadAttention",
                   "6 FLOPs per attention score (scale 1, softmax 5)"});
  std::string moves;
  for (const auto& op : data_movement()) moves += (moves.empty() ? "" : ", ") + op;
  rules.push_back({moves, "0 FLOPs (data movement; bytes counted)"});
  rules.push_back({"every counted node", "FLOPs = 2 x MACs + the FLOPs above"});
  return rules;
}

}  // namespace infergy::profile
