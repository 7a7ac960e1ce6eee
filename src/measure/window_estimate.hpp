// Energy per item of a batch size's window of repetitions, with its 95% CI: what the
// adaptive stopping rule watches and what a batch result reports. Private to measure.
//
// Two things make a short window's figure uncertain, and the CI covers both:
//  - the sensor's resolution at the window's two edges. A counter that steps every
//    update period (NVML: ~0.1 s) is exact at its steps, so when the samples show the
//    steps, the window runs from the first step after the first repetition starts to
//    the last step before the last one ends ("snapped"), and the items in it are
//    counted pro rata of each repetition's time inside;
//  - the variation of the load itself, seen as the spread of consecutive blocks of
//    the window. A load that repeats exactly with a period of whole counter intervals
//    (found in the energy per interval: autocorrelation >= 0.8 at the period and as high
//    at twice it) gets blocks of whole periods, and the window is cut to whole blocks,
//    so the periodic part cancels inside every block instead of showing as spread.
//    Otherwise block errors that telescope (a periodic load's phase at the block
//    edges) cancel in the total: when the block residuals' lag-1 autocorrelation is
//    clearly negative (< -0.45 over >= 12 blocks), the variance of the total is estimated
//    with it (Newey-West, lag 1, weight 1), floored at one block's variance; otherwise
//    it is the plain ratio estimator's. Random variation keeps its full weight, edge
//    effects are not counted once per block;
//  - snapped edges are placed to within the sampling interval dt: (P dt)^2 / 12 per edge
//    is added to the variance of the total.
#pragma once
#include <cstddef>
#include <optional>
#include <vector>

#include "infergy/measure.hpp"

namespace infergy::measure {

struct RepSpan {
  double start_s, end_s;
};

struct WindowEstimate {
  double energy_per_item_j = 0;
  double half_width_j = 0;  // 95%; infinity with fewer than two blocks
  size_t blocks = 0;
  double start_s = 0, end_s = 0;  // the window the figure covers
  double energy_j = 0, items = 0;
  bool snapped = false;            // edges at the counter's steps
  std::optional<double> period_s;  // a periodic load's period, when one was found
  double ci_fraction() const {
    return energy_per_item_j > 0 ? half_width_j / energy_per_item_j : 0;
  }
};

struct WindowEstimateOptions {
  int batch_size = 1;
  std::optional<double> subtract_power_w;  // idle power to take off, if asked
  double min_block_updates = 2;            // a block spans at least this many updates
  double min_block_s = 0.05;               // and at least this long
  size_t max_blocks = 64;                  // blocks grow as the window grows
};

// REQUIRES: reps sorted and not overlapping; samples sorted by time and covering the reps.
WindowEstimate estimate_window(const std::vector<Sample>& samples, const std::vector<RepSpan>& reps,
                               const power::Capabilities& caps,
                               const WindowEstimateOptions& options);

// The ratio sum(energies) / sum(items) and its 95% CI as described above; edge_variance_j2
// is added to the variance of the total energy (the timing resolution of snapped edges).
MeanCi telescoping_ratio_ci95(const std::vector<double>& energies, const std::vector<double>& items,
                              double edge_variance_j2 = 0);

}  // namespace infergy::measure
