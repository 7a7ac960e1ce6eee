// Analyses on the reference data (values checked against Yang et al.) and on
// synthetic setups with known answers (pure: no store).
#include <cmath>
#include <tuple>

#include <gtest/gtest.h>

#include "infergy/compare.hpp"
#include "infergy/error.hpp"
#include "infergy/importers.hpp"
#include "support/builtin_catalog.hpp"
#include "support/store_fixture.hpp"

using namespace infergy;
using namespace infergy::compare;
using infergy::testing::CompareTest;

namespace {

const SetupCorrelation& correlation(const Analysis& a, const std::string& x, const std::string& y) {
  for (const auto& c : a.setup_correlations) {
    if (c.setup_a == x && c.setup_b == y) return c;
  }
  throw std::runtime_error("no correlation " + x + " " + y);
}

// A front on an exact nested logarithm, plus dominated points below it.
SetupView nested_log_setup(double a, double b, double c) {
  SetupView v;
  v.setup.name = "SYNTH";
  for (int i = 0; i < 12; ++i) {
    double log10_energy = -3 + 0.3 * i;
    ModelPoint p;
    p.model = "m" + std::to_string(10 + i);
    p.input_px = 224;
    p.energy_j = std::pow(10.0, log10_energy);
    p.accuracy_pct_by_test_set[kDefaultTestSet] = a + b * std::log(log10_energy + c);
    v.models.push_back(p);
    p.model = "z" + std::to_string(10 + i);
    p.accuracy_pct_by_test_set[kDefaultTestSet] -= 5;
    p.energy_j *= 1.5;
    v.models.push_back(p);
  }
  return v;
}

}  // namespace

TEST_F(CompareTest, ReferenceDataReproducesYangEtAl) {
  auto store = open_store();
  importers::import_yang(store->setups(), yang_dir());
  auto a = analysis_of(*store);
  EXPECT_EQ(a.setups.size(), 4u);
  // Yang et al.'s Table 2 (on all models; this is a 70 % sample): 0.9840 / 0.9943.
  const auto& trt = correlation(a, "A100_TRT", "H100_TRT");
  EXPECT_EQ(trt.pearson.n, 985u);
  EXPECT_NEAR(trt.pearson.r, 0.9876, 5e-4);
  EXPECT_NEAR(trt.spearman.r, 0.9946, 5e-4);
  EXPECT_NEAR(correlation(a, "A100_PT", "A100_TRT").pearson.r, 0.8548, 5e-4);  // paper 0.8553
  // Fig. 9: PyTorch -> TensorRT 3.89x (GSD 1.53) on the A100, 4.02x (1.55) on the H100.
  ASSERT_EQ(a.runtime_reductions.size(), 2u);
  EXPECT_EQ(a.runtime_reductions[0].from_setup, "A100_PT");
  EXPECT_NEAR(a.runtime_reductions[0].geometric_mean, 4.0165, 5e-4);
  EXPECT_NEAR(a.runtime_reductions[0].geometric_sd, 1.5610, 5e-4);
  EXPECT_NEAR(a.runtime_reductions[1].geometric_mean, 4.1037, 5e-4);
  // 4 setups x 2 MAC counters x 2 peak precisions.
  EXPECT_EQ(a.naive_errors.size(), 16u);
  EXPECT_EQ(a.property_correlations.size(), 12u);
  EXPECT_EQ(a.diminishing_returns.size(), 4u);
  // The published files carry no dates: models count from their family's first paper.
  ASSERT_FALSE(a.frontier_by_year.empty());
  EXPECT_EQ(a.frontier_setup, "A100_TRT");
  EXPECT_EQ(a.frontier_by_year.front().year, 2014);  // VGG
  EXPECT_EQ(a.frontier_by_year.back().year, 2024);
}

// A setup view of (model, energy J, accuracy %, MACs) points, as a stored one reads back.
SetupView view_of(const std::string& name, const std::string& gpu,
                  const std::vector<std::tuple<std::string, double, double, double>>& points) {
  SetupView v;
  v.setup.name = name;
  v.setup.gpu = gpu;
  for (const auto& [model, energy_j, accuracy_pct, macs] : points) {
    ModelPoint p;
    p.model = model;
    p.input_px = 224;
    p.energy_j = energy_j;
    if (accuracy_pct > 0) p.accuracy_pct_by_test_set[kDefaultTestSet] = accuracy_pct;
    if (macs > 0) p.macs = macs;
    v.models.push_back(p);
  }
  finish_view(v);
  return v;
}

