// The trend study against values computed independently: every expected number
// below was printed by scripts/trend_reference_values.py (numpy/scipy straight
// from data/*.csv, no infergy code), unless a comment says otherwise.

#include <cmath>
#include <filesystem>
#include <set>

#include <gtest/gtest.h>

#include "infergy/analysis.hpp"
#include "infergy/error.hpp"
#include "infergy/store.hpp"
#include "support/builtin_catalog.hpp"

using namespace infergy;
using catalog::Domain;

namespace {

using infergy::test_support::builtin_catalog;

std::vector<std::string> names(const std::vector<analysis::ModelPoint>& points) {
  std::vector<std::string> out;
  for (const auto& p : points) out.push_back(p.name);
  return out;
}

}  // namespace

TEST(AdaptedEfficiency, CnnTrendMatchesNumpy) {
  auto t = analysis::adapted_efficiency_trend(builtin_catalog(), Domain::cv);
  EXPECT_EQ(t.log10_fit.n, 32u);  // 28 FP32 rows of Table 9 + 4 adapted CNN rows
  EXPECT_NEAR(t.log10_fit.slope, 0.11401976408172228, 1e-9);
  EXPECT_NEAR(t.log10_fit.intercept, -228.30228878784726, 1e-6);
  EXPECT_NEAR(t.log10_fit.r2, 0.8066277128008725, 1e-9);
  EXPECT_NEAR(t.factor_per_year, 1.3002287481208246, 1e-9);
  EXPECT_NEAR(t.factor_ci_low, 1.2393784309123916, 1e-6);
  EXPECT_NEAR(t.factor_ci_high, 1.3640666605721739, 1e-6);
  EXPECT_NEAR(t.doubling_years, 2.6401562754350345, 1e-8);
}

TEST(AdaptedEfficiency, NlpTrendMatchesNumpy) {
  auto t = analysis::adapted_efficiency_trend(builtin_catalog(), Domain::nlp);
  EXPECT_NEAR(t.log10_fit.slope, 0.12277949167119509, 1e-9);
  EXPECT_NEAR(t.log10_fit.r2, 0.811289401429208, 1e-9);
  EXPECT_NEAR(t.doubling_years, 2.4517937936259178, 1e-8);
}

TEST(AdaptedEfficiency, LeavesOutTheFp32RowsTable9Omits) {
  auto points = analysis::adapted_efficiency_points(builtin_catalog(), Domain::cv);
  for (const auto& p : points) {
    if (p.precision != "FP32") continue;
    EXPECT_NE(p.name, "Tesla P100");
    EXPECT_NE(p.name, "A100");
    EXPECT_NE(p.name, "A30");
  }
  int t4_mixed = 0;
  for (const auto& p : points) t4_mixed += p.name == "T4" && p.precision == "Mixed";
  EXPECT_EQ(t4_mixed, 1);
}

TEST(PeakEfficiency, PaperRowsOnlyByDefault) {
  const auto& c = builtin_catalog();
  auto paper = analysis::peak_efficiency_points(c, catalog::Precision::fp32);
  EXPECT_EQ(paper.size(), 31u);  // Table 8 FP32 rows
  analysis::GpuFilter all;
  all.paper_only = false;
  EXPECT_GT(analysis::peak_efficiency_points(c, catalog::Precision::fp32, all).size(), 31u);
  auto s = analysis::trend_series(c, "gpu-fp32-gflops-per-watt");
  EXPECT_NEAR(s.trend.log10_fit.slope, 0.09334240206163083, 1e-9);
  EXPECT_NEAR(s.trend.doubling_years, 3.2250080243834014, 1e-8);
}

TEST(PaperEnergy, ModelsAtTheirReleaseDate) {
  const auto& c = builtin_catalog();
  EXPECT_NEAR(analysis::paper_energy(c, c.find_model("EfficientNet-B1")).energy_j,
              0.015719425237554, 1e-12);
  EXPECT_NEAR(analysis::paper_energy(c, c.find_model("AlexNet")).energy_j, 0.09983976837052462,
              1e-11);
  EXPECT_NEAR(analysis::paper_energy(c, c.find_model("BERT-Base")).energy_j, 0.34806441150010586,
              1e-10);
  EXPECT_NEAR(analysis::paper_energy(c, c.find_model("GPT-3")).energy_j, 5603.797517891688, 1e-5);
}

