// Turns infergy's own measured runs into a comparison setup (issue 4's "infergy's own
// measurements"): one model per run, at the run's most energy-efficient batch size.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "infergy/compare.hpp"
#include "infergy/store.hpp"

namespace infergy::cli {

struct MeasuredSetupRequest {
  std::string setup;  // setup name to create or replace
  std::vector<int64_t> run_ids;
  std::vector<std::string> names;      // model name per run; default: the model file's stem
  std::vector<double> accuracies_pct;  // optional, per run (imagenet-original top-1)
  std::string gpu;                     // catalog GPU name, if the runs were on one
  int input_px = 0;                    // image side; default: from each run's --input-shape
};

// REQUIRES: every run is a complete `measure` run with at least one batch size.
// Throws InputError naming the run otherwise; stores nothing on error.
compare::ImportSummary import_measured_setup(Store& store, const MeasuredSetupRequest& request);

}  // namespace infergy::cli
