#include "infergy/store.hpp"

namespace infergy {

// Append only: never edit a migration that has shipped.
const std::vector<Migration>& migrations() {
  static const std::vector<Migration> all = {
      {1, "catalog tables",
       R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE models(
  name TEXT NOT NULL, domain TEXT NOT NULL CHECK(domain IN ('cv','nlp')),
  extra_data TEXT NOT NULL DEFAULT '', architecture TEXT NOT NULL DEFAULT '',
  release_date TEXT NOT NULL, accuracy_pct REAL, accuracy_metric TEXT NOT NULL DEFAULT '',
  accuracy_source TEXT NOT NULL DEFAULT '', accuracy_flags TEXT NOT NULL DEFAULT '',
  params_m REAL, params_source TEXT NOT NULL DEFAULT '', params_flags TEXT NOT NULL DEFAULT '',
  compute REAL NOT NULL CHECK(compute >= 0),
  compute_unit TEXT NOT NULL CHECK(compute_unit IN ('GFLOPs','GMACs')),
  compute_source TEXT NOT NULL DEFAULT '', compute_flags TEXT NOT NULL DEFAULT '',
  input_tokens INTEGER, citation TEXT NOT NULL DEFAULT '', source TEXT NOT NULL,
  origin TEXT NOT NULL,
  UNIQUE(domain, name, extra_data));
CREATE TABLE gpus(
  name TEXT NOT NULL, precision TEXT NOT NULL, peak_tflops REAL NOT NULL CHECK(peak_tflops > 0),
  tdp_w REAL NOT NULL CHECK(tdp_w > 0), launch_date TEXT NOT NULL, type TEXT NOT NULL DEFAULT '',
  printed_gflops_per_watt REAL, source TEXT NOT NULL, origin TEXT NOT NULL,
  UNIQUE(name, precision));
CREATE TABLE throughputs(
  task TEXT NOT NULL, model TEXT NOT NULL, framework TEXT NOT NULL, batch_size INTEGER NOT NULL,
  gpu_as_printed TEXT NOT NULL DEFAULT '', gpu TEXT NOT NULL, precision TEXT NOT NULL,
  reference_gpu TEXT NOT NULL, throughput_items_per_s REAL NOT NULL, printed_speedup REAL,
  source TEXT NOT NULL, origin TEXT NOT NULL,
  UNIQUE(task, model, framework, gpu_as_printed, precision));
CREATE TABLE speedup_ratios(
  gpu TEXT NOT NULL, precision TEXT NOT NULL, reference TEXT NOT NULL DEFAULT '',
  printed_cv_ratio REAL NOT NULL, printed_nlp_ratio REAL NOT NULL, source TEXT NOT NULL,
  origin TEXT NOT NULL, UNIQUE(gpu, precision));
CREATE TABLE human_references(
  name TEXT NOT NULL UNIQUE, value REAL NOT NULL, unit TEXT NOT NULL, year INTEGER,
  description TEXT NOT NULL DEFAULT '', source TEXT NOT NULL, origin TEXT NOT NULL);
)sql"},
      {2, "measured runs, batch results and samples (issue 5)",
       R"sql(
CREATE TABLE runs(
  id INTEGER PRIMARY KEY, kind TEXT NOT NULL CHECK(kind IN ('measure','wrap')),
  workload TEXT NOT NULL, sensor TEXT NOT NULL,
  status TEXT NOT NULL CHECK(status IN ('running','complete','invalid')),
  status_reason TEXT NOT NULL DEFAULT '', settings_key TEXT NOT NULL,
  settings TEXT NOT NULL, provenance TEXT NOT NULL,
  started_at TEXT NOT NULL, ended_at TEXT, idle_power_w REAL);
CREATE INDEX runs_by_settings ON runs(settings_key, status);
CREATE TABLE batch_results(
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  batch_size INTEGER NOT NULL CHECK(batch_size > 0), reps INTEGER NOT NULL,
  started_at TEXT NOT NULL, ended_at TEXT NOT NULL, duration_s REAL NOT NULL,
  throughput_items_per_s REAL NOT NULL, avg_power_w REAL NOT NULL,
  energy_per_item_j REAL NOT NULL, energy_per_item_ci95_j REAL,
  energy_method TEXT NOT NULL, details TEXT NOT NULL,
  PRIMARY KEY(run_id, batch_size));
CREATE TABLE samples(
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  batch_size INTEGER NOT NULL, time_s REAL NOT NULL, power_w REAL NOT NULL, energy_j REAL);
CREATE INDEX samples_by_run ON samples(run_id, batch_size, time_s);
)sql"},
      {3, "compare: setups, per-setup measurements, per-model statistics and accuracies",
       R"sql(
CREATE TABLE setups(
  name TEXT PRIMARY KEY, gpu TEXT NOT NULL DEFAULT '', runtime TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL, origin TEXT NOT NULL, imported_at TEXT NOT NULL);
CREATE TABLE setup_measurements(
  setup TEXT NOT NULL REFERENCES setups(name) ON DELETE CASCADE,
  model TEXT NOT NULL, input_px INTEGER NOT NULL CHECK(input_px > 0),
  energy_j REAL NOT NULL CHECK(energy_j > 0),
  throughput_items_per_s REAL, latency_s REAL, batch_size INTEGER, max_batch_size INTEGER,
  accuracy_pct REAL, origin TEXT NOT NULL,
  UNIQUE(setup, model, input_px));
CREATE TABLE model_stats(
  model TEXT NOT NULL, input_px INTEGER NOT NULL CHECK(input_px > 0),
  params REAL, params_tool TEXT NOT NULL DEFAULT '',
  macs REAL, macs_tool TEXT NOT NULL DEFAULT '',
  macs_alt REAL, macs_alt_tool TEXT NOT NULL DEFAULT '',
  activations REAL, activations_tool TEXT NOT NULL DEFAULT '',
  url TEXT NOT NULL DEFAULT '', release_date TEXT, origin TEXT NOT NULL,
  UNIQUE(model, input_px));
CREATE TABLE model_accuracies(
  model TEXT NOT NULL, input_px INTEGER NOT NULL CHECK(input_px > 0), test_set TEXT NOT NULL,
  top1_pct REAL NOT NULL, top5_pct REAL, origin TEXT NOT NULL,
  UNIQUE(model, input_px, test_set));
)sql"},
  };
  return all;
}

}  // namespace infergy