TEST(ModelSeries, BestPerYear) {
  auto best = analysis::best_per_year(analysis::model_points(builtin_catalog(), Domain::cv));
  std::vector<std::string> expected = {"AlexNet",
                                       "ZFNet-b",
                                       "VGG-19",
                                       "Inception V3",
                                       "Inception ResNet V2",
                                       "PNASNet-5 (N = 4, F = 216)",
                                       "ResNeXt-101 32×48d [Instagram 940M]",
                                       "NoisyStudent-L2 [JFT 300M]",
                                       "Meta Pseudo Labels L2 [JFT 300M]",
                                       "ViT-G/14 [JFT 3B]"};
  EXPECT_EQ(names(best), expected);
}

TEST(ModelSeries, CvBestGflopsTrend) {
  auto s = analysis::trend_series(builtin_catalog(), "cv-best-gflops");
  EXPECT_EQ(s.points.size(), 10u);
  EXPECT_NEAR(s.trend.log10_fit.slope, 0.3710367230506203, 1e-9);
  EXPECT_NEAR(s.trend.log10_fit.r2, 0.9268737311367482, 1e-9);
  EXPECT_NEAR(s.trend.factor_per_year, 2.3498315093806, 1e-8);
  EXPECT_NEAR(s.trend.factor_ci_low, 1.9322714382606863, 1e-6);
  EXPECT_NEAR(s.trend.factor_ci_high, 2.857625493573624, 1e-6);
  EXPECT_NEAR(s.trend.doubling_years, 0.811321297765213, 1e-8);
  EXPECT_FALSE(s.trend.halving);
}

TEST(ModelSeries, CvAllAndAverageAndEnergyTrends) {
  const auto& c = builtin_catalog();
  auto all = analysis::trend_series(c, "cv-all-gflops");
  EXPECT_EQ(all.points.size(), 94u);
  EXPECT_NEAR(all.trend.log10_fit.slope, 0.15351953880568647, 1e-9);
  auto average = analysis::trend_series(c, "cv-average-gflops");
  EXPECT_EQ(average.points.size(), 10u);
  EXPECT_NEAR(average.trend.log10_fit.slope, 0.2377519306743196, 1e-9);
  auto energy = analysis::trend_series(c, "cv-best-energy");
  EXPECT_NEAR(energy.trend.log10_fit.slope, 0.25701695896889626, 1e-9);
  EXPECT_NEAR(energy.trend.factor_per_year, 1.8072446965787523, 1e-8);
  EXPECT_NEAR(energy.trend.doubling_years, 1.1712456519276275, 1e-8);
}

TEST(ModelSeries, NlpMostDemandingWhenReleased) {
  auto points = analysis::model_points(builtin_catalog(), Domain::nlp);
  std::vector<std::string> expected = {"Transformer", "BERT Large",      "GPT-2",
                                       "Megatron",    "Microsoft T-NLG", "GPT-3"};
  EXPECT_EQ(names(analysis::most_demanding(points)), expected);
  auto s = analysis::trend_series(builtin_catalog(), "nlp-demanding-gflops");
  EXPECT_NEAR(s.trend.log10_fit.slope, 1.3685926472240049, 1e-8);
  EXPECT_NEAR(s.trend.factor_per_year, 23.366445210292067, 1e-6);
  EXPECT_NEAR(s.trend.doubling_years, 0.21995587677208236, 1e-9);
}

TEST(ModelSeries, FiltersExtraDataArchitectureAndDates) {
  const auto& c = builtin_catalog();
  analysis::TrendOptions no_extra;
  no_extra.models.extra_data = false;
  auto best = analysis::trend_series(c, "cv-best-gflops", no_extra);
  EXPECT_EQ(best.points.back().label, "NFNet-F6+SAM");
  EXPECT_NEAR(best.trend.log10_fit.slope, 0.2458818612801127, 1e-9);
  EXPECT_NEAR(best.trend.doubling_years, 1.2242871194188776, 1e-8);

  analysis::TrendOptions cnn;
  cnn.models.architecture = "cnn";  // case-insensitive
  cnn.models.from = Date{2015, 1, 1};
  auto all = analysis::trend_series(c, "cv-all-gflops", cnn);
  EXPECT_EQ(all.points.size(), 66u);
  EXPECT_NEAR(all.trend.log10_fit.slope, 0.14284810756894856, 1e-9);
}

TEST(ModelSeries, UnknownSeriesAndTooFewPointsAreInputErrors) {
  const auto& c = builtin_catalog();
  EXPECT_THROW(analysis::trend_series(c, "cv-best-flops"), InputError);
  analysis::TrendOptions narrow;
  narrow.models.from = Date{2021, 6, 1};
  EXPECT_THROW(analysis::trend_series(c, "cv-all-gflops", narrow), InputError);
}

TEST(ModelSeries, SeriesCatalogCoversTheFittedFigures) {
  std::set<std::string> figures;
  for (const auto& s : analysis::series_catalog()) figures.insert(s.figure);
  EXPECT_EQ(figures,
            (std::set<std::string>{"Fig. 3", "Fig. 6", "Fig. 7", "Fig. 8", "Fig. 9", "Fig. 10"}));
}

