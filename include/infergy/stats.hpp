// Statistics on GSL: least squares with standard errors and confidence intervals,
// exponential trends over fractional years, correlations with p-values,
// geometric summaries, Pareto frontiers and convex hulls.
// All functions are pure and thread-safe. They throw InputError on bad input
// (mismatched lengths, too few points, non-positive values where logs are taken).
#pragma once
#include <cstddef>
#include <optional>
#include <utility>
#include <vector>

namespace infergy::stats {

// Ordinary least squares y = intercept + slope * x.
struct LinearFit {
  size_t n = 0;
  double slope = 0;
  double intercept = 0;
  double slope_se = 0;  // standard error of the slope
  double intercept_se = 0;
  double r2 = 0;
  double residual_sd = 0;  // sqrt(SSE / (n - 2))
  double confidence = 0.95;
  double t_critical = 0;  // Student t quantile for `confidence`, n - 2 degrees of freedom
  double slope_ci_low = 0;
  double slope_ci_high = 0;
  double x_mean = 0;
  double sxx = 0;      // sum of (x - x_mean)^2
  double p_value = 1;  // two-sided test of slope == 0

  double predict(double x) const { return intercept + slope * x; }
  // Confidence interval of the mean response at x.
  std::pair<double, double> predict_ci(double x) const;
};

// REQUIRES: x.size() == y.size() >= 3 and x not all equal.
LinearFit linear_fit(const std::vector<double>& x, const std::vector<double>& y,
                     double confidence = 0.95);

// y = A * factor^(year): a log-linear fit of log10(y) on fractional years.
struct ExponentialTrend {
  LinearFit log10_fit;
  double factor_per_year = 0;  // 10^slope
  double factor_ci_low = 0;
  double factor_ci_high = 0;
  // Years for y to double (slope > 0) or halve (slope < 0): log10(2) / |slope|.
  double doubling_years = 0;
  bool halving = false;  // true when the trend decreases
  // CI of the doubling time; nullopt bound when the slope CI reaches zero (unbounded).
  std::optional<double> doubling_ci_low;
  std::optional<double> doubling_ci_high;

  double predict(double year) const;  // A * factor^year
};

// REQUIRES: every value > 0.
ExponentialTrend exponential_trend(const std::vector<double>& years,
                                   const std::vector<double>& values, double confidence = 0.95);

struct Correlation {
  size_t n = 0;
  double r = 0;
  double p_value = 1;  // two-sided, from t = r sqrt((n-2)/(1-r^2)) with n-2 dof
};

Correlation pearson(const std::vector<double>& x, const std::vector<double>& y);
// Pearson on average ranks (ties share their mean rank).
Correlation spearman(const std::vector<double>& x, const std::vector<double>& y);

// Average ranks, 1-based; ties get the mean of their ranks.
std::vector<double> ranks(const std::vector<double>& values);

double mean(const std::vector<double>& values);
double median(std::vector<double> values);
// Sample standard deviation (n - 1).
double stddev(const std::vector<double>& values);
// exp(mean(log v)). REQUIRES: every value > 0.
double geometric_mean(const std::vector<double>& values);
// exp(sd(log v)) with n - 1. REQUIRES: every value > 0, size >= 2.
double geometric_sd(const std::vector<double>& values);
// Linear interpolation between order statistics (type 7, as numpy's default). q in [0, 1].
double quantile(std::vector<double> values, double q);
// Student t quantile (GSL), e.g. t_quantile(0.975, 10) = 2.228.
double t_quantile(double p, double dof);

// Indices of the Pareto-optimal points when minimising cost and maximising value,
// ordered by increasing cost. A point is dominated if another has cost <= and
// value >= with one strict. Equal points: the first index is kept.
std::vector<size_t> pareto_front(const std::vector<double>& cost, const std::vector<double>& value);

// Indices of the convex hull's vertices, counter-clockwise from the lowest-then-leftmost
// point (Andrew's monotone chain; collinear points on edges left out).
std::vector<size_t> convex_hull(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace infergy::stats
