// The ONNX profiler: parameters, multiply-adds, FLOPs, activations and memory
// traffic of one inference, counted from a model file's graph and shapes.
// Usage:
//   profile::Options options;
//   options.input_shapes["input"] = {1, 3, 224, 224};  // binds dynamic dimensions
//   const auto result = profile::profile_file("resnet50.onnx", options);
//   result.totals.macs;  // 4.09e9
// Weights are never decoded: only tensor metadata is read (external data files
// are checked to exist, never opened for reading). A multiply-add is counted
// once in `macs` and as 2 FLOPs in `flop_count`; the two are never mixed.
// Thread safety: profile_file may run concurrently on different files.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace infergy::profile {

// torchvision: multiply-adds of convolutions, linear layers and matmuls only
//   (what torchvision and fvcore publish); FLOPs = 2 x MACs.
// full: also elementwise, normalisation, pooling, softmax and reduction work
//   at the per-operator costs of op_costs() (docs/profiling.md).
enum class Mode { torchvision, full };
std::string to_string(Mode mode);
Mode parse_mode(const std::string& text);  // "torchvision" | "full"; InputError otherwise

struct Options {
  Mode mode = Mode::full;
  std::map<std::string, std::vector<int64_t>> input_shapes;  // graph input -> shape
};

// Parses "NAME=1x3x224x224" (dimensions > 0) into options.input_shapes.
// Throws InputError naming the argument when it is malformed or repeated.
void add_input_binding(Options& options, const std::string& binding);

// The counts of one node (or of the whole graph for Profile::totals).
struct Counts {
  uint64_t params = 0;         // elements of trainable floating-point initializers
  double macs = 0;             // multiply-adds of convolutions, linear layers, matmuls
  double flop_count = 0;       // FLOPs (2 per multiply-add, plus the mode's other work)
  uint64_t activations = 0;    // elements the node outputs
  uint64_t bytes_read = 0;     // inputs, weights included
  uint64_t bytes_written = 0;  // outputs
  double attention_macs = 0;   // the part of macs in attention (QK^T and AV products)
  // FLOPs per byte moved; 0 when nothing moves.
  double arithmetic_intensity() const;
};

struct Layer {
  std::string name;  // node name (or "<op>_<index>" when the node has none)
  std::string op_type;
  std::string role;  // "conv", "linear", "attention", "matmul", "" (other work)
                     // "attention": MatMul-Softmax-MatMul products, fused attention ops
  Counts counts;
  bool counted = true;  // false: no rule for this operator (see uncounted_ops)
};

// Operators with no counting rule: listed, never silently taken as zero.
struct UncountedOp {
  std::string op_type;
  std::string domain;
  int nodes = 0;
  double share_of_nodes = 0;  // nodes / all nodes of the graph
};

struct GraphInput {
  std::string name;
  std::vector<int64_t> shape;
  std::string element_type;  // "float32", "int64", ...
};

struct Totals : Counts {
  uint64_t buffers = 0;       // BatchNorm running means and variances, integer initializers
  uint64_t weight_bytes = 0;  // bytes of all initializers as stored
};

struct Profile {
  std::string file;
  Mode mode = Mode::full;
  int64_t opset = 0;
  std::vector<GraphInput> inputs;
  Totals totals;
  std::vector<Layer> layers;  // in graph order
  std::vector<UncountedOp> uncounted_ops;
  std::vector<std::string> unresolved_shapes;  // outputs whose shape stayed unknown
  int node_count = 0;
};

// Profiles an ONNX model file. Throws InputError for a file that is not a
// valid, acyclic ONNX model of a supported opset, for missing external data
// and for dynamic dimensions left unbound (naming the input and dimension).
Profile profile_file(const std::string& path, const Options& options);
// The same for a model held in memory (external data is looked up in `base_dir`).
Profile profile_bytes(std::string_view bytes, const std::string& name, const Options& options,
                      const std::string& base_dir = ".");

// The per-operator cost rules in force for a mode, for printing beside results.
struct OpCost {
  std::string op_types;  // e.g. "Relu, Add, Sub, Mul, Div"
  std::string rule;      // e.g. "1 FLOP per output element"
};
std::vector<OpCost> op_costs(Mode mode);

// Version of the counting rules, stored with counts in the catalog.
inline constexpr std::string_view kProfilerVersion = "1";

}  // namespace infergy::profile
