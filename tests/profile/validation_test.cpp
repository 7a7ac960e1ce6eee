// Our counts against published figures, on models exported by export_models.py
// with random weights (tests/CMakeLists.txt runs it as a fixture).
// torchvision figures: the num_params and _ops (GMACs, 224 px) of torchvision's
// model documentation; BERT-base: 109,482,240 parameters (bert-base-uncased)
// and, at 128 tokens, 12 x (4TH^2 + 2THI + 2T^2H) + H^2 = 11.174 G multiply-adds.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "infergy/error.hpp"
#include "infergy/profile.hpp"

namespace infergy::profile {
namespace {

struct Documented {
  const char* model;
  uint64_t params;
  double gmacs;
};

const Documented kDocumented[] = {
    {"resnet18", 11689512, 1.814},       {"resnet50", 25557032, 4.089},
    {"mobilenet_v2", 3504872, 0.301},    {"mobilenet_v3_large", 5483032, 0.217},
    {"efficientnet_b0", 5288548, 0.386}, {"squeezenet1_1", 1235496, 0.349},
    {"mnasnet0_5", 2218512, 0.104},      {"regnet_y_400mf", 4344144, 0.402},
    {"googlenet", 6624904, 1.498},       {"densenet121", 7978856, 2.834},
    {"convnext_tiny", 28589128, 4.456},  {"vit_b_16", 86567656, 17.564},
    {"swin_t", 28288354, 4.491},         {"bert_base", 109482240, 11.174},
};

std::string model_path(const std::string& name) {
  return std::string(INFERGY_PROFILE_MODELS_DIR) + "/" + name + ".onnx";
}

class Validation : public ::testing::TestWithParam<Documented> {};

TEST_P(Validation, TorchvisionModeMatchesPublishedFigures) {
  const auto& doc = GetParam();
  Options options;
  options.mode = Mode::torchvision;
  const auto p = profile_file(model_path(doc.model), options);
  EXPECT_EQ(p.totals.params, doc.params);
  EXPECT_NEAR(p.totals.macs / 1e9, doc.gmacs, 0.01 * doc.gmacs);
  EXPECT_EQ(p.totals.flop_count, 2 * p.totals.macs);
  EXPECT_TRUE(p.uncounted_ops.empty());
  EXPECT_TRUE(p.unresolved_shapes.empty())
      << p.unresolved_shapes.size() << " unresolved, first " << p.unresolved_shapes[0];
}

TEST_P(Validation, FullModeAddsTheOtherWork) {
  const auto& doc = GetParam();
  const auto full = profile_file(model_path(doc.model), Options{});
  EXPECT_GT(full.totals.flop_count, 2 * full.totals.macs);
  EXPECT_GT(full.totals.activations, 0u);
  EXPECT_GT(full.totals.bytes_read, 4 * full.totals.params);  // weights are read once at least
  EXPECT_TRUE(full.uncounted_ops.empty());
}

INSTANTIATE_TEST_SUITE_P(Published, Validation, ::testing::ValuesIn(kDocumented),
                         [](const auto& info) { return std::string(info.param.model); });

TEST(ValidationBert, AttentionIsCountedExactly) {
  const auto p = profile_file(model_path("bert_base"), Options{});
  // 12 layers x 2 matmuls x 12 heads x 128 x 128 x 64.
  EXPECT_EQ(p.totals.attention_macs, 12.0 * 2 * 12 * 128 * 128 * 64);
  EXPECT_EQ(p.totals.macs, 11174215680.0);
}

TEST(ValidationBatchNorm, StatisticsAreReportedAsBuffers) {
  const auto resnet = profile_file(model_path("resnet50"), Options{});
  EXPECT_EQ(resnet.totals.buffers, 2u * 26560);  // running mean + variance of 26,560 channels
  EXPECT_EQ(profile_file(model_path("vit_b_16"), Options{}).totals.buffers, 0u);
}

TEST(ValidationDynamic, BatchBoundWithInputScalesTheCounts) {
  Options options;
  options.mode = Mode::torchvision;
  EXPECT_THROW(profile_file(model_path("mobilenet_v2_dynamic"), options), InputError);
  add_input_binding(options, "input=4x3x224x224");
  const auto p = profile_file(model_path("mobilenet_v2_dynamic"), options);
  EXPECT_NEAR(p.totals.macs / 1e9, 4 * 0.301, 0.01 * 4 * 0.301);
  EXPECT_EQ(p.totals.params, 3504872u);
}

}  // namespace
}  // namespace infergy::profile
