// The loader: weights never decoded, and every kind of bad file rejected with
// an InputError (exit code 2), never a crash. Regression tests for issue 6.
#include <gtest/gtest.h>

#include <filesystem>

#include "infergy/error.hpp"
#include "infergy/profile.hpp"
#include "onnx_builder.hpp"
#include "support/temp_dir.hpp"
#include "wire.hpp"

namespace infergy::profile {
namespace {

using testing::ModelBuilder;

ModelBuilder small_model() {
  ModelBuilder b;
  b.input("x", {1, 3, 8, 8}).weight("w", {4, 3, 3, 3}).output("y");
  b.node("Conv", {"x", "w"}, {"y"});
  return b;
}

std::string message_of(const std::string& bytes, const std::string& base_dir = ".") {
  try {
    profile_bytes(bytes, "bad.onnx", Options{}, base_dir);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(ProfileLoader, SkeletonLeavesLargePayloadsOut) {
  ModelBuilder b;
  b.input("x", {1, 512}).weight("w", {512, 512}).int64s("shape", {1, 512}).output("y");
  b.node("MatMul", {"x", "w"}, {"y"});
  const auto bytes = b.bytes();
  const auto skeleton = read_skeleton(bytes, "m.onnx");
  EXPECT_GT(bytes.size(), 1000000u);
  EXPECT_LT(skeleton.bytes.size(), 2000u);
  ASSERT_EQ(skeleton.initializers.size(), 2u);
  EXPECT_EQ(skeleton.initializers[0].name, "w");
  EXPECT_EQ(skeleton.initializers[0].dims, (std::vector<int64_t>{512, 512}));
  EXPECT_EQ(skeleton.initializers[0].raw_data_bytes, 512u * 512 * 4);
  EXPECT_FALSE(skeleton.initializers[0].payload_kept);
  EXPECT_TRUE(skeleton.initializers[1].payload_kept);  // small: shape inference may need it
  EXPECT_EQ(profile_bytes(bytes, "m.onnx", Options{}).totals.params, 512u * 512);
}

TEST(ProfileLoader, Issue6EveryTruncationIsAnInputError) {
  const auto bytes = small_model().bytes();
  for (size_t n = 0; n < bytes.size(); ++n) {
    EXPECT_FALSE(message_of(bytes.substr(0, n)).empty()) << "prefix of " << n << " bytes";
  }
  EXPECT_TRUE(message_of(bytes).empty());
}

TEST(ProfileLoader, Issue6FlippedBytesNeverCrash) {
  const auto bytes = small_model().bytes();
  for (size_t i = 0; i < bytes.size(); ++i) {
    for (unsigned char mask : {0x01, 0x80, 0xff}) {
      auto corrupt = bytes;
      corrupt[i] = static_cast<char>(corrupt[i] ^ mask);
      try {
        profile_bytes(corrupt, "flip.onnx", Options{});
      } catch (const InputError&) {
        // rejected cleanly
      }
    }
  }
}

// A small graph touching many shape-inference functions: embedding, layer
// norm, attention, reshapes, convolution, pooling and resizing.
ModelBuilder rich_model() {
  ModelBuilder b;
  b.input("ids", {1, 4}, onnx::TensorProto::INT64).input("img", {1, 2, 8, 8});
  b.weight("emb", {10, 8}).weight("wq", {8, 8}).weight("g", {8}).weight("bias", {8});
  b.int64s("shape", {1, 4, 2, 4}).weight("cw", {2, 2, 3, 3}).weight("scales", {4});
  b.output("m").output("rs");
  b.node("Gather", {"emb", "ids"}, {"e"});
  b.node("LayerNormalization", {"e", "g", "bias"}, {"n"});
  b.node("MatMul", {"n", "wq"}, {"q"});
  b.node("Reshape", {"q", "shape"}, {"r"});
  ModelBuilder::ints(b.node("Transpose", {"r"}, {"t"}), "perm", {0, 2, 1, 3});
  b.node("Softmax", {"t"}, {"a"});
  ModelBuilder::ints(b.node("ReduceMean", {"a"}, {"m"}), "axes", {-1});
  auto& conv = b.node("Conv", {"img", "cw"}, {"co"});
  ModelBuilder::ints(conv, "pads", {1, 1, 1, 1});
  ModelBuilder::ints(conv, "strides", {2, 2});
  ModelBuilder::ints(b.node("MaxPool", {"co"}, {"mp"}), "kernel_shape", {2, 2});
  b.node("Resize", {"mp", "", "scales"}, {"rs"});
  return b;
}

TEST(ProfileLoader, Issue6FlippedBytesOfARicherGraphNeverCrash) {
  const auto bytes = rich_model().bytes();
  ASSERT_NO_THROW(profile_bytes(bytes, "rich.onnx", Options{}));
  for (size_t i = 0; i < bytes.size(); ++i) {
    for (unsigned char mask : {0x01, 0x02, 0x04, 0x10, 0x80, 0xff}) {
      auto corrupt = bytes;
      corrupt[i] = static_cast<char>(corrupt[i] ^ mask);
      try {
        profile_bytes(corrupt, "flip.onnx", Options{});
      } catch (const InputError&) {
        // rejected cleanly
      }
    }
  }
}

TEST(ProfileLoader, Issue6ConvShapesThatCrashLibonnxAreInputErrors) {
  auto zero_stride = small_model();
  ModelBuilder::ints(zero_stride.proto().mutable_graph()->mutable_node(0)[0], "strides", {0, 2});
  EXPECT_NE(message_of(zero_stride.bytes()).find("strides holds 0"), std::string::npos);
  auto low_rank = small_model();
  auto* dims = low_rank.proto()
                   .mutable_graph()
                   ->mutable_input(0)
                   ->mutable_type()
                   ->mutable_tensor_type()
                   ->mutable_shape()
                   ->mutable_dim();
  dims->DeleteSubrange(0, 2);  // 8x8: no batch and channel axes
  EXPECT_NE(message_of(low_rank.bytes()).find("input has rank 2"), std::string::npos);
}

TEST(ProfileLoader, GarbageAndEmptyFiles) {
  EXPECT_NE(message_of("").find("empty"), std::string::npos);
  EXPECT_NE(message_of("this is not an onnx file at all\n").find("not a valid ONNX file"),
            std::string::npos);
}

TEST(ProfileLoader, CycleIsRejected) {
  ModelBuilder b;
  b.input("x", {4}).output("b");
  b.node("Add", {"x", "b"}, {"a"});
  b.node("Relu", {"a"}, {"b"});
  EXPECT_NE(message_of(b.bytes()).find("cycle"), std::string::npos);
}

TEST(ProfileLoader, UndefinedInputIsRejected) {
  ModelBuilder b;
  b.input("x", {4}).output("a");
  b.node("Add", {"x", "ghost"}, {"a"});
  EXPECT_NE(message_of(b.bytes()).find("'ghost'"), std::string::npos);
}

TEST(ProfileLoader, UnsupportedOpsetAndCustomDomain) {
  ModelBuilder future(99);
  future.input("x", {4}).output("y");
  future.node("Relu", {"x"}, {"y"});
  EXPECT_NE(message_of(future.bytes()).find("unsupported opset 99"), std::string::npos);

  auto custom = small_model();
  auto* op = custom.proto().add_opset_import();
  op->set_domain("com.example");
  op->set_version(1);
  custom.proto().mutable_graph()->mutable_node(0)->set_domain("com.example");
  EXPECT_NE(message_of(custom.bytes()).find("custom operator domain 'com.example'"),
            std::string::npos);
}

TEST(ProfileLoader, RawDataOfTheWrongSize) {
  auto b = small_model();
  b.proto().mutable_graph()->mutable_initializer(0)->mutable_raw_data()->resize(10);
  EXPECT_NE(message_of(b.bytes()).find("raw_data holds 10 bytes"), std::string::npos);
}

// The weight of small_model() stored externally, with one external_data entry.
onnx::StringStringEntryProto* make_external(ModelBuilder& b, const std::string& key,
                                            const std::string& value) {
  auto* w = b.proto().mutable_graph()->mutable_initializer(0);
  w->clear_raw_data();
  w->set_data_location(onnx::TensorProto::EXTERNAL);
  auto* entry = w->add_external_data();
  entry->set_key(key);
  entry->set_value(value);
  return entry;
}

TEST(ProfileLoader, ExternalDataIsCheckedNeverRead) {
  const test_support::TempDir temp("infergy_profile_external");
  const auto& dir = temp.path();
  auto b = small_model();
  auto* location = make_external(b, "location", "weights.bin");
  EXPECT_NE(message_of(b.bytes(), dir.string()).find("external data file"), std::string::npos);
  temp.write_file("weights.bin", "too short");
  EXPECT_NE(message_of(b.bytes(), dir.string()).find("holds 9 bytes"), std::string::npos);
  std::filesystem::resize_file(dir / "weights.bin", 4 * 3 * 3 * 3 * 4);
  const auto p = profile_bytes(b.bytes(), "ext.onnx", Options{}, dir.string());
  EXPECT_EQ(p.totals.params, 4u * 3 * 3 * 3);
  location->set_value("../escape.bin");
  EXPECT_NE(message_of(b.bytes(), dir.string()).find("relative path"), std::string::npos);
}

// Issue 9: offsets and lengths are strict decimal byte counts (stoull took "-1" and " 8").
TEST(ProfileLoader, ExternalDataCountsAreDecimalByteCounts) {
  for (const char* offset : {"-1", " 8", "8x", "0x10", ""}) {
    auto b = small_model();
    make_external(b, "offset", offset);
    EXPECT_NE(message_of(b.bytes()).find(std::string("external_data offset '") + offset +
                                         "' is not a byte count"),
              std::string::npos)
        << offset;
  }
}

TEST(ProfileLoader, MissingFileIsAnInputError) {
  EXPECT_THROW(profile_file("/nonexistent/model.onnx", Options{}), InputError);
}

}  // namespace
}  // namespace infergy::profile
