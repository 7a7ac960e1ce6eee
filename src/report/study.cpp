#include "study.hpp"

#include <cmath>

#include <fmt/format.h>

namespace infergy::report::detail {
namespace {

using analysis::Quantity;
using catalog::Domain;

stats::LinearFit loglog_fit(const std::vector<analysis::ModelPoint>& points,
                            const std::string& architecture) {
  std::vector<double> x, y;
  for (const auto& p : points) {
    if (p.architecture != architecture || !p.params_m) continue;
    x.push_back(std::log10(*p.params_m));
    y.push_back(std::log10(p.gflop_count));
  }
  return stats::linear_fit(x, y);
}

}  // namespace

Study compute_study(const catalog::Catalog& catalog, const analysis::GpuFilter& gpus) {
  Study s;
  s.cv = analysis::model_points(catalog, Domain::cv, {}, gpus);
  s.nlp = analysis::model_points(catalog, Domain::nlp, {}, gpus);
  s.cv_best = analysis::best_per_year(s.cv);
  s.nlp_demanding = analysis::most_demanding(s.nlp);
  s.cv_average_gflop_count = analysis::yearly_average(s.cv, Quantity::gflop_count);
  s.cv_average_energy = analysis::yearly_average(s.cv, Quantity::energy_j);
  s.nlp_average_gflop_count = analysis::yearly_average(s.nlp, Quantity::gflop_count);
  s.nlp_average_energy = analysis::yearly_average(s.nlp, Quantity::energy_j);
  s.cv_pareto_gflop_count = analysis::pareto_models(s.cv, Quantity::gflop_count);
  s.cv_pareto_energy = analysis::pareto_models(s.cv, Quantity::energy_j);
  s.nlp_pareto_gflop_count = analysis::pareto_models(s.nlp, Quantity::gflop_count);
  s.nlp_pareto_energy = analysis::pareto_models(s.nlp, Quantity::energy_j);
  s.fp32 = analysis::peak_efficiency_points(catalog, catalog::Precision::fp32, gpus);
  s.fp16 = analysis::peak_efficiency_points(catalog, catalog::Precision::fp16, gpus);
  s.tensor = analysis::peak_efficiency_points(catalog, catalog::Precision::fp16_tensor, gpus);
  s.gpu_rows = s.fp32.size() + s.fp16.size() + s.tensor.size();
  s.cnn_adapted = analysis::adapted_efficiency_points(catalog, Domain::cv, gpus);
  s.nlp_adapted = analysis::adapted_efficiency_points(catalog, Domain::nlp, gpus);
  s.adapted_rows = estimate::adapted_efficiencies(catalog);
  s.printed_ratios = catalog.speedup_ratios;
  analysis::TrendOptions options;
  options.gpus = gpus;
  for (const auto& info : analysis::series_catalog()) {
    if (info.id == "gpu-peak-gflops-per-watt") continue;  // same as the FP32 series
    s.series_ids.push_back(info.id);
    s.series.emplace(info.id, analysis::trend_series(catalog, info.id, options));
  }
  s.cnn_correlation = analysis::params_flops_correlation(catalog, "CNN");
  s.transformer_correlation = analysis::params_flops_correlation(catalog, "Transformer");
  s.cnn_loglog = loglog_fit(s.cv, "CNN");
  s.transformer_loglog = loglog_fit(s.cv, "Transformer");
  s.table1 = analysis::alexnet_like_models(catalog);
  s.human = analysis::human_power(catalog);
  return s;
}

std::string factor_text(const stats::ExponentialTrend& t) {
  return fmt::format("x{:.3g} per year [{:.3g}, {:.3g}]", t.factor_per_year, t.factor_ci_low,
                     t.factor_ci_high);
}

std::string doubling_text(const stats::ExponentialTrend& t) {
  auto bound = [](const std::optional<double>& b) {
    return b ? fmt::format("{:.3g}", *b) : std::string("unbounded");
  };
  return fmt::format("{} every {:.3g} years [{}, {}]", t.halving ? "halves" : "doubles",
                     t.doubling_years, bound(t.doubling_ci_low), bound(t.doubling_ci_high));
}

}  // namespace infergy::report::detail
