// Importers of published and measured results into the compared setups: Yang et al.'s
// files, timm's result tables, release dates, and infergy's own runs. Each validates
// everything first, then writes through the repository in one transaction; on bad
// input it throws InputError "file:line:column: ..." and leaves the store unchanged.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "infergy/compare_figures.hpp"
#include "infergy/runs.hpp"
#include "infergy/setup_repository.hpp"

namespace infergy::importers {

struct ImportSummary {
  std::vector<std::string> setups;    // setups created or replaced
  size_t measurements = 0;            // energy rows stored
  size_t skipped = 0;                 // rows without an energy (e.g. failed TensorRT builds)
  size_t models = 0;                  // per-model rows stored (accuracy/statistics)
  size_t accuracies = 0;              // (model, test set) accuracies stored
  std::vector<std::string> warnings;  // for the user: e.g. runs measured with a simulated sensor
};

// Imports a folder laid out like Yang et al.'s published data: <GPU>_<RUNTIME>.csv
// files (energy in mJ per image, stored as joules; rows with no energy skipped),
// model_accuracy.csv (eight test sets, url) and model_stats.csv (params, MACs from
// torchinfo and ptflops, activations). One setup per GPU x runtime file; A100 and
// H100 link to the catalog's "A100 PCIe 40GB" and "H100 PCIe 80GB". Re-importing replaces.
ImportSummary import_yang(compare::SetupRepository& setups, const std::string& dir);

// Imports one of timm's results-<test set>.csv files (model, img_size, top1, top5,
// param_count, ...). The test set comes from the file name (results-imagenet.csv ->
// "imagenet-original", results-imagenet-real.csv -> "imagenet-real", ...) unless
// `test_set` names it.
ImportSummary import_timm(compare::SetupRepository& setups, const std::string& file,
                          const std::optional<std::string>& test_set = {});

// Sets release dates for the yearly frontier from a CSV with columns model and
// release_date (ISO). A name without a pretrained tag ("resnet50") dates every
// tagged variant ("resnet50.a1_in1k"); `models` counts the model rows dated.
// Names that match nothing are counted in `skipped`.
ImportSummary import_model_dates(compare::SetupRepository& setups, const std::string& file);

// infergy's own measured runs as a setup: one model per run, at the run's most
// energy-efficient batch size (measure::most_efficient_batch).
struct MeasuredSetupRequest {
  std::string setup;  // setup name to create or replace
  std::vector<int64_t> run_ids;
  std::vector<std::string> names;      // model name per run; default: the model file's stem
  std::vector<double> accuracies_pct;  // optional, per run (imagenet-original top-1)
  std::string gpu;                     // catalog GPU name, if the runs were on one
  int input_px = 0;                    // image side; default: from each run's input shape
  // Per run where given (campaigns): 0 = input_px above; nullopt = no accuracy.
  std::vector<int> input_pxs = {};
  std::vector<std::optional<double>> optional_accuracies_pct = {};
};

// The image side a run fed its model (the last dimension of its recorded input shape),
// 0 when the run does not record one.
int run_input_px(const measure::RunRecord& run);

// Runs measured with a simulated sensor (sim:...) are imported with a warning each, and
// the setup's source says "SIMULATED sensor", so no one ranks them as real hardware.
// REQUIRES: every run is a complete `measure` run with at least one batch size.
// Throws InputError naming the run otherwise; stores nothing on error.
ImportSummary import_measured_runs(measure::RunRepository& runs, compare::SetupRepository& setups,
                                   const MeasuredSetupRequest& request);

// Every stored `measure` run with at least two completed batch sizes as a batch sweep
// (energy per item and throughput per batch size), for Yang et al.'s Fig. 7 in the report.
std::vector<compare::BatchSweep> batch_sweeps(measure::RunRepository& runs);

}  // namespace infergy::importers
