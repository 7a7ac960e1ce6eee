#include "runs_api.hpp"

#include <map>

namespace infergy::server {
namespace {

using nlohmann::json;

const json& sensor_provenance(const measure::RunRecord& run) {
  static const json none = json::object();
  auto it = run.provenance.find("sensor");
  return it != run.provenance.end() && it->is_object() ? *it : none;
}

// A simulated sensor says so in its provenance; older runs only by their spec ("sim:…").
bool simulated(const measure::RunRecord& run) {
  return sensor_provenance(run).value("simulated", false) || run.sensor.rfind("sim", 0) == 0;
}

// The samples of each batch size as two parallel arrays: a trace draws as one line.
json sample_series(const std::vector<measure::StoredSample>& samples) {
  std::map<int, json> by_batch;
  for (const auto& s : samples) {
    auto& series = by_batch[s.batch_size];
    if (series.is_null())
      series = {
          {"batch_size", s.batch_size}, {"time_s", json::array()}, {"power_w", json::array()}};
    series["time_s"].push_back(s.time_s);
    series["power_w"].push_back(s.power_w);
  }
  json out = json::array();
  for (auto& [batch_size, series] : by_batch) out.push_back(std::move(series));
  return out;
}

}  // namespace

json run_summary_json(const RunView& view) {
  const auto& run = view.run;
  json batch_sizes = json::array();
  for (const auto& b : view.batches) batch_sizes.push_back(b.batch_size);
  const int best = view.best_batch_size;
  json best_energy = nullptr;
  for (const auto& b : view.batches) {
    if (b.batch_size == best) best_energy = b.energy_per_item_j;
  }
  return {{"run_id", run.id},
          {"kind", run.kind},
          {"workload", run.workload},
          {"device", sensor_provenance(run).value("device", "")},
          {"sensor", run.sensor},
          {"simulated", simulated(run)},
          {"protocol", run.settings.value("protocol", "")},
          {"started_at", run.started_at},
          {"ended_at", run.ended_at},
          {"status", run.status},
          {"batch_sizes", batch_sizes},
          {"best_batch_size", best > 0 ? json(best) : json(nullptr)},
          {"best_energy_per_item_j", best_energy},
          {"samples_kept", !view.samples.empty()}};
}

json run_json(const RunView& view, const std::optional<GpuTdp>& gpu) {
  json out = run_summary_json(view);
  out["status_reason"] = view.run.status_reason;
  out["idle_power_w"] = view.run.idle_power_w ? json(*view.run.idle_power_w) : json(nullptr);
  out["settings"] = view.run.settings;
  out["provenance"] = view.run.provenance;
  json batches = json::array();
  for (const auto& b : view.batches) batches.push_back(b.to_json());
  out["batches"] = std::move(batches);
  if (gpu) {
    out["tdp"] = {{"gpu", gpu->name}, {"tdp_w", gpu->tdp_w}, {"source", "query"}};
  } else if (view.tdp_w) {
    out["tdp"] = {{"gpu", view.gpu}, {"tdp_w", *view.tdp_w}, {"source", "run"}};
  } else {
    out["tdp"] = nullptr;
  }
  out["samples"] = sample_series(view.samples);
  return out;
}

}  // namespace infergy::server
