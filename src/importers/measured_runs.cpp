// infergy's own measured runs as a setup: one model per run at its most efficient batch size.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "infergy/error.hpp"
#include "infergy/importers.hpp"

namespace infergy::importers {
namespace {

std::optional<double> positive_or_none(double value) {
  return value > 0 ? std::optional<double>(value) : std::nullopt;
}

void check_accuracy(const compare::MeasurementRow& m) {
  if (m.accuracy_pct && !(*m.accuracy_pct >= 0 && *m.accuracy_pct <= 100)) {
    throw InputError(fmt::format("measured model '{}': accuracy must be in [0, 100]", m.model));
  }
}

bool simulated_sensor(const measure::RunRecord& run) {
  const auto& sensor = run.provenance.value("sensor", nlohmann::json::object());
  return run.sensor.rfind("sim:", 0) == 0 ||
         (sensor.is_object() && sensor.value("simulated", false));
}

compare::MeasurementRow to_row(measure::RunRepository& runs, int64_t id, const std::string& name,
                               int input_px, ImportSummary& summary) {
  auto run = runs.get(id);
  if (run.kind != "measure" || run.status != "complete") {
    throw InputError(
        fmt::format("run {} is a {} run with status {}; only complete 'measure' runs "
                    "can form a setup",
                    id, run.kind, run.status));
  }
  auto batches = runs.batches(id);
  int best_size = measure::most_efficient_batch(batches);
  auto best = std::find_if(batches.begin(), batches.end(), [&](const measure::BatchResult& b) {
    return b.batch_size == best_size;
  });
  if (best == batches.end())
    throw InputError(fmt::format("run {} has no completed batch size", id));
  compare::MeasurementRow m;
  m.model = name.empty() ? std::filesystem::path(run.workload).stem().string() : name;
  m.input_px = input_px > 0 ? input_px : run_input_px(run);
  if (m.input_px <= 0) {
    throw InputError(fmt::format("run {} does not record its input size; give --input-px", id));
  }
  if (!(best->energy_per_item_j > 0) || !std::isfinite(best->energy_per_item_j)) {
    throw InputError(fmt::format("run {}: energy per item is not a positive number of joules", id));
  }
  if (simulated_sensor(run)) {
    summary.warnings.push_back(fmt::format(
        "run {} used a simulated sensor ({}): its energy is not a measurement; the setup is "
        "marked as simulated",
        id, run.sensor));
  }
  m.energy_j = best->energy_per_item_j;
  m.throughput_items_per_s = positive_or_none(best->throughput_items_per_s);
  m.latency_s = positive_or_none(best->latency_mean_s);
  m.batch_size = best->batch_size;
  m.max_batch_size = batches.back().batch_size;
  return m;
}

void check_request(const MeasuredSetupRequest& r) {
  if (r.setup.empty()) throw InputError("a setup needs a name");
  if (r.run_ids.empty()) throw InputError("give at least one run id (see 'infergy runs list')");
  if (!r.names.empty() && r.names.size() != r.run_ids.size()) {
    throw InputError("give one --name per run, or none");
  }
  if (!r.accuracies_pct.empty() && r.accuracies_pct.size() != r.run_ids.size()) {
    throw InputError("give one --accuracy per run, or none");
  }
  if ((!r.input_pxs.empty() && r.input_pxs.size() != r.run_ids.size()) ||
      (!r.optional_accuracies_pct.empty() &&
       r.optional_accuracies_pct.size() != r.run_ids.size())) {
    throw InputError("give per-run input sizes and accuracies for every run, or none");
  }
}

}  // namespace

// The workload's provenance records the shape actually fed to the model.
int run_input_px(const measure::RunRecord& run) {
  const auto& workload = run.provenance.value("workload", nlohmann::json::object());
  const auto& shape = workload.value("input_shape", nlohmann::json::array());
  if (!shape.is_array() || shape.empty() || !shape.back().is_number_integer()) return 0;
  return shape.back().get<int>();
}

ImportSummary import_measured_runs(measure::RunRepository& runs, compare::SetupRepository& setups,
                                   const MeasuredSetupRequest& r) {
  check_request(r);
  ImportSummary summary;
  compare::SetupImport::SetupRows setup;
  std::set<std::pair<std::string, int>> seen;
  std::string ids;
  for (size_t i = 0; i < r.run_ids.size(); ++i) {
    int px = r.input_pxs.empty() || r.input_pxs[i] <= 0 ? r.input_px : r.input_pxs[i];
    auto row = to_row(runs, r.run_ids[i], r.names.empty() ? "" : r.names[i], px, summary);
    if (!r.accuracies_pct.empty()) row.accuracy_pct = r.accuracies_pct[i];
    if (!r.optional_accuracies_pct.empty()) row.accuracy_pct = r.optional_accuracies_pct[i];
    check_accuracy(row);
    if (!seen.insert({row.model, row.input_px}).second) {
      throw InputError(
          fmt::format("measured model '{}' at {} px given twice", row.model, row.input_px));
    }
    setup.rows.push_back(std::move(row));
    ids += (ids.empty() ? "" : ",") + std::to_string(r.run_ids[i]);
  }
  setup.setup.name = r.setup;
  setup.setup.gpu = r.gpu;
  setup.setup.runtime = "infergy measure";
  setup.setup.source = "infergy measurement (most efficient batch size of each run)";
  if (!summary.warnings.empty()) {
    setup.setup.source = "SIMULATED sensor, not a real measurement: " + setup.setup.source;
  }
  setup.setup.origin = "runs:" + ids;
  setup.setup.imported_at = utc_now_iso();
  compare::SetupImport import;
  import.setups.push_back(std::move(setup));
  setups.apply(import);
  summary.setups = {r.setup};
  summary.measurements = import.setups.front().rows.size();
  return summary;
}

std::vector<compare::BatchSweep> batch_sweeps(measure::RunRepository& runs) {
  std::vector<compare::BatchSweep> sweeps;
  for (const auto& run : runs.list()) {
    if (run.kind != "measure") continue;
    auto batches = runs.batches(run.id);
    if (batches.size() < 2) continue;
    compare::BatchSweep sweep;
    sweep.label = fmt::format("run {}: {} ({})", run.id,
                              std::filesystem::path(run.workload).filename().string(), run.sensor);
    for (const auto& b : batches) {
      sweep.points.push_back({b.batch_size, b.energy_per_item_j, b.throughput_items_per_s,
                              b.latency_mean_s, b.avg_power_w});
    }
    sweeps.push_back(std::move(sweep));
  }
  return sweeps;
}

}  // namespace infergy::importers
