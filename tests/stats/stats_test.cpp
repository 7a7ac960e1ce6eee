// Reference values computed independently with SciPy 1.10.1 / NumPy (Debian
// python3-scipy): scipy.stats.linregress, t.ppf, pearsonr, spearmanr, rankdata,
// gmean, and numpy.quantile (default linear interpolation).
#include "infergy/stats.hpp"

#include <cmath>

#include <gtest/gtest.h>

#include "infergy/error.hpp"

using namespace infergy::stats;

namespace {
const std::vector<double> kYears = {2012.4, 2013.9, 2014.6, 2015.9, 2016.8,
                                    2017.3, 2018.5, 2019.4, 2020.2, 2021.5};
const std::vector<double> kGflopCounts = {1.42, 4.96, 3.0, 7.6, 31.2, 1.14, 18.4, 74, 1040, 5270};
}  // namespace

TEST(Stats, LinearFitMatchesScipyLinregress) {
  std::vector<double> log_y;
  for (double v : kGflopCounts) log_y.push_back(std::log10(v));
  auto fit = linear_fit(kYears, log_y);
  EXPECT_NEAR(fit.slope, 0.351722960483, 1e-10);
  EXPECT_NEAR(fit.intercept, -708.07983166, 1e-6);
  EXPECT_NEAR(fit.slope_se, 0.0785966761814, 1e-10);
  EXPECT_NEAR(fit.intercept_se, 158.533574435, 1e-6);
  EXPECT_NEAR(fit.r2, 0.714550242421, 1e-10);
  EXPECT_NEAR(fit.p_value, 0.0020693649923, 1e-10);
  EXPECT_NEAR(fit.t_critical, 2.30600413503, 1e-9);
  auto [lo, hi] = fit.predict_ci(2022);
  EXPECT_NEAR(fit.predict(2022), 3.10399443544, 1e-8);
  EXPECT_NEAR(lo, 2.07652969188, 1e-8);
  EXPECT_NEAR(hi, 4.13145917899, 1e-8);
}

TEST(Stats, ExponentialTrendFactorAndDoublingTime) {
  auto trend = exponential_trend(kYears, kGflopCounts);
  EXPECT_NEAR(trend.factor_per_year, 2.24762037552, 1e-9);
  EXPECT_NEAR(trend.factor_ci_low, 1.48073963123, 1e-9);
  EXPECT_NEAR(trend.factor_ci_high, 3.41167160377, 1e-9);
  EXPECT_NEAR(trend.doubling_years, 0.855872460675, 1e-9);
  EXPECT_FALSE(trend.halving);
  // CI of the doubling time from the slope CI: log10(2) / slope bounds.
  ASSERT_TRUE(trend.doubling_ci_low && trend.doubling_ci_high);
  EXPECT_NEAR(*trend.doubling_ci_low, std::log10(2.0) / std::log10(3.41167160377), 1e-9);
  EXPECT_NEAR(*trend.doubling_ci_high, std::log10(2.0) / std::log10(1.48073963123), 1e-9);
  EXPECT_NEAR(trend.predict(2022), std::pow(10, 3.10399443544), 1e-3);
}

TEST(Stats, DecreasingTrendReportsHalvingTime) {
  auto trend = exponential_trend({2010, 2011, 2012, 2013}, {8, 4, 2, 1});
  EXPECT_TRUE(trend.halving);
  EXPECT_NEAR(trend.factor_per_year, 0.5, 1e-12);
  EXPECT_NEAR(trend.doubling_years, 1.0, 1e-12);
}

TEST(Stats, NoisyFlatTrendHasUnboundedDoublingCi) {
  auto trend = exponential_trend({2010, 2011, 2012, 2013, 2014}, {1, 3, 1, 3, 1.1});
  EXPECT_FALSE(trend.doubling_ci_high.has_value());
}

TEST(Stats, PearsonAndSpearmanMatchScipy) {
  std::vector<double> a = {1, 2, 3, 4, 5, 6, 7, 8.5}, b = {2, 1, 4, 3, 7, 8, 6, 9};
  auto p = pearson(a, b);
  EXPECT_NEAR(p.r, 0.897377257416, 1e-10);
  EXPECT_NEAR(p.p_value, 0.00249822007441, 1e-10);
  std::vector<double> c = {1, 2, 2, 3, 5, 5, 5, 9};
  auto s = spearman(c, b);
  EXPECT_NEAR(s.r, 0.896127224456, 1e-10);
  EXPECT_NEAR(s.p_value, 0.00258810966087, 1e-10);
  EXPECT_EQ(ranks(c), (std::vector<double>{1, 2.5, 2.5, 4, 6, 6, 6, 8}));
}

TEST(Stats, GeometricSummariesAndQuantiles) {
  std::vector<double> v = {3.1, 2.5, 4.0, 1.8, 6.2};
  EXPECT_NEAR(geometric_mean(v), 3.21962416013, 1e-10);
  EXPECT_NEAR(geometric_sd(v), 1.59848099926, 1e-10);
  EXPECT_NEAR(quantile(v, 0.9), 5.32, 1e-12);
  EXPECT_NEAR(median(v), 3.1, 1e-12);
  EXPECT_NEAR(t_quantile(0.975, 10), 2.22813885196, 1e-9);
}

TEST(Stats, BadInputIsAnInputError) {
  EXPECT_THROW(geometric_mean({1, 0, 2}), infergy::InputError);
  EXPECT_THROW(linear_fit({1, 2}, {1, 2}), infergy::InputError);
  EXPECT_THROW(linear_fit({1, 1, 1}, {1, 2, 3}), infergy::InputError);
  EXPECT_THROW(pearson({1, 2, 3}, {1, 2}), infergy::InputError);
  EXPECT_THROW(pearson({1, 1, 1}, {1, 2, 3}), infergy::InputError);
}

TEST(Stats, ParetoFrontMinimisesCostMaximisesValue) {
  //                         0    1    2    3    4    5
  std::vector<double> cost = {1.0, 2.0, 2.0, 3.0, 0.5, 4.0};
  std::vector<double> acc = {70., 75., 74., 74., 60., 80.};
  EXPECT_EQ(pareto_front(cost, acc), (std::vector<size_t>{4, 0, 1, 5}));
  // Equal points: only the first is kept.
  EXPECT_EQ(pareto_front({1, 1}, {5, 5}), (std::vector<size_t>{0}));
}

TEST(Stats, ConvexHullDropsInteriorAndCollinearPoints) {
  std::vector<double> x = {0, 2, 2, 0, 1, 1, 2};
  std::vector<double> y = {0, 0, 2, 2, 1, 0, 1};
  EXPECT_EQ(convex_hull(x, y), (std::vector<size_t>{0, 1, 2, 3}));
}
