// runs plot and measure --plot: a stored run's figures (report::write_run_figures), with
// the TDP line from --tdp, --gpu NAME (the catalog) or the run's NVML device name.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "context.hpp"

namespace infergy::cli {

struct PlotArgs {
  std::string out_dir;
  std::optional<double> tdp_w;
  std::string gpu;  // a catalog GPU whose TDP to draw
};

// Writes the figures and returns a table of them (figure, svg, png).
Table plot_run(Context& ctx, int64_t run_id, const PlotArgs& args);

}  // namespace infergy::cli
