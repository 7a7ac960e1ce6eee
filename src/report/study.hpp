// Everything the report shows, computed once from the catalog (internal to report).
#pragma once
#include <map>
#include <string>
#include <vector>

#include "infergy/analysis.hpp"
#include "infergy/compare.hpp"
#include "infergy/estimate.hpp"
#include "infergy/report.hpp"

namespace infergy::report::detail {

struct Study {
  std::vector<analysis::ModelPoint> cv, nlp;
  std::vector<analysis::ModelPoint> cv_best, nlp_demanding;
  std::vector<analysis::TrendPoint> cv_average_gflop_count, cv_average_energy;
  std::vector<analysis::TrendPoint> nlp_average_gflop_count, nlp_average_energy;
  std::vector<analysis::ModelPoint> cv_pareto_gflop_count, cv_pareto_energy;
  std::vector<analysis::ModelPoint> nlp_pareto_gflop_count, nlp_pareto_energy;
  std::vector<analysis::GpuPoint> fp32, fp16, tensor, cnn_adapted, nlp_adapted;
  std::vector<estimate::AdaptedEfficiency> adapted_rows;
  std::vector<catalog::SpeedupRatio> printed_ratios;
  std::vector<std::string> series_ids;  // fitted series, figure order
  std::map<std::string, analysis::TrendSeries> series;
  analysis::ParamsFlopsCorrelation cnn_correlation, transformer_correlation;
  stats::LinearFit cnn_loglog, transformer_loglog;  // log10 GFLOPs on log10 params
  std::vector<analysis::ModelPoint> table1;
  analysis::HumanPower human;
  size_t gpu_rows = 0;

  const analysis::TrendSeries& fit(const std::string& id) const { return series.at(id); }
};

Study compute_study(const catalog::Catalog& catalog, const analysis::GpuFilter& gpus);

// Writes one gnuplot script drawing every figure as SVG and PNG into figures_dir.
std::string figure_script(const Study& study, const std::string& figures_dir);

// report.md's text: the trend study, then the measured study's section.
std::string markdown(const Study& study);
struct YangStudy;
// nullptr: no measured setup; the section says how to import one.
std::string measured_study_markdown(const YangStudy* study);

// The calibrated estimator's section (calibration.cpp): its evaluation on `measured`;
// without usable measurements, a line saying why and no figure.
struct CalibrationSection {
  std::string markdown;
  std::string figure_script;  // appended to the figures' script
  std::vector<std::pair<std::string, std::string>> data_files;
  std::vector<FigureInfo> figures;
};
CalibrationSection calibration_section(const std::vector<compare::SetupView>& measured,
                                       const catalog::Catalog& catalog,
                                       const std::string& figures_dir);

// data/*.csv: (file name, CSV text) pairs.
std::vector<std::pair<std::string, std::string>> data_files(const Study& study);

// "x1.23 per year" style summaries shared by the markdown and the figure legends.
std::string factor_text(const stats::ExponentialTrend& trend);
std::string doubling_text(const stats::ExponentialTrend& trend);

}  // namespace infergy::report::detail