TEST(CompareAnalysis, NaiveErrorFollowsTheStatedConvention) {
  // A100 PCIe fp32: 19.5 TFLOP/s / 250 W = 78 GFLOP/J. 1 GMAC = 2 GFLOPs -> naive
  // 2e9 / 78e9 J; a measured 0.1 J is 3.9x that.
  auto view = view_of("A100_X", "A100 PCIe 40GB",
                      {{"m1.x", 0.1, 0, 1e9}, {"m2.x", 0.2, 0, 1e9}, {"m3.x", 0.4, 0, 1e9}});
  auto a = analyze({view}, infergy::test_support::builtin_catalog());
  const NaiveEstimateError* fp32 = nullptr;
  for (const auto& e : a.naive_errors) {
    if (e.precision == "fp32" && e.macs_tool == "ptflops") fp32 = &e;
  }
  ASSERT_NE(fp32, nullptr);
  EXPECT_EQ(fp32->n, 3u);
  EXPECT_NEAR(fp32->flop_per_joule, 78e9, 1);
  EXPECT_NEAR(fp32->median, 7.8, 1e-9);          // 0.2 J / (2e9 / 78e9 J)
  EXPECT_NEAR(fp32->geometric_mean, 7.8, 1e-9);  // geometric mean of 3.9, 7.8, 15.6
  EXPECT_NEAR(fp32->geometric_sd, 2, 1e-9);      // exp(sd(ln)) with ln steps of ln 2
  EXPECT_DOUBLE_EQ(fp32->share_underestimated, 1);
}

TEST(CompareAnalysis, DiminishingReturnsFitAndExtrapolation) {
  auto a = analyze({nested_log_setup(80, 10, 3.5)}, infergy::test_support::builtin_catalog());
  ASSERT_EQ(a.diminishing_returns.size(), 1u);
  const auto& d = a.diminishing_returns[0];
  EXPECT_EQ(d.front_size, 12u);
  EXPECT_GT(d.r2, 0.9999);
  EXPECT_NEAR(d.b, 10, 0.1);
  EXPECT_NEAR(d.c, 3.5, 0.05);
  EXPECT_NEAR(d.predict_accuracy_pct(1.0), 80 + 10 * std::log(3.5), 0.05);
  // 100 % needs log10(E) = exp(2) - 3.5 = 3.889 -> E = 7.75 kJ.
  ASSERT_EQ(d.energy_j_for_accuracy.back().first, 100);
  ASSERT_TRUE(d.energy_j_for_accuracy.back().second);
  EXPECT_NEAR(std::log10(*d.energy_j_for_accuracy.back().second), std::exp(2.0) - 3.5, 0.05);
}

TEST_F(CompareTest, FrontierByYearGrowsWithDates) {
  auto store = open_store();
  std::vector<MeasurementRow> rows = {{"old.x", 224, 1.0, {}, {}, {}, {}, 70.0},
                                      {"new.x", 224, 0.5, {}, {}, {}, {}, 75.0},
                                      {"big.x", 224, 4.0, {}, {}, {}, {}, 85.0}};
  std::vector<StatsRow> stats;
  for (const auto& r : rows) stats.push_back({r.model, 224, {}, "", {}, "", {}, "", {}, "", ""});
  add_setup(*store, "DATED", rows, "", stats);
  write_file("dates.csv", "model,release_date\nold,2018-03-01\nnew,2020-05-01\nbig,2020-07-01\n");
  EXPECT_EQ(importers::import_model_dates(store->setups(), path("dates.csv")).models, 3u);
  auto a = analysis_of(*store);
  ASSERT_EQ(a.frontier_by_year.size(), 3u);  // 2018, 2019, 2020
  EXPECT_EQ(a.frontier_by_year[0].year, 2018);
  EXPECT_EQ(a.frontier_by_year[1].front.size(), 1u);
  ASSERT_EQ(a.frontier_by_year[2].front.size(), 2u);  // new.x dominates old.x
  EXPECT_EQ(a.frontier_by_year[2].front[0].model, "new.x");
  EXPECT_EQ(a.frontier_by_year[2].front[1].model, "big.x");
}

TEST(CompareAnalysis, AnalyzeNeedsASetup) {
  EXPECT_THROW(analyze({}, infergy::test_support::builtin_catalog()), InputError);
}

TEST_F(CompareTest, JsonCarriesThePaperFigures) {
  auto store = open_store();
  importers::import_yang(store->setups(), yang_dir());
  auto j = to_json(analysis_of(*store));
  EXPECT_EQ(j["runtime_reductions"][0]["paper_geometric_mean"], 3.89);
  EXPECT_EQ(j["setup_correlations"].size(), 6u);
}
