// Figs 7-8: GPU efficiency (GFLOPS/W) over launch dates.
#include <algorithm>

#include "filters.hpp"
#include "infergy/estimate.hpp"
#include "infergy/units.hpp"

namespace infergy::analysis {

const std::vector<std::string>& table9_omitted_fp32_gpus() {
  static const std::vector<std::string> names = {"Tesla P100", "A100", "A30"};
  return names;
}

std::vector<GpuPoint> peak_efficiency_points(const catalog::Catalog& catalog,
                                             catalog::Precision precision,
                                             const GpuFilter& filter) {
  std::vector<GpuPoint> points;
  for (const auto& gpu : catalog.gpus) {
    if (gpu.precision != precision || !detail::accepts(filter, gpu)) continue;
    points.push_back({gpu.name, catalog::paper_label(precision), gpu.launch_date,
                      fractional_year(gpu.launch_date), units::to_giga(gpu.flop_per_joule())});
  }
  std::stable_sort(points.begin(), points.end(),
                   [](const GpuPoint& a, const GpuPoint& b) { return a.year < b.year; });
  return points;
}

namespace {

bool omitted_from_table9(const std::string& name) {
  const auto& omitted = table9_omitted_fp32_gpus();
  return std::find(omitted.begin(), omitted.end(), name) != omitted.end();
}

std::string mode_label(const std::string& mode) {
  if (mode == "mixed") return "Mixed";
  if (mode == "tf32") return "TF32";
  return mode;
}

}  // namespace

std::vector<GpuPoint> adapted_efficiency_points(const catalog::Catalog& catalog,
                                                catalog::Domain task, const GpuFilter& filter) {
  std::vector<GpuPoint> points;
  for (const auto& p : peak_efficiency_points(catalog, catalog::Precision::fp32, filter)) {
    if (!omitted_from_table9(p.name)) points.push_back(p);
  }
  for (const auto& row : estimate::adapted_efficiencies(catalog)) {
    if (row.task != task || !detail::in_range(row.launch_date, filter.from, filter.until)) continue;
    points.push_back({row.gpu, mode_label(row.precision), row.launch_date,
                      fractional_year(row.launch_date), row.gflop_per_joule()});
  }
  std::stable_sort(points.begin(), points.end(),
                   [](const GpuPoint& a, const GpuPoint& b) { return a.year < b.year; });
  return points;
}

stats::ExponentialTrend adapted_efficiency_trend(const catalog::Catalog& catalog,
                                                 catalog::Domain task, const GpuFilter& filter) {
  auto points = adapted_efficiency_points(catalog, task, filter);
  detail::require_points(points.size(), "adapted GPU efficiency");
  std::vector<double> years, values;
  for (const auto& p : points) {
    years.push_back(p.year);
    values.push_back(p.gflop_per_joule);
  }
  return stats::exponential_trend(years, values);
}

}  // namespace infergy::analysis
