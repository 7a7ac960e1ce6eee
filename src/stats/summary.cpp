// Means, spreads, quantiles and ranks.
#include <algorithm>
#include <cmath>
#include <numeric>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>

#include "infergy/error.hpp"
#include "infergy/stats.hpp"

namespace infergy::stats {
namespace {

void require_size(const std::vector<double>& v, size_t n, const char* what) {
  if (v.size() < n) {
    throw InputError(std::string(what) + " needs at least " + std::to_string(n) + " values, got " +
                     std::to_string(v.size()));
  }
}

std::vector<double> logs(const std::vector<double>& values, const char* what) {
  std::vector<double> out;
  out.reserve(values.size());
  for (double v : values) {
    if (!(v > 0)) throw InputError(std::string(what) + " needs positive values");
    out.push_back(std::log(v));
  }
  return out;
}

}  // namespace

double mean(const std::vector<double>& values) {
  require_size(values, 1, "mean");
  return gsl_stats_mean(values.data(), 1, values.size());
}

double median(std::vector<double> values) { return quantile(std::move(values), 0.5); }

double stddev(const std::vector<double>& values) {
  require_size(values, 2, "standard deviation");
  return gsl_stats_sd(values.data(), 1, values.size());
}

double geometric_mean(const std::vector<double>& values) {
  require_size(values, 1, "geometric mean");
  return std::exp(mean(logs(values, "geometric mean")));
}

double geometric_sd(const std::vector<double>& values) {
  require_size(values, 2, "geometric standard deviation");
  return std::exp(stddev(logs(values, "geometric standard deviation")));
}

double quantile(std::vector<double> values, double q) {
  require_size(values, 1, "quantile");
  if (q < 0 || q > 1) throw InputError("quantile must be in [0, 1]");
  std::sort(values.begin(), values.end());
  return gsl_stats_quantile_from_sorted_data(values.data(), 1, values.size(), q);
}

double t_quantile(double p, double dof) { return gsl_cdf_tdist_Pinv(p, dof); }

std::vector<double> ranks(const std::vector<double>& values) {
  std::vector<size_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return values[a] < values[b]; });
  std::vector<double> rank(values.size());
  for (size_t i = 0; i < order.size();) {
    size_t j = i;
    while (j + 1 < order.size() && values[order[j + 1]] == values[order[i]]) ++j;
    double shared = (static_cast<double>(i + j) / 2.0) + 1.0;  // mean of ranks i+1 .. j+1
    for (size_t k = i; k <= j; ++k) rank[order[k]] = shared;
    i = j + 1;
  }
  return rank;
}

}  // namespace infergy::stats
