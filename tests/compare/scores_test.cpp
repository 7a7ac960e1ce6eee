// Scores of Yang et al. section 4.4 and the ranking, on hand-computed cases.
#include <gtest/gtest.h>

#include "infergy/compare.hpp"
#include "infergy/error.hpp"

using namespace infergy;
using namespace infergy::compare;

namespace {

ModelPoint point(const std::string& name, double top1, double energy_j) {
  ModelPoint p;
  p.model = name;
  p.family = architecture_family(name);
  p.input_px = 224;
  p.accuracy_pct_by_test_set[kDefaultTestSet] = top1;
  p.energy_j = energy_j;
  return p;
}

// Four models: accuracy 70..90 %, energy 1..4 J.
SetupView four_models() {
  SetupView v;
  v.setup.name = "TEST_GPU";
  v.models = {point("a_small", 70, 1), point("b_medium", 80, 2), point("c_large", 85, 3),
              point("d_huge", 90, 4)};
  return v;
}

}  // namespace

TEST(Scores, ManhattanHandComputed) {
  // 100 - (0.5 * (2/4 * 100) + 0.5 * (100 - 80)) = 100 - (25 + 10) = 65
  EXPECT_DOUBLE_EQ(manhattan_score(80, 2, 4, 0.5), 65);
  EXPECT_DOUBLE_EQ(manhattan_score(80, 2, 4, 0.0), 80);    // accuracy only
  EXPECT_DOUBLE_EQ(manhattan_score(80, 2, 4, 1.0), 50);    // energy only: 100 - 50
  EXPECT_DOUBLE_EQ(manhattan_score(100, 0, 4, 0.3), 100);  // the ideal point
  // 100 - (0.2 * 75 + 0.8 * 10) = 77
  EXPECT_DOUBLE_EQ(manhattan_score(90, 3, 4, 0.2), 77);
}

TEST(Scores, AccuracyPerJoule) {
  EXPECT_DOUBLE_EQ(accuracy_per_joule(80, 2), 40);
  EXPECT_DOUBLE_EQ(accuracy_per_joule(75, 0.5), 150);
}

TEST(Scores, StarBandsAreFiveEqualBandsOfTheRange) {
  auto bands = star_bands({1, 11, 5});
  auto edges = bands.edges();
  EXPECT_DOUBLE_EQ(edges[0], 1);
  EXPECT_DOUBLE_EQ(edges[1], 3);
  EXPECT_DOUBLE_EQ(edges[4], 9);
  EXPECT_DOUBLE_EQ(edges[5], 11);
  EXPECT_EQ(bands.stars(1), 5);
  EXPECT_EQ(bands.stars(3), 5);  // an edge belongs to the lower-energy band
  EXPECT_EQ(bands.stars(3.01), 4);
  EXPECT_EQ(bands.stars(7), 3);
  EXPECT_EQ(bands.stars(9.5), 1);
  EXPECT_EQ(bands.stars(11), 1);
  EXPECT_EQ(bands.stars(0.5), 5);  // clamped
  EXPECT_EQ(bands.stars(20), 1);
  EXPECT_EQ(star_bands({2, 2}).stars(2), 5);  // zero-width range
  EXPECT_THROW(star_bands({}), InputError);
}

TEST(Rank, ManhattanOrderAndNormalisation) {
  auto view = four_models();
  RankOptions o;
  o.metric = Metric::manhattan;
  o.weight = 0.5;
  auto r = rank(view, o);
  // N = 4; scores: a 100-(12.5+15)=72.5, b 65, c 100-(37.5+7.5)=55, d 100-(50+5)=45
  EXPECT_DOUBLE_EQ(r.normalizing_energy_j, 4);
  ASSERT_EQ(r.entries.size(), 4u);
  EXPECT_EQ(view.models[r.entries[0].index].model, "a_small");
  EXPECT_DOUBLE_EQ(r.entries[0].score, 72.5);
  EXPECT_DOUBLE_EQ(r.entries[1].score, 65);
  EXPECT_DOUBLE_EQ(r.entries[2].score, 55);
  EXPECT_DOUBLE_EQ(r.entries[3].score, 45);
  EXPECT_EQ(r.entries[3].rank, 4u);
  // Stars over the range 1..4 (bands 0.6 J wide): 1 J -> 5, 2 J -> 4, 3 J -> 2, 4 J -> 1.
  EXPECT_EQ(r.entries[0].stars, 5);
  EXPECT_EQ(r.entries[1].stars, 4);
  EXPECT_EQ(r.entries[2].stars, 2);
  EXPECT_EQ(r.entries[3].stars, 1);
}

TEST(Rank, AccuracyWeightPrefersAccurateModels) {
  auto view = four_models();
  RankOptions o;
  o.weight = 0;
  auto r = rank(view, o);
  EXPECT_EQ(view.models[r.entries[0].index].model, "d_huge");
  EXPECT_DOUBLE_EQ(r.entries[0].score, 90);
}

