#include "measured_setup.hpp"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "infergy/error.hpp"
#include "infergy/runs.hpp"

namespace infergy::cli {
namespace {

// The last dimension of the input shape the run used (the image side), 0 when unknown:
// the workload's provenance records the shape actually fed to the model.
int input_px_of(const measure::RunRecord& run) {
  const auto& workload = run.provenance.value("workload", nlohmann::json::object());
  const auto& shape = workload.value("input_shape", nlohmann::json::array());
  if (!shape.is_array() || shape.empty() || !shape.back().is_number_integer()) return 0;
  return shape.back().get<int>();
}

compare::MeasuredModel to_model(measure::RunStore& runs, int64_t id, const std::string& name,
                                int input_px) {
  auto run = runs.get(id);
  if (run.kind != "measure" || run.status != "complete") {
    throw InputError(
        fmt::format("run {} is a {} run with status {}; only complete 'measure' runs "
                    "can form a setup",
                    id, run.kind, run.status));
  }
  auto batches = runs.batches(id);
  if (batches.empty()) throw InputError(fmt::format("run {} has no completed batch size", id));
  const auto& best = *std::min_element(batches.begin(), batches.end(), [](auto& a, auto& b) {
    return a.energy_per_item_j < b.energy_per_item_j;
  });
  compare::MeasuredModel m;
  m.model = name.empty() ? std::filesystem::path(run.workload).stem().string() : name;
  m.input_px = input_px > 0 ? input_px : input_px_of(run);
  if (m.input_px <= 0) {
    throw InputError(fmt::format("run {} does not record its input size; give --input-px", id));
  }
  m.energy_j = best.energy_per_item_j;
  m.throughput_items_per_s = best.throughput_items_per_s;
  m.latency_s = best.latency_mean_s;
  m.batch_size = best.batch_size;
  m.max_batch_size = batches.back().batch_size;
  return m;
}

}  // namespace

compare::ImportSummary import_measured_setup(Store& store, const MeasuredSetupRequest& r) {
  if (r.run_ids.empty()) throw InputError("give at least one run id (see 'infergy runs list')");
  if (!r.names.empty() && r.names.size() != r.run_ids.size()) {
    throw InputError("give one --name per run, or none");
  }
  if (!r.accuracies_pct.empty() && r.accuracies_pct.size() != r.run_ids.size()) {
    throw InputError("give one --accuracy per run, or none");
  }
  measure::RunStore runs(store.database());
  std::vector<compare::MeasuredModel> models;
  std::string ids;
  for (size_t i = 0; i < r.run_ids.size(); ++i) {
    models.push_back(to_model(runs, r.run_ids[i], r.names.empty() ? "" : r.names[i], r.input_px));
    if (!r.accuracies_pct.empty()) models.back().accuracy_pct = r.accuracies_pct[i];
    ids += (ids.empty() ? "" : ",") + std::to_string(r.run_ids[i]);
  }
  compare::Setup setup;
  setup.name = r.setup;
  setup.gpu = r.gpu;
  setup.runtime = "infergy measure";
  setup.source = "infergy measurement (most efficient batch size of each run)";
  setup.origin = "runs:" + ids;
  return compare::import_measured_runs(store, setup, models);
}

}  // namespace infergy::cli
