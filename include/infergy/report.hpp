// The report of both studies: report.md with the trend study's fitted numbers beside
// the paper's (Desislavov et al.) and the measured study's analyses (Yang et al.),
// data/*.csv with each figure's data, and figures/figNN_*.svg and .png drawn by gnuplot.
// write_report is a plain library call on data the caller has read from the store.
// Not thread-safe for the same out_dir.
#pragma once
#include <string>
#include <vector>

#include "infergy/analysis.hpp"
#include "infergy/catalog.hpp"
#include "infergy/compare.hpp"

namespace infergy::report {

// One figure of the paper, under a stable file stem ("fig01_params_vs_flops").
struct FigureInfo {
  int number = 0;
  std::string stem;
  std::string title;
};

// Figs 1-14 in order. File names are stable: other modules link to them.
const std::vector<FigureInfo>& figures();

struct ReportOptions {
  analysis::GpuFilter gpus;         // default: the paper's GPU rows only
  std::string gnuplot = "gnuplot";  // executable, looked up on PATH
  bool draw_figures = true;         // false: report.md and CSVs only
};

struct ReportFiles {
  std::string report_md;
  std::vector<std::string> data_files;
  std::vector<std::string> figure_files;  // .svg and .png
};

struct ReportInputs {
  catalog::Catalog catalog;
  std::vector<compare::SetupView> measured;  // measured setups; none: the section says so
};

// Writes the report under out_dir (created if missing; existing files of the same
// names are replaced). Throws Failure if a file cannot be written or gnuplot fails,
// InputError if the catalog lacks what a figure needs.
ReportFiles write_report(const ReportInputs& inputs, const std::string& out_dir,
                         const ReportOptions& options = {});

}  // namespace infergy::report
