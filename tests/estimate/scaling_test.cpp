#include <gtest/gtest.h>

#include "infergy/estimate.hpp"

using namespace infergy::estimate;

namespace {
ScalingExample example(const std::string& model) {
  for (const auto& e : paper_scaling_examples()) {
    if (e.model == model) return e;
  }
  throw std::runtime_error("no example " + model);
}
}  // namespace

TEST(Scaling, CompoundRuleIsDepthWidthSquaredResolutionSquared) {
  EXPECT_DOUBLE_EQ(compound_scaled_gflop_count(2, 3, 5, 7), 2.0 * 3 * 25 * 49);
}

// Issue 2: the appendix's recipes reproduce the printed Table 2 values.
TEST(Scaling, ReproducesPaperEstimates) {
  EXPECT_NEAR(example("NoisyStudent-L2").gflop_count(), 1040, 1.0);
  EXPECT_NEAR(example("FixEfficientNet-L2").gflop_count(), 585, 0.5);
  EXPECT_NEAR(example("FixEfficientNet-B7").gflop_count(), 82, 0.2);
  EXPECT_NEAR(example("FixEfficientNet-B0").gflop_count(), 1.6, 0.01);
}

TEST(Scaling, ViTG14RecipeGives5204NotThePrinted5270) {
  auto vit = example("ViT-G/14");
  EXPECT_NEAR(vit.gflop_count(), 5204, 1.0);
  EXPECT_EQ(vit.printed_gflop_count, 5270);
}

TEST(Scaling, AcceptanceCommandFactors) {
  // infergy estimate-flops --base EfficientNet-B7 --depth-factor 1.7097 --width-factor 2.15
  //   --resolution-factor 1.3334
  EXPECT_NEAR(compound_scaled_gflop_count(74, 1.7097, 2.15, 1.3334), 1040, 1.0);
}
