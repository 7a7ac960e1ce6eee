// Model compute and energy per forward pass (Figs 2-6, 9-12).
#include <algorithm>
#include <cmath>
#include <map>

#include "filters.hpp"
#include "infergy/error.hpp"
#include "infergy/units.hpp"

namespace infergy::analysis {
namespace {

// 10^(log10 fit at year): evaluated in log space, as the intercept at year 0 is tiny.
double trend_value(const stats::ExponentialTrend& trend, double year) {
  return std::pow(10.0, trend.log10_fit.predict(year));
}

double efficiency_at(const stats::ExponentialTrend& trend, double year) {
  return trend_value(trend, year);
}

ModelPoint to_point(const catalog::Model& m, const stats::ExponentialTrend& efficiency) {
  ModelPoint p;
  p.name = m.display_name();
  p.domain = m.domain;
  p.architecture = m.architecture;
  p.extra_data = m.extra_data;
  p.release_date = m.release_date;
  p.year = fractional_year(m.release_date);
  p.accuracy_pct = m.accuracy_pct;
  p.params_m = m.params_m;
  p.gflop_count = m.gflop_count();
  p.input_tokens = m.input_tokens;
  p.energy_j = m.flop_count() / units::from_giga(efficiency_at(efficiency, p.year));
  return p;
}

bool earlier(const ModelPoint& a, const ModelPoint& b) { return a.year < b.year; }

}  // namespace

PaperEnergy paper_energy(const catalog::Catalog& catalog, const catalog::Model& model,
                         const GpuFilter& gpus) {
  auto trend = adapted_efficiency_trend(catalog, model.domain, gpus);
  PaperEnergy e;
  e.year = fractional_year(model.release_date);
  e.gflop_per_joule = efficiency_at(trend, e.year);
  e.flop_per_joule = units::from_giga(e.gflop_per_joule);
  e.energy_j = model.flop_count() / e.flop_per_joule;
  return e;
}

std::vector<ModelPoint> model_points(const catalog::Catalog& catalog, catalog::Domain domain,
                                     const ModelFilter& filter, const GpuFilter& gpus) {
  auto efficiency = adapted_efficiency_trend(catalog, domain, gpus);
  std::vector<ModelPoint> points;
  for (const auto& m : catalog.models) {
    if (m.domain == domain && detail::accepts(filter, m)) points.push_back(to_point(m, efficiency));
  }
  std::stable_sort(points.begin(), points.end(), earlier);
  return points;
}

std::vector<ModelPoint> best_per_year(const std::vector<ModelPoint>& points) {
  std::map<int, const ModelPoint*> best;
  for (const auto& p : points) {
    if (!p.accuracy_pct) continue;
    auto& slot = best[p.release_date.year];
    if (!slot || *p.accuracy_pct > *slot->accuracy_pct) slot = &p;
  }
  std::vector<ModelPoint> out;
  out.reserve(best.size());
  for (const auto& [year, p] : best) out.push_back(*p);
  return out;
}

std::vector<ModelPoint> most_demanding(const std::vector<ModelPoint>& points) {
  auto sorted = points;
  std::stable_sort(sorted.begin(), sorted.end(), earlier);
  std::vector<ModelPoint> out;
  double record = 0;
  for (const auto& p : sorted) {
    if (p.gflop_count > record) {
      out.push_back(p);
      record = p.gflop_count;
    }
  }
  return out;
}

std::vector<TrendPoint> yearly_average(const std::vector<ModelPoint>& points, Quantity quantity) {
  std::map<int, std::pair<double, int>> sums;
  for (const auto& p : points) {
    auto& [sum, n] = sums[p.release_date.year];
    sum += quantity == Quantity::gflop_count ? p.gflop_count : p.energy_j;
    n += 1;
  }
  std::vector<TrendPoint> out;
  out.reserve(sums.size());
  for (const auto& [year, s] : sums) {
    out.push_back({std::to_string(year) + " (" + std::to_string(s.second) + " models)", year + 0.5,
                   s.first / s.second});
  }
  return out;
}

std::vector<ModelPoint> pareto_models(const std::vector<ModelPoint>& points, Quantity quantity) {
  std::vector<const ModelPoint*> rated;
  std::vector<double> cost, value;
  for (const auto& p : points) {
    if (!p.accuracy_pct) continue;
    rated.push_back(&p);
    cost.push_back(quantity == Quantity::gflop_count ? p.gflop_count : p.energy_j);
    value.push_back(*p.accuracy_pct);
  }
  std::vector<ModelPoint> out;
  if (rated.empty()) return out;
  for (size_t i : stats::pareto_front(cost, value)) out.push_back(*rated[i]);
  return out;
}

}  // namespace infergy::analysis
