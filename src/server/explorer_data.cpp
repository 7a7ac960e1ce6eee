// Reads the compared setups into the explorer's view.
#include "infergy/calibrate.hpp"
#include "infergy/error.hpp"
#include "infergy/server.hpp"

namespace infergy::server {

ExplorerData load_explorer_data(compare::SetupRepository& setups, const catalog::Catalog& catalog) {
  ExplorerData data;
  for (const auto& setup : compare::list_setups(setups, catalog)) {
    data.setups.push_back(compare::load_setup(setups, catalog, setup.name));
  }
  return data;
}

size_t add_calibrated_setups(ExplorerData& data, calibrate::CalibrationRepository& calibrations,
                             const catalog::Catalog& catalog) {
  const auto stored = calibrations.latest();
  if (!stored) return 0;
  const auto estimator = calibrate::estimator_from_json(stored->estimator);
  for (const auto& setup : estimator.setups) {
    data.setups.push_back(calibrate::calibrated_setup(estimator, catalog, setup));
  }
  return estimator.setups.size();
}

}  // namespace infergy::server

namespace infergy::server {
namespace {

// The run's GPU in the catalog, as `runs plot` finds it: the NVML device it measured.
void find_tdp(RunView& view, const catalog::Catalog& catalog) {
  const std::string device = view.run.nvml_device();
  if (device.empty()) return;
  try {
    view.tdp_w = catalog.find_gpu(device, catalog::Precision::fp32).tdp_w;
    view.gpu = device;
  } catch (const InputError&) {
    // Not in the catalog: no TDP line, as `runs plot` without --tdp.
  }
}

}  // namespace

void add_runs(ExplorerData& data, measure::RunRepository& runs, const catalog::Catalog& catalog) {
  for (auto& record : runs.list()) {
    RunView view;
    view.batches = runs.batches(record.id);
    view.samples = runs.samples(record.id);
    view.best_batch_size = measure::most_efficient_batch(view.batches);
    view.run = std::move(record);
    find_tdp(view, catalog);
    data.runs.push_back(std::move(view));
  }
  // One TDP per GPU: a GPU's rows (one per precision) share the board's TDP.
  for (const auto& name : catalog.gpu_names()) {
    auto rows = catalog.gpu_rows(name);
    if (!rows.empty()) data.gpus.push_back({name, rows.front()->tdp_w});
  }
}

}  // namespace infergy::server
