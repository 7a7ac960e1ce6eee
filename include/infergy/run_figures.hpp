// Figures of one measured run (infergy runs plot, measure --plot), drawn by gnuplot like
// the report: energy per item with its 95% CI versus batch size, throughput and latency
// versus batch size, average power versus batch size with the GPU's TDP, and the power
// trace of each batch size when its samples were kept. Each as SVG and PNG.
// Usage: auto files = report::write_run_figures({run, batches, samples}, "figs", {});
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "infergy/runs.hpp"

namespace infergy::report {

struct RunFigureData {
  measure::RunRecord run;
  std::vector<measure::BatchResult> batches;
  std::vector<measure::StoredSample> samples;  // empty: no power trace figure
};

struct RunFigureOptions {
  std::string gnuplot = "gnuplot";
  std::optional<double> tdp_w;  // the TDP line on the power figure, when known
  std::string gpu;              // its name, for the line's label
};

// The stems written for a run: run<ID>_energy_per_item, run<ID>_throughput_latency,
// run<ID>_power and, with samples, run<ID>_power_trace.
std::vector<std::string> run_figure_stems(const RunFigureData& data);

// Writes the figures into out_dir (created if missing) and returns the files written.
// Throws InputError if the run has no completed batch size, Failure if gnuplot fails.
std::vector<std::string> write_run_figures(const RunFigureData& data, const std::string& out_dir,
                                           const RunFigureOptions& options = {});

}  // namespace infergy::report
