#include "attention.hpp"

#include <set>
#include <unordered_map>

namespace infergy::profile {
namespace {

constexpr int kMaxHops = 4;

bool passes_through(const std::string& op) {
  static const std::set<std::string> ops = {"Div",  "Mul",     "Add",       "Sub",     "Where",
                                            "Cast", "Reshape", "Transpose", "Dropout", "Identity"};
  return ops.count(op) > 0;
}

struct Index {
  std::unordered_map<std::string, int> producer;
  std::unordered_map<std::string, std::vector<int>> consumers;
};

Index index_graph(const onnx::GraphProto& graph) {
  Index index;
  for (int i = 0; i < graph.node_size(); ++i) {
    for (const auto& out : graph.node(i).output()) index.producer[out] = i;
    for (const auto& in : graph.node(i).input()) index.consumers[in].push_back(i);
  }
  return index;
}

bool reaches_softmax(const onnx::GraphProto& graph, const Index& index, const std::string& from,
                     int hops) {
  const auto it = index.consumers.find(from);
  if (it == index.consumers.end() || hops > kMaxHops) return false;
  for (int c : it->second) {
    const auto& node = graph.node(c);
    if (node.op_type() == "Softmax") return true;
    if (passes_through(node.op_type()) && reaches_softmax(graph, index, node.output(0), hops + 1)) {
      return true;
    }
  }
  return false;
}

bool comes_from_softmax(const onnx::GraphProto& graph, const Index& index, const std::string& from,
                        int hops) {
  const auto it = index.producer.find(from);
  if (it == index.producer.end() || hops > kMaxHops) return false;
  const auto& node = graph.node(it->second);
  if (node.op_type() == "Softmax") return true;
  return passes_through(node.op_type()) && node.input_size() > 0 &&
         comes_from_softmax(graph, index, node.input(0), hops + 1);
}

}  // namespace

std::unordered_set<int> attention_matmuls(
    const onnx::GraphProto& graph, const std::function<bool(const std::string&)>& is_weight) {
  const auto index = index_graph(graph);
  std::unordered_set<int> found;
  for (int i = 0; i < graph.node_size(); ++i) {
    const auto& node = graph.node(i);
    if ((node.op_type() != "MatMul" && node.op_type() != "Einsum") || node.input_size() < 2) {
      continue;
    }
    bool weight = false;
    for (const auto& in : node.input()) weight = weight || is_weight(in);
    if (weight) continue;
    if (reaches_softmax(graph, index, node.output(0), 0) ||
        comes_from_softmax(graph, index, node.input(0), 0)) {
      found.insert(i);
    }
  }
  return found;
}

}  // namespace infergy::profile
