// The report of both studies: report.md with the trend study's fitted numbers beside
// the paper's (Desislavov et al.) and the measured study's analyses and figures (Yang et
// al.), data/*.csv with each figure's data, figures/*.svg and .png drawn by gnuplot, and
// figures/index.json listing them (the explorer's Trends page reads it).
// write_report is a plain library call on data the caller has read from the store.
// Not thread-safe for the same out_dir.
#pragma once
#include <string>
#include <vector>

#include "infergy/analysis.hpp"
#include "infergy/catalog.hpp"
#include "infergy/compare.hpp"
#include "infergy/compare_figures.hpp"

namespace infergy::report {

// One figure of a study, under a stable file stem ("fig01_params_vs_flops",
// "yang_fig06_naive_error"); `number` is the figure's number in its paper.
struct FigureInfo {
  int number = 0;
  std::string stem;
  std::string title;
  std::string study;           // "Desislavov et al. 2023" or "Yang et al. 2024"
  std::string caption;         // what it shows, one or two sentences
  std::string data_file = {};  // under data/; empty: STEM.csv
};

// The trend study's Figs 1-14 in order. File names are stable: other modules link to them.
const std::vector<FigureInfo>& figures();

// Yang et al.'s Figs 2-9, the ones the report draws when a measured setup is in the
// store (Fig. 7 needs infergy's own runs; Figs 8-9 a PyTorch and a TensorRT setup of
// one GPU). Also under stable stems.
const std::vector<FigureInfo>& measured_figures();

struct ReportOptions {
  analysis::GpuFilter gpus;         // default: the paper's GPU rows only
  std::string gnuplot = "gnuplot";  // executable, looked up on PATH
  bool draw_figures = true;         // false: report.md and CSVs only
};

struct ReportFiles {
  std::string report_md;
  std::string figure_index;  // figures/index.json: every figure drawn, its title and data
  std::vector<std::string> data_files;
  std::vector<std::string> figure_files;  // .svg and .png
};

struct ReportInputs {
  catalog::Catalog catalog;
  std::vector<compare::SetupView> measured;  // measured setups; none: the section says so
  std::vector<compare::BatchSweep> sweeps;   // infergy's own runs, for Yang et al.'s Fig. 7
};

// Writes the report under out_dir (created if missing; existing files of the same
// names are replaced). Throws Failure if a file cannot be written or gnuplot fails,
// InputError if the catalog lacks what a figure needs.
ReportFiles write_report(const ReportInputs& inputs, const std::string& out_dir,
                         const ReportOptions& options = {});

}  // namespace infergy::report
