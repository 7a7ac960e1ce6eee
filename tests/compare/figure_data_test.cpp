// The data of Yang et al.'s figures: architecture types, input sizes, naive errors,
// runtime pairs and histograms, on synthetic views with known answers and on the sample.
#include <cmath>

#include <gtest/gtest.h>

#include "infergy/compare_figures.hpp"
#include "infergy/importers.hpp"
#include "support/builtin_catalog.hpp"
#include "support/store_fixture.hpp"

using namespace infergy;
using namespace infergy::compare;
using infergy::testing::CompareTest;

namespace {

ModelPoint point(const std::string& name, int px, double energy_j, double top1) {
  ModelPoint p;
  p.model = name;
  p.input_px = px;
  p.energy_j = energy_j;
  p.accuracy_pct_by_test_set[kDefaultTestSet] = top1;
  return p;
}

SetupView view_of(const std::string& name, const std::string& gpu, const std::string& runtime,
                  std::vector<ModelPoint> models) {
  SetupView v;
  v.setup.name = name;
  v.setup.gpu = gpu;
  v.setup.runtime = runtime;
  v.models = std::move(models);
  finish_view(v);
  return v;
}

}  // namespace

TEST(CompareFigures, ArchitectureByLongestKnownPrefix) {
  auto resnet = architecture_info("resnet50.a1_in1k");
  ASSERT_TRUE(resnet);
  EXPECT_EQ(resnet->family, "resnet");
  EXPECT_EQ(resnet->type, ArchitectureType::cnn);
  EXPECT_EQ(resnet->year, 2015);
  EXPECT_EQ(architecture_info("resnetrs50.tf_in1k")->family, "resnetrs");
  EXPECT_EQ(architecture_info("resnetrs50.tf_in1k")->year, 2021);
  EXPECT_EQ(architecture_info("vit_base_patch16_224.augreg_in21k")->type,
            ArchitectureType::transformer);
  EXPECT_EQ(architecture_info("vit_base_r50_s16_384.orig_in21k_ft_in1k")->type,
            ArchitectureType::hybrid);
  EXPECT_EQ(architecture_info("vit_small_reg4_dinov2.lvd142m")->type,
            ArchitectureType::transformer);  // registers, not a ResNet stem
  EXPECT_EQ(architecture_info("tf_efficientnet_b0.ns_jft_in1k")->family, "efficientnet");
  EXPECT_EQ(architecture_info("mixer_b16_224.goog_in21k_ft_in1k")->type, ArchitectureType::mlp);
  EXPECT_EQ(architecture_info("caformer_s18.sail_in1k")->type, ArchitectureType::hybrid);
  EXPECT_FALSE(architecture_info("no_such_family_x.a"));
  EXPECT_EQ(to_string(ArchitectureType::hybrid), "Hybrid");
  auto v = view_of("S", "", "PyTorch", {point("convnext_tiny.fb_in1k", 224, 1, 80)});
  EXPECT_EQ(v.models[0].architecture, "CNN");
  EXPECT_EQ(v.models[0].family, "convnext");
  EXPECT_EQ(release_year(v.models[0]), 2022);
  v.models[0].release = Date{2023, 5, 1};
  EXPECT_EQ(release_year(v.models[0]), 2023);  // a stored date wins
}

TEST(CompareFigures, ArchitectureCentresAreGeometricInEnergy) {
  auto v = view_of("S", "", "PyTorch",
                   {point("resnet18.a", 224, 0.01, 70), point("resnet50.a", 224, 1.0, 80),
                    point("vit_base_patch16_224.a", 224, 0.1, 84)});
  auto centres = architecture_centres(v);
  ASSERT_EQ(centres.size(), 2u);
  EXPECT_EQ(centres[0].architecture, "CNN");
  EXPECT_EQ(centres[0].n, 2u);
  EXPECT_NEAR(centres[0].energy_j, 0.1, 1e-12);  // sqrt(0.01 x 1)
  EXPECT_NEAR(centres[0].accuracy_pct, 75, 1e-12);
  EXPECT_EQ(centres[1].architecture, "Transformer");
}

TEST(CompareFigures, InputSizeIncreasesAreOverTheSmallestSizeInPixels) {
  // Energy proportional to pixels: the fit's slope is 1, its intercept 0.
  std::vector<ModelPoint> models;
  const char* names[] = {"a.x", "b.x", "c.x"};
  for (int k = 0; k < 3; ++k) {
    models.push_back(point(names[k], 200, 1.0 + k, 80));
    double pixels = std::pow(1.0 + 0.1 * (k + 1), 2);
    models.push_back(point(names[k], 200 + 20 * (k + 1), (1.0 + k) * pixels, 80.8));
  }
  auto effect = input_size_effect(view_of("S", "", "TensorRT", models));
  ASSERT_TRUE(effect);
  EXPECT_EQ(effect->models, 3u);
  ASSERT_EQ(effect->steps.size(), 3u);
  EXPECT_NEAR(effect->steps[0].size_increase_pct, 21, 1e-9);  // 1.1^2 - 1
  EXPECT_NEAR(effect->energy_fit.slope, 1, 1e-9);
  EXPECT_NEAR(effect->energy_fit.intercept, 0, 1e-9);
  EXPECT_NEAR(effect->steps[0].accuracy_increase_pct, 1, 1e-9);
  EXPECT_FALSE(input_size_effect(view_of("S", "", "TensorRT", {point("a.x", 224, 1, 80)})));
}

