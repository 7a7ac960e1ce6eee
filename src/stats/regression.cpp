// Least squares, exponential trends and correlations.
#include <algorithm>
#include <cmath>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_fit.h>

#include "infergy/error.hpp"
#include "infergy/stats.hpp"

namespace infergy::stats {
namespace {

void require_pairs(const std::vector<double>& x, const std::vector<double>& y, size_t n,
                   const char* what) {
  if (x.size() != y.size()) {
    throw InputError(std::string(what) + ": x and y differ in length (" + std::to_string(x.size()) +
                     " vs " + std::to_string(y.size()) + ")");
  }
  if (x.size() < n) {
    throw InputError(std::string(what) + " needs at least " + std::to_string(n) + " points, got " +
                     std::to_string(x.size()));
  }
}

double two_sided_t_p(double t, double dof) { return 2.0 * gsl_cdf_tdist_Q(std::fabs(t), dof); }

}  // namespace

std::pair<double, double> LinearFit::predict_ci(double x) const {
  double se =
      residual_sd * std::sqrt(1.0 / static_cast<double>(n) + (x - x_mean) * (x - x_mean) / sxx);
  return {predict(x) - t_critical * se, predict(x) + t_critical * se};
}

LinearFit linear_fit(const std::vector<double>& x, const std::vector<double>& y,
                     double confidence) {
  require_pairs(x, y, 3, "linear fit");
  LinearFit fit;
  fit.n = x.size();
  fit.confidence = confidence;
  double cov00 = 0, cov01 = 0, cov11 = 0, sse = 0;
  gsl_fit_linear(x.data(), 1, y.data(), 1, x.size(), &fit.intercept, &fit.slope, &cov00, &cov01,
                 &cov11, &sse);
  double sum_x = 0, sum_y = 0;
  for (size_t i = 0; i < x.size(); ++i) sum_x += x[i], sum_y += y[i];
  fit.x_mean = sum_x / static_cast<double>(fit.n);
  double y_mean = sum_y / static_cast<double>(fit.n);
  double sst = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    fit.sxx += (x[i] - fit.x_mean) * (x[i] - fit.x_mean);
    sst += (y[i] - y_mean) * (y[i] - y_mean);
  }
  if (fit.sxx == 0) throw InputError("linear fit: all x values are equal");
  const double dof = static_cast<double>(fit.n) - 2.0;
  fit.slope_se = std::sqrt(cov11);
  fit.intercept_se = std::sqrt(cov00);
  fit.residual_sd = std::sqrt(sse / dof);
  fit.r2 = sst > 0 ? 1.0 - sse / sst : 1.0;
  fit.t_critical = t_quantile(1.0 - (1.0 - confidence) / 2.0, dof);
  fit.slope_ci_low = fit.slope - fit.t_critical * fit.slope_se;
  fit.slope_ci_high = fit.slope + fit.t_critical * fit.slope_se;
  fit.p_value = fit.slope_se > 0 ? two_sided_t_p(fit.slope / fit.slope_se, dof) : 0.0;
  return fit;
}

double ExponentialTrend::predict(double year) const {
  return std::pow(10.0, log10_fit.predict(year));
}

ExponentialTrend exponential_trend(const std::vector<double>& years,
                                   const std::vector<double>& values, double confidence) {
  std::vector<double> log_values;
  log_values.reserve(values.size());
  for (double v : values) {
    if (!(v > 0)) throw InputError("exponential trend needs positive values");
    log_values.push_back(std::log10(v));
  }
  ExponentialTrend trend;
  trend.log10_fit = linear_fit(years, log_values, confidence);
  const auto& fit = trend.log10_fit;
  trend.factor_per_year = std::pow(10.0, fit.slope);
  trend.factor_ci_low = std::pow(10.0, fit.slope_ci_low);
  trend.factor_ci_high = std::pow(10.0, fit.slope_ci_high);
  trend.halving = fit.slope < 0;
  const double log2 = std::log10(2.0);
  trend.doubling_years = fit.slope != 0 ? log2 / std::fabs(fit.slope) : INFINITY;
  // The steeper end of the slope CI gives the shorter time; a CI through zero is unbounded.
  double lo = std::fabs(fit.slope_ci_low), hi = std::fabs(fit.slope_ci_high);
  bool crosses_zero = fit.slope_ci_low <= 0 && fit.slope_ci_high >= 0;
  double steep = std::max(lo, hi), shallow = std::min(lo, hi);
  trend.doubling_ci_low = log2 / steep;
  if (!crosses_zero) trend.doubling_ci_high = log2 / shallow;
  return trend;
}

Correlation pearson(const std::vector<double>& x, const std::vector<double>& y) {
  require_pairs(x, y, 3, "correlation");
  Correlation c;
  c.n = x.size();
  double mx = 0, my = 0;
  for (size_t i = 0; i < c.n; ++i) mx += x[i], my += y[i];
  mx /= static_cast<double>(c.n);
  my /= static_cast<double>(c.n);
  double sxy = 0, sxx = 0, syy = 0;
  for (size_t i = 0; i < c.n; ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  if (sxx == 0 || syy == 0) throw InputError("correlation of a constant series is undefined");
  c.r = std::clamp(sxy / std::sqrt(sxx * syy), -1.0, 1.0);
  const double dof = static_cast<double>(c.n) - 2.0;
  c.p_value =
      std::fabs(c.r) >= 1.0 ? 0.0 : two_sided_t_p(c.r * std::sqrt(dof / (1.0 - c.r * c.r)), dof);
  return c;
}

Correlation spearman(const std::vector<double>& x, const std::vector<double>& y) {
  require_pairs(x, y, 3, "correlation");
  return pearson(ranks(x), ranks(y));
}

}  // namespace infergy::stats
