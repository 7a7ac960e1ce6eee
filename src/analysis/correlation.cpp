// Fig. 1 (parameters vs FLOPs) and Table 1 (models with AlexNet-like FLOPs).
#include <algorithm>
#include <cmath>
#include <set>

#include "filters.hpp"
#include "infergy/error.hpp"

namespace infergy::analysis {
namespace {

std::optional<double> paper_correlation(const std::string& architecture) {
  auto a = detail::lower(architecture);
  if (a == "cnn") return 0.772;
  if (a == "transformer") return 0.994;
  return std::nullopt;
}

std::vector<double> log10_of(const std::vector<double>& v) {
  std::vector<double> out;
  out.reserve(v.size());
  for (double x : v) out.push_back(std::log10(x));
  return out;
}

}  // namespace

ParamsFlopsCorrelation params_flops_correlation(const catalog::Catalog& catalog,
                                                const std::string& architecture) {
  ParamsFlopsCorrelation c;
  c.architecture = architecture;
  c.paper_r = paper_correlation(architecture);
  std::vector<double> params, gflop_counts, distinct_params, distinct_gflop_counts;
  std::set<std::pair<double, double>> seen;
  for (const auto& m : catalog.models) {
    if (m.domain != catalog::Domain::cv || !m.params_m) continue;
    if (detail::lower(m.architecture) != detail::lower(architecture)) continue;
    params.push_back(*m.params_m);
    gflop_counts.push_back(m.gflop_count());
    if (seen.insert({*m.params_m, m.gflop_count()}).second) {
      distinct_params.push_back(*m.params_m);
      distinct_gflop_counts.push_back(m.gflop_count());
    }
  }
  if (distinct_params.size() < 3) {
    throw InputError("architecture '" + architecture +
                     "' has fewer than 3 CV models with "
                     "parameters and GFLOPs");
  }
  c.rows = params.size();
  c.distinct_points = distinct_params.size();
  c.pearson = stats::pearson(distinct_params, distinct_gflop_counts);
  c.pearson_rows = stats::pearson(params, gflop_counts);
  c.pearson_log = stats::pearson(log10_of(distinct_params), log10_of(distinct_gflop_counts));
  c.spearman = stats::spearman(distinct_params, distinct_gflop_counts);
  return c;
}

std::vector<ModelPoint> alexnet_like_models(const catalog::Catalog& catalog, double max_ratio) {
  const auto& alexnet = catalog.find_model("AlexNet");
  auto points = model_points(catalog, catalog::Domain::cv);
  const double reference = std::log(alexnet.gflop_count());
  const double band = std::log(max_ratio);
  auto distance = [&](const ModelPoint& p) {
    return std::abs(std::log(p.gflop_count) - reference);
  };
  std::vector<ModelPoint> rows;
  double best_accuracy = -1;
  std::set<int> years;
  for (const auto& p : points) years.insert(p.release_date.year);
  for (int year : years) {
    // Candidates of this year, closest to AlexNet's FLOPs first; one per extra-data kind.
    std::vector<const ModelPoint*> candidates;
    for (const auto& p : points) {
      if (p.release_date.year == year && p.accuracy_pct && distance(p) <= band) {
        candidates.push_back(&p);
      }
    }
    std::stable_sort(candidates.begin(), candidates.end(),
                     [&](auto* a, auto* b) { return distance(*a) < distance(*b); });
    double year_best = best_accuracy;
    for (bool extra : {false, true}) {
      for (const auto* p : candidates) {
        if (p->extra_data.empty() == extra) continue;
        if (*p->accuracy_pct > best_accuracy) {
          rows.push_back(*p);
          year_best = std::max(year_best, *p->accuracy_pct);
        }
        break;
      }
    }
    best_accuracy = year_best;
  }
  return rows;
}

}  // namespace infergy::analysis
