#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "infergy/measure.hpp"
#include "infergy/stats.hpp"

namespace infergy::measure {

MeanCi mean_ci95(const std::vector<double>& values) {
  MeanCi result;
  result.n = values.size();
  if (values.empty()) return result;
  result.mean = stats::mean(values);
  if (values.size() < 2) {
    result.half_width = std::numeric_limits<double>::infinity();
    return result;
  }
  double dof = static_cast<double>(values.size() - 1);
  result.half_width = stats::t_quantile(0.975, dof) * stats::stddev(values) /
                      std::sqrt(static_cast<double>(values.size()));
  return result;
}

MeanCi ratio_ci95(const std::vector<double>& numerators, const std::vector<double>& denominators) {
  MeanCi result;
  const size_t k = std::min(numerators.size(), denominators.size());
  result.n = k;
  if (k == 0) return result;
  double sum_num = std::accumulate(numerators.begin(), numerators.begin() + k, 0.0);
  double sum_den = std::accumulate(denominators.begin(), denominators.begin() + k, 0.0);
  result.mean = sum_num / sum_den;
  if (k < 2) {
    result.half_width = std::numeric_limits<double>::infinity();
    return result;
  }
  double squares = 0;
  for (size_t i = 0; i < k; ++i) {
    double residual = numerators[i] - result.mean * denominators[i];
    squares += residual * residual;
  }
  double mean_den = sum_den / k;
  double standard_error = std::sqrt(squares / (k - 1) / k) / mean_den;
  result.half_width = stats::t_quantile(0.975, static_cast<double>(k - 1)) * standard_error;
  return result;
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  return stats::quantile(std::move(values), std::clamp(p, 0.0, 100.0) / 100);
}

}  // namespace infergy::measure