TEST(Pareto, MinimisesCostMaximisesAccuracy) {
  // Hand-made points: B dominates C (cheaper and more accurate); A and D are on the frontier.
  auto point = [](std::string name, double gflop_count, double acc) {
    analysis::ModelPoint p;
    p.name = std::move(name);
    p.gflop_count = gflop_count;
    p.energy_j = gflop_count / 10;
    p.accuracy_pct = acc;
    return p;
  };
  std::vector<analysis::ModelPoint> pts = {point("A", 1, 70), point("B", 2, 80), point("C", 3, 75),
                                           point("D", 10, 85)};
  EXPECT_EQ(names(analysis::pareto_models(pts, analysis::Quantity::gflop_count)),
            (std::vector<std::string>{"A", "B", "D"}));
}

TEST(ParamsFlops, CorrelationsWithinTwoHundredthsOfThePaper) {
  const auto& c = builtin_catalog();
  auto cnn = analysis::params_flops_correlation(c, "CNN");
  EXPECT_EQ(cnn.distinct_points, 60u);
  EXPECT_EQ(cnn.rows, 72u);
  EXPECT_NEAR(cnn.pearson.r, 0.7715788730608871, 1e-9);
  EXPECT_NEAR(cnn.pearson_rows.r, 0.7818331630690599, 1e-9);
  EXPECT_NEAR(cnn.spearman.r, 0.8884303837018322, 1e-9);
  EXPECT_NEAR(cnn.pearson.r, *cnn.paper_r, 0.02);
  auto trf = analysis::params_flops_correlation(c, "Transformer");
  EXPECT_EQ(trf.distinct_points, 18u);
  EXPECT_NEAR(trf.pearson.r, 0.9946667989829038, 1e-9);
  EXPECT_NEAR(trf.spearman.r, 0.9291628546390254, 1e-9);
  EXPECT_NEAR(trf.pearson.r, *trf.paper_r, 0.02);
}

TEST(Table1, AlexNetLikeModels) {
  auto rows = analysis::alexnet_like_models(builtin_catalog());
  std::vector<std::string> expected = {"AlexNet",
                                       "ZFNet",
                                       "Inception V1/GoogleLeNet",
                                       "PNASNet-5 (N = 3, F = 54)",
                                       "MobileNetV2 1.4",
                                       "EfficientNet-B1",
                                       "NoisyStudent-B1 [JFT 300M]"};
  EXPECT_EQ(names(rows), expected);
}

TEST(Forecast, MultiplicativeEffectWithCo2AndCost) {
  const auto& c = builtin_catalog();
  auto human = analysis::human_power(c);
  EXPECT_NEAR(human.internal_w, 2000 * 4184.0 / 86400, 1e-9);  // 96.85 W, paper "about 100"
  analysis::ForecastInput in;
  in.energy_per_inference_j = analysis::paper_energy(c, c.find_model("EfficientNet-B1")).energy_j;
  in.inferences_per_second_per_person = 2;
  in.population = 8e9;
  in.grid_g_co2_per_kwh = 400;
  in.price_per_kwh = 0.2;
  auto f = analysis::forecast(in, human);
  EXPECT_NEAR(f.total_power_w, 251510803.80086398, 1e-3);
  EXPECT_NEAR(f.energy_per_year_kwh, 2204743706.1183734, 1e-2);
  EXPECT_NEAR(*f.co2_kg_per_year / 1000, 881897.4824473493, 1e-5);
  EXPECT_NEAR(*f.cost_per_year, 440948741.2236747, 1e-3);
  EXPECT_NEAR(f.share_of_internal, 2 * in.energy_per_inference_j / human.internal_w, 1e-15);
  in.population = -1;
  EXPECT_THROW(analysis::forecast(in, human), InputError);
}

// Issue 3: the reproduction must keep the paper's GPU scope; GPUs added after the
// paper (A100 PCIe, H100, H200) change the adapted trend only when asked for.
TEST(Issue3, AddedGpusStayOutOfTheReproductionUnlessAsked) {
  const auto& c = builtin_catalog();
  analysis::GpuFilter all;
  all.paper_only = false;
  auto paper = analysis::adapted_efficiency_trend(c, Domain::cv);
  auto everything = analysis::adapted_efficiency_trend(c, Domain::cv, all);
  EXPECT_EQ(paper.log10_fit.n, 32u);
  EXPECT_GT(everything.log10_fit.n, 32u);
  EXPECT_NE(paper.log10_fit.slope, everything.log10_fit.slope);
}
