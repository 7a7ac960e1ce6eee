// Counting rules per operator, on small graphs whose counts are worked out by hand.
#include <gtest/gtest.h>

#include "infergy/error.hpp"
#include "infergy/profile.hpp"
#include "onnx_builder.hpp"

namespace infergy::profile {
namespace {

using testing::ModelBuilder;

Profile run(const ModelBuilder& b, Mode mode = Mode::full, Options options = {}) {
  options.mode = mode;
  return profile_bytes(b.bytes(), "test.onnx", options);
}

const Layer& layer(const Profile& p, const std::string& op) {
  for (const auto& l : p.layers) {
    if (l.op_type == op) return l;
  }
  throw std::runtime_error("no " + op + " layer");
}

TEST(ProfileCounting, GroupedStridedDilatedConv) {
  ModelBuilder b;
  b.input("x", {1, 8, 32, 32}).weight("w", {16, 4, 3, 3}).weight("b", {16}).output("y");
  auto& conv = b.node("Conv", {"x", "w", "b"}, {"y"});
  ModelBuilder::integer(conv, "group", 2);
  ModelBuilder::ints(conv, "strides", {2, 2});
  ModelBuilder::ints(conv, "pads", {1, 1, 1, 1});
  ModelBuilder::ints(conv, "dilations", {2, 2});
  const auto p = run(b);
  // Output 1x16x15x15; each output sums 4 channels x 3x3 taps.
  EXPECT_EQ(p.totals.macs, 16.0 * 15 * 15 * 4 * 9);
  EXPECT_EQ(p.totals.flop_count, 2 * 16.0 * 15 * 15 * 4 * 9 + 16 * 15 * 15);  // + bias
  EXPECT_EQ(p.totals.params, 16u * 4 * 9 + 16);
  EXPECT_EQ(p.totals.activations, 16u * 15 * 15);
  EXPECT_EQ(p.totals.bytes_read, 4u * (8 * 32 * 32 + 16 * 4 * 9 + 16));
  EXPECT_EQ(p.totals.bytes_written, 4u * 16 * 15 * 15);
  EXPECT_EQ(layer(p, "Conv").role, "conv");
}

TEST(ProfileCounting, Conv1dAnd3d) {
  ModelBuilder b;
  b.input("a", {1, 2, 10})
      .weight("w1", {3, 2, 3})
      .input("v", {1, 1, 4, 4, 4})
      .weight("w3", {2, 1, 2, 2, 2})
      .output("y1")
      .output("y3");
  b.node("Conv", {"a", "w1"}, {"y1"});
  b.node("Conv", {"v", "w3"}, {"y3"});
  const auto p = run(b);
  EXPECT_EQ(p.totals.macs, 3.0 * 8 * 2 * 3 + 2.0 * 27 * 8);
}

TEST(ProfileCounting, ConvTransposeCountsFromItsInput) {
  ModelBuilder b;
  b.input("x", {1, 4, 8, 8}).weight("w", {4, 2, 3, 3}).output("y");
  ModelBuilder::ints(b.node("ConvTranspose", {"x", "w"}, {"y"}), "strides", {2, 2});
  const auto p = run(b);
  EXPECT_EQ(p.totals.macs, 4.0 * 8 * 8 * 2 * 9);
}

TEST(ProfileCounting, GemmWithTransposedA) {
  ModelBuilder b;
  b.input("a", {64, 8}).weight("w", {64, 16}).weight("c", {16}).output("y");
  ModelBuilder::integer(b.node("Gemm", {"a", "w", "c"}, {"y"}), "transA", 1);
  const auto p = run(b);
  EXPECT_EQ(p.totals.macs, 8.0 * 16 * 64);
  EXPECT_EQ(p.totals.flop_count, 2 * 8.0 * 16 * 64 + 8 * 16);
  EXPECT_EQ(layer(p, "Gemm").role, "linear");
}

TEST(ProfileCounting, MatMulBatchedAndBroadcast) {
  ModelBuilder b;
  b.input("a", {2, 3, 4, 5})
      .weight("w", {5, 6})
      .input("p", {2, 1, 4, 5})
      .input("q", {3, 5, 6})
      .output("y")
      .output("z");
  b.node("MatMul", {"a", "w"}, {"y"});
  b.node("MatMul", {"p", "q"}, {"z"});
  const auto p = run(b, Mode::torchvision);
  EXPECT_EQ(p.layers[0].counts.macs, 2.0 * 3 * 4 * 6 * 5);
  EXPECT_EQ(p.layers[0].role, "linear");
  EXPECT_EQ(p.layers[1].counts.macs, 2.0 * 3 * 4 * 6 * 5);
  EXPECT_EQ(p.layers[1].role, "matmul");
  EXPECT_EQ(p.totals.flop_count, 2 * p.totals.macs);
}

TEST(ProfileCounting, EinsumContraction) {
  ModelBuilder b;
  b.input("q", {1, 2, 4, 8}).input("k", {1, 2, 6, 8}).input("e", {3, 5}).output("s").output("t");
  ModelBuilder::text(b.node("Einsum", {"q", "k"}, {"s"}), "equation", "bhid,bhjd->bhij");
  ModelBuilder::text(b.node("Einsum", {"e"}, {"t"}), "equation", "ij->i");
  const auto p = run(b);
  EXPECT_EQ(p.layers[0].counts.macs, 2.0 * 4 * 6 * 8);
  EXPECT_EQ(p.layers[1].counts.macs, 0);
  EXPECT_EQ(p.layers[1].counts.flop_count, 15);  // a sum over j
}

TEST(ProfileCounting, EinsumWithEllipsis) {
  ModelBuilder b;
  b.input("x", {2, 3, 4, 8}).weight("w", {8, 5}).output("y");
  ModelBuilder::text(b.node("Einsum", {"x", "w"}, {"y"}), "equation", "...d,de->...e");
  const auto p = run(b);
  EXPECT_EQ(p.totals.macs, 2.0 * 3 * 4 * 5 * 8);
  EXPECT_EQ(p.layers[0].role, "linear");
}

// Issue 13: a 2^62 x 2^62 input profiled as "FLOPs 0 G", exit 0; counts that do not fit
// 64 bits are an error now.
TEST(ProfileCounting, Issue13CountsThatOverflowAreAnError) {
  ModelBuilder b;
  b.input("x", {int64_t{1} << 62, int64_t{1} << 62}).output("y");
  b.node("Relu", {"x"}, {"y"});
  EXPECT_THROW(run(b), InputError);
  ModelBuilder bytes;  // 2^62 elements fit; their 2^64 bytes do not
  bytes.input("x", {int64_t{1} << 31, int64_t{1} << 31}).output("y");
  bytes.node("Relu", {"x"}, {"y"});
  EXPECT_THROW(run(bytes), InputError);
  ModelBuilder conv;  // the input fits (2^60 elements); the conv's 2^68 outputs do not
  conv.input("x", {1, 1, int64_t{1} << 30, int64_t{1} << 30})
      .weight("w", {256, 1, 1, 1})
      .output("y");
  conv.node("Conv", {"x", "w"}, {"y"});
  EXPECT_THROW(run(conv), InputError);
}

TEST(ProfileCounting, Issue13EmptyEinsumEquationIsAnInputError) {
  ModelBuilder b;
  b.input("a", {2, 3}).input("c", {3, 4}).output("y");
  ModelBuilder::text(b.node("Einsum", {"a", "c"}, {"y"}), "equation", "");
  EXPECT_THROW(run(b), InputError);
  ModelBuilder short_terms;
  short_terms.input("a", {2, 3}).input("c", {3, 4}).output("y");
  ModelBuilder::text(short_terms.node("Einsum", {"a", "c"}, {"y"}), "equation", "ij->i");
  EXPECT_NO_FATAL_FAILURE({
    try {
      run(short_terms);
    } catch (const InputError&) {
    }
  });
}

TEST(ProfileCounting, AttentionMatMulSoftmaxMatMul) {
  ModelBuilder b;
  b.input("q", {1, 2, 16, 8})
      .input("k", {1, 2, 8, 16})
      .input("v", {1, 2, 16, 8})
      .int64s("shape", {1, 2, 16, 8})
      .output("o")
      .output("x");
  b.weight("scale", {1});
  b.node("MatMul", {"q", "k"}, {"s"});
  b.node("Div", {"s", "scale"}, {"scaled"});
  b.node("Softmax", {"scaled"}, {"a"});
  b.node("MatMul", {"a", "v"}, {"o"});
  b.node("MatMul", {"q", "k"}, {"x"}, "unrelated");  // no softmax: not attention
  const auto p = run(b);
  EXPECT_EQ(p.layers[0].role, "attention");
  EXPECT_EQ(p.layers[3].role, "attention");
  EXPECT_EQ(p.layers[4].role, "matmul");
  EXPECT_EQ(p.totals.attention_macs, 2 * (2.0 * 16 * 16 * 8));
  EXPECT_EQ(layer(p, "Softmax").counts.flop_count, 5.0 * 2 * 16 * 16);
}

TEST(ProfileCounting, SharedWeightCountedOnce) {
  ModelBuilder b;
  b.input("x", {4, 8}).weight("w", {8, 8}).output("z");
  b.node("MatMul", {"x", "w"}, {"y"});
  b.node("MatMul", {"y", "w"}, {"z"});
  EXPECT_EQ(run(b).totals.params, 64u);
}

TEST(ProfileCounting, BatchNormStatisticsAreBuffers) {
  ModelBuilder b;
  b.input("x", {1, 4, 5, 5})
      .weight("scale", {4})
      .weight("bias", {4})
      .weight("mean", {4})
      .weight("var", {4})
      .output("y");
  b.node("BatchNormalization", {"x", "scale", "bias", "mean", "var"}, {"y"});
  const auto full = run(b);
  EXPECT_EQ(full.totals.params, 8u);
  EXPECT_EQ(full.totals.buffers, 8u);
  EXPECT_EQ(full.totals.flop_count, 2.0 * 100);
  EXPECT_EQ(run(b, Mode::torchvision).totals.flop_count, 0);
}

TEST(ProfileCounting, GatherReadsOnlyTheRowsItGathers) {
  ModelBuilder b;
  b.input("ids", {1, 5}, onnx::TensorProto::INT64).weight("table", {100, 16}).output("e");
  b.node("Gather", {"table", "ids"}, {"e"});
  const auto p = run(b);
  EXPECT_EQ(p.totals.params, 1600u);
  EXPECT_EQ(p.totals.macs, 0);
  EXPECT_EQ(p.totals.bytes_read, 5u * 16 * 4 + 5 * 8);
  EXPECT_EQ(p.totals.bytes_written, 5u * 16 * 4);
}

TEST(ProfileCounting, PoolingElementwiseAndModes) {
  ModelBuilder b;
  b.input("x", {1, 2, 8, 8}).output("g");
  auto& pool = b.node("MaxPool", {"x"}, {"p"});
  ModelBuilder::ints(pool, "kernel_shape", {3, 3});
  ModelBuilder::ints(pool, "strides", {2, 2});
  b.node("Sigmoid", {"p"}, {"s"});
  b.node("GlobalAveragePool", {"s"}, {"g"});
  const auto full = run(b);
  // MaxPool output 1x2x3x3: 9 comparisons each; Sigmoid 3 FLOPs per element.
  EXPECT_EQ(full.totals.flop_count, 18.0 * 9 + 18 * 3 + 18);
  EXPECT_EQ(full.totals.activations, 18u + 18 + 2);
  const auto tv = run(b, Mode::torchvision);
  EXPECT_EQ(tv.totals.flop_count, 0);
  EXPECT_EQ(tv.totals.activations, 0u);  // only conv, linear and matmul outputs
}

TEST(ProfileCounting, UncoveredOperatorIsListedNotZero) {
  ModelBuilder b;
  b.input("x", {2, 3, 3}).output("d").output("r");
  b.node("Det", {"x"}, {"d"});
  b.node("Relu", {"x"}, {"r"});
  const auto p = run(b);
  ASSERT_EQ(p.uncounted_ops.size(), 1u);
  EXPECT_EQ(p.uncounted_ops[0].op_type, "Det");
  EXPECT_EQ(p.uncounted_ops[0].nodes, 1);
  EXPECT_DOUBLE_EQ(p.uncounted_ops[0].share_of_nodes, 0.5);
  EXPECT_FALSE(p.layers[0].counted);
  EXPECT_TRUE(p.layers[1].counted);
}

TEST(ProfileCounting, DynamicDimensionMustBeBound) {
  ModelBuilder b;
  b.input("x", {-1, 8}, onnx::TensorProto::FLOAT, "batch").weight("w", {8, 4}).output("y");
  b.node("MatMul", {"x", "w"}, {"y"});
  try {
    run(b);
    FAIL() << "an unbound dimension must be an error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("input 'x' dimension 0 'batch' is dynamic"),
              std::string::npos)
        << e.what();
  }
  Options options;
  add_input_binding(options, "x=3x8");
  const auto p = run(b, Mode::full, options);
  EXPECT_EQ(p.totals.macs, 3.0 * 4 * 8);
  ASSERT_EQ(p.inputs.size(), 1u);
  EXPECT_EQ(p.inputs[0].shape, (std::vector<int64_t>{3, 8}));
}

TEST(ProfileCounting, BadBindingsAreInputErrors) {
  ModelBuilder b;
  b.input("x", {-1, 8}).weight("w", {8, 4}).output("y");
  b.node("MatMul", {"x", "w"}, {"y"});
  Options options;
  EXPECT_THROW(add_input_binding(options, "x=3xAx8"), InputError);
  EXPECT_THROW(add_input_binding(options, "x=0x8"), InputError);
  EXPECT_THROW(add_input_binding(options, "1x8"), InputError);
  add_input_binding(options, "x=3x8");
  EXPECT_THROW(add_input_binding(options, "x=3x8"), InputError);  // twice
  Options wrong;
  add_input_binding(wrong, "nosuch=1x8");
  EXPECT_THROW(run(b, Mode::full, wrong), InputError);
  Options rank;
  add_input_binding(rank, "x=1x8x1");
  EXPECT_THROW(run(b, Mode::full, rank), InputError);
  Options fixed;
  add_input_binding(fixed, "x=2x9");
  EXPECT_THROW(run(b, Mode::full, fixed), InputError);
}

TEST(ProfileCounting, ShapeComputationsAreFoldedForInference) {
  // x -> Shape -> Gather(0) -> Mul(2) -> Concat([.., 4]) -> Reshape: data
  // propagation alone does not follow the Mul of a folded constant into Reshape.
  ModelBuilder b;
  b.input("x", {6, 4})
      .int64s("zero", {0})
      .int64s("two", {2})
      .int64s("four", {4})
      .weight("w", {4, 3})
      .output("y");
  b.node("Shape", {"x"}, {"s"});
  b.node("Gather", {"s", "zero"}, {"n"});
  b.node("Div", {"n", "two"}, {"h"});
  b.node("Concat", {"h", "two", "four"}, {"shape"});
  ModelBuilder::integer(b.proto().mutable_graph()->mutable_node(3)[0], "axis", 0);
  b.node("Reshape", {"x", "shape"}, {"r"});
  b.node("MatMul", {"r", "w"}, {"y"});
  const auto p = run(b);
  EXPECT_TRUE(p.unresolved_shapes.empty());
  EXPECT_EQ(p.totals.macs, 3.0 * 2 * 3 * 4);
}

TEST(ProfileCounting, RulesArePrintableForBothModes) {
  EXPECT_EQ(op_costs(Mode::torchvision).back().op_types, "all others");
  bool relu = false;
  for (const auto& r : op_costs(Mode::full))
    relu = relu || r.op_types.find("Relu") != std::string::npos;
  EXPECT_TRUE(relu);
  EXPECT_EQ(parse_mode("torchvision"), Mode::torchvision);
  EXPECT_THROW(parse_mode("fvcore"), InputError);
}

}  // namespace
}  // namespace infergy::profile