TEST(Rank, ThresholdsFilterAndRenormalise) {
  auto view = four_models();
  RankOptions o;
  o.min_accuracy_pct = 75;
  o.max_energy_j = 3;
  o.weight = 0.5;
  auto r = rank(view, o);
  EXPECT_EQ(r.candidates, 4u);
  EXPECT_EQ(r.considered, 2u);  // b (80 %, 2 J) and c (85 %, 3 J)
  EXPECT_DOUBLE_EQ(r.normalizing_energy_j, 3);
  // b: 100 - (0.5 * 66.67 + 0.5 * 20) = 56.67; c: 100 - (50 + 7.5) = 42.5
  EXPECT_EQ(view.models[r.entries[0].index].model, "b_medium");
  EXPECT_NEAR(r.entries[0].score, 100 - (0.5 * 200.0 / 3 + 10), 1e-12);
  EXPECT_DOUBLE_EQ(r.entries[1].score, 42.5);
}

TEST(Rank, AccuracyPerJouleAboveMinimum) {
  auto view = four_models();
  RankOptions o;
  o.metric = Metric::acc_per_joule;
  o.min_accuracy_pct = 80;
  o.top_n = 2;
  auto r = rank(view, o);
  ASSERT_EQ(r.entries.size(), 2u);  // top 2 of 3 considered
  EXPECT_EQ(r.considered, 3u);
  EXPECT_DOUBLE_EQ(r.entries[0].score, 40);  // b: 80 / 2
  EXPECT_NEAR(r.entries[1].score, 85.0 / 3, 1e-12);
}

TEST(Rank, AveragesTestSetsAndSkipsModelsLackingOne) {
  auto view = four_models();
  view.models[0].accuracy_pct_by_test_set["sketch"] = 30;
  view.models[1].accuracy_pct_by_test_set["sketch"] = 50;
  RankOptions o;
  o.test_sets = {kDefaultTestSet, "sketch"};
  o.weight = 0;
  auto r = rank(view, o);
  EXPECT_EQ(r.candidates, 2u);
  EXPECT_DOUBLE_EQ(r.entries[0].accuracy_pct, 65);  // (80 + 50) / 2
  EXPECT_DOUBLE_EQ(r.entries[1].accuracy_pct, 50);  // (70 + 30) / 2
}

TEST(Rank, TiesKeepModelOrder) {
  SetupView v;
  v.models = {point("x_first", 80, 1), point("y_second", 80, 1)};
  auto r = rank(v, RankOptions{});
  EXPECT_EQ(r.entries[0].index, 0u);
  EXPECT_EQ(r.entries[1].index, 1u);
}

TEST(Rank, RejectsBadOptions) {
  auto view = four_models();
  RankOptions o;
  o.weight = 1.5;
  EXPECT_THROW(rank(view, o), InputError);
  o = {};
  o.test_sets.clear();
  EXPECT_THROW(rank(view, o), InputError);
  o = {};
  o.max_energy_j = 0;
  EXPECT_THROW(rank(view, o), InputError);
  o = {};
  o.min_accuracy_pct = 101;
  EXPECT_THROW(rank(view, o), InputError);
  o = {};
  o.test_sets = {"imagenet-typo"};
  EXPECT_THROW(rank(view, o), InputError);
  EXPECT_TRUE(rank(SetupView{}, o).entries.empty());  // an empty setup ranks nothing
  EXPECT_THROW(parse_metric("flops"), InputError);
  EXPECT_EQ(parse_metric("acc-per-joule"), Metric::acc_per_joule);
}

TEST(Pareto, FrontByIncreasingEnergy) {
  auto view = four_models();
  view.models.push_back(point("e_dominated", 75, 3.5));
  auto front = pareto(view, {kDefaultTestSet});
  EXPECT_EQ(front, (std::vector<size_t>{0, 1, 2, 3}));
}

TEST(Families, FromTimmNames) {
  EXPECT_EQ(architecture_family("resnet50.a1_in1k"), "resnet");
  EXPECT_EQ(architecture_family("tf_efficientnet_b0.ns_jft_in1k"), "efficientnet");
  EXPECT_EQ(architecture_family("vit_base_patch16_224.augreg_in21k"), "vit");
  EXPECT_EQ(architecture_family("mobilenetv3_large_100.ra_in1k"), "mobilenet");
  EXPECT_EQ(architecture_family("convnextv2_nano.fcmae_ft_in1k"), "convnext");
  EXPECT_EQ(architecture_family("levit_128.fb_dist_in1k"), "levit");
}

TEST(Json, RankResultCarriesOptionsAndEntries) {
  auto view = four_models();
  auto r = rank(view, RankOptions{});
  auto j = to_json(r, view);
  EXPECT_EQ(j["metric"], "manhattan");
  EXPECT_EQ(j["entries"].size(), 4u);
  EXPECT_EQ(j["entries"][0]["model"], "a_small");
  EXPECT_DOUBLE_EQ(j["entries"][0]["score"].get<double>(), 72.5);
  EXPECT_EQ(j["star_band_edges_j"].size(), 6u);
}