TEST(CompareFigures, NaiveErrorIsMeasuredOverFlopsPerJoule) {
  auto catalog = test_support::builtin_catalog();
  const auto& gpu = catalog.find_gpu("A100 PCIe 40GB", catalog::Precision::fp32);
  std::vector<ModelPoint> models;
  for (int k = 1; k <= 3; ++k) {
    auto p = point("m" + std::to_string(k) + ".x", 224, 0, 80);
    p.macs = 1e9 * k;
    p.energy_j = 2 * (2e9 * k / gpu.flop_per_joule());  // twice the naive estimate
    models.push_back(p);
  }
  auto sample = naive_error_sample(view_of("A", "A100 PCIe 40GB", "PyTorch", models), catalog,
                                   catalog::Precision::fp32);
  ASSERT_TRUE(sample);
  EXPECT_EQ(sample->ratios.size(), 3u);
  EXPECT_NEAR(sample->geometric_mean, 2, 1e-9);
  EXPECT_FALSE(naive_error_sample(view_of("A", "no such GPU", "PyTorch", models), catalog,
                                  catalog::Precision::fp32));
}

TEST(CompareFigures, EstimateNoteSaysPerSetupWhichWayTheEstimateErrs) {
  auto catalog = test_support::builtin_catalog();
  const auto& gpu = catalog.find_gpu("A100 PCIe 40GB", catalog::Precision::fp32);
  auto setup_at = [&](const std::string& name, double factor) {
    std::vector<ModelPoint> models;  // three models: a sample needs at least three
    for (int k = 1; k <= 3; ++k) {
      auto p = point("m" + std::to_string(k) + ".x", 224, 0, 80);
      p.macs = 1e9 * k;
      p.energy_j = factor * (2e9 * k / gpu.flop_per_joule());
      models.push_back(p);
    }
    return view_of(name, "A100 PCIe 40GB", "PyTorch", models);
  };
  auto note = naive_estimate_note({setup_at("LOW", 2), setup_at("HIGH", 0.5)}, catalog);
  EXPECT_NE(note.find("LOW 2.00x (under-estimates by 2.0x)"), std::string::npos) << note;
  EXPECT_NE(note.find("HIGH 0.50x (over-estimates by 2.0x)"), std::string::npos) << note;
  EXPECT_NE(naive_estimate_note({}, catalog).find("infergy import yang"), std::string::npos);
}

TEST(CompareFigures, RuntimePairsShareGpuAndModel) {
  auto pt = view_of("G_PT", "G", "PyTorch",
                    {point("a.x", 224, 4, 80), point("b.x", 224, 2, 70), point("c.x", 224, 1, 60)});
  auto trt =
      view_of("G_TRT", "G", "TensorRT", {point("a.x", 224, 1, 80), point("b.x", 224, 1, 70)});
  auto other = view_of("H_TRT", "H", "TensorRT", {point("a.x", 224, 1, 80)});
  auto c = runtime_comparisons({pt, trt, other});
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].from_setup, "G_PT");
  EXPECT_EQ(c[0].to_setup, "G_TRT");
  ASSERT_EQ(c[0].pairs.size(), 2u);
  EXPECT_EQ(c[0].pairs[0].from_energy_j / c[0].pairs[0].to_energy_j, 4);
}

TEST(CompareFigures, LogHistogramBinsByTenthsOfADecade) {
  auto h = log_histogram({1.0, 1.1, 3.0, 10.0, -1.0}, 10);
  ASSERT_EQ(h.edges.size(), h.counts.size() + 1);
  EXPECT_NEAR(h.edges.front(), 1.0, 1e-12);
  size_t total = 0;
  for (size_t c : h.counts) total += c;
  EXPECT_EQ(total, 4u);        // the negative value is left out
  EXPECT_EQ(h.counts[0], 2u);  // 1.0 and 1.1 in [1, 10^0.1)
  EXPECT_TRUE(log_histogram({}, 10).counts.empty());
}

TEST_F(CompareTest, TheSampleHasEveryFigure) {
  auto store = open_store();
  importers::import_yang(store->setups(), yang_dir());
  auto views = load_measured_setups(store->setups());
  auto catalog = store->catalog();
  size_t typed = 0;
  for (const auto& m : views[1].models) typed += m.architecture != "Other";
  EXPECT_GT(typed, views[1].models.size() * 99 / 100);  // A100_TRT: families known
  auto sizes = input_size_effect(views[1]);
  ASSERT_TRUE(sizes);
  EXPECT_EQ(sizes->models, 133u);
  EXPECT_NEAR(sizes->energy_fit.slope, 1, 0.3);  // Yang et al.: 0.96
  auto naive = naive_error_sample(views[0], catalog, catalog::Precision::fp32);
  ASSERT_TRUE(naive);
  EXPECT_NEAR(naive->geometric_mean, 1.7659, 5e-4);  // as `infergy analyze` prints
  EXPECT_EQ(runtime_comparisons(views).size(), 2u);
  EXPECT_EQ(tdp_w(views[0], catalog), 250);
}