namespace infergy::profile {
namespace {

testing::ModelBuilder with_microsoft_domain() {
  testing::ModelBuilder b;
  auto* op = b.proto().add_opset_import();
  op->set_domain("com.microsoft");
  op->set_version(1);
  return b;
}

TEST(ProfileCounting, FusedAttentionOfOnnxRuntime) {
  auto b = with_microsoft_domain();
  b.input("x", {1, 16, 32}).weight("w", {32, 96}).weight("bias", {96}).output("y");
  auto& node = b.node("Attention", {"x", "w", "bias"}, {"y"});
  node.set_domain("com.microsoft");
  testing::ModelBuilder::integer(node, "num_heads", 4);
  const auto p = profile_bytes(b.bytes(), "attention.onnx", Options{});
  // Projection 16 x 32 x 96, then QK^T and AV: 16 x 16 x (32 + 32).
  EXPECT_EQ(p.totals.macs, 16.0 * 32 * 96 + 16.0 * 16 * 64);
  EXPECT_EQ(p.totals.attention_macs, 16.0 * 16 * 64);
  EXPECT_EQ(p.layers[0].role, "attention");
  EXPECT_EQ(p.totals.activations, 16u * 32);  // output [1, 16, 32] from the fused op's shapes
  EXPECT_TRUE(p.uncounted_ops.empty());
}

TEST(ProfileCounting, FusedMultiHeadAttention) {
  auto b = with_microsoft_domain();
  b.input("q", {2, 16, 32}).input("k", {2, 20, 32}).input("v", {2, 20, 24}).output("y");
  auto& node = b.node("MultiHeadAttention", {"q", "k", "v"}, {"y"});
  node.set_domain("com.microsoft");
  testing::ModelBuilder::integer(node, "num_heads", 4);
  const auto p = profile_bytes(b.bytes(), "mha.onnx", Options{});
  EXPECT_EQ(p.totals.macs, 2.0 * 16 * 20 * (32 + 24));
  EXPECT_EQ(p.totals.activations, 2u * 16 * 24);
}

TEST(ProfileCounting, OtherCustomOperatorsAreRejectedByName) {
  auto b = with_microsoft_domain();
  b.input("x", {1, 8}).output("y");
  b.node("FusedGemm", {"x"}, {"y"}).set_domain("com.microsoft");
  try {
    profile_bytes(b.bytes(), "custom.onnx", Options{});
    FAIL() << "a custom operator must be an input error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("custom operator com.microsoft.FusedGemm"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace infergy::profile
