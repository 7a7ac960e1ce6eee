// Yang et al.'s figures (their Figs 2-9) from the measured setups: what each shows,
// computed once; drawn by yang_figures.cpp, written as CSV and Markdown here.
// Internal to report.
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "infergy/compare.hpp"
#include "infergy/compare_figures.hpp"
#include "infergy/report.hpp"

namespace infergy::report::detail {

struct YangPanel {
  const compare::SetupView* view = nullptr;
  std::vector<compare::ArchitectureCentre> centres;
  std::vector<compare::FrontierPoint> front;       // imagenet-original Pareto front
  std::optional<compare::DiminishingReturns> fit;  // the nested logarithm on it
  std::optional<compare::NaiveErrorSample> naive;  // fp32 peak, ptflops MACs
  std::optional<double> tdp_w;
};

struct YangStudy {
  compare::Analysis analysis;
  std::vector<YangPanel> panels;                       // one per measured setup
  const YangPanel* main = nullptr;                     // A100_TRT when present (the paper's)
  std::optional<compare::InputSizeEffect> input_size;  // of the main setup
  std::vector<compare::RuntimeComparison> runtimes;    // PyTorch -> other runtime, same GPU
  std::vector<compare::BatchSweep> sweeps;

  // The figures this study can draw, in order (Fig. 7 needs sweeps, 8 and 9 a pair).
  std::vector<FigureInfo> figures() const;
};

// REQUIRES: measured non-empty (compare::analyze throws InputError otherwise).
YangStudy compute_yang_study(const std::vector<compare::SetupView>& measured,
                             const std::vector<compare::BatchSweep>& sweeps,
                             const catalog::Catalog& catalog);

// Every figure's data as (file name, CSV text), named after the figure's stem.
std::vector<std::pair<std::string, std::string>> yang_data_files(const YangStudy& study);

// The gnuplot script drawing every figure of study.figures() into figures_dir.
std::string yang_figure_script(const YangStudy& study, const std::string& figures_dir);

// report.md's part on the figures: each with ours beside the paper's value.
std::string yang_figures_markdown(const YangStudy& study);

// The one-line figure information for the list of every figure (figures/index.json).
const std::vector<FigureInfo>& yang_figure_catalog();

}  // namespace infergy::report::detail
