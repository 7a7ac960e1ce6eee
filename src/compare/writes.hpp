// Rows the importers have validated, and the statements that store them.
// Internal to the compare module. Callers hold one transaction around all writes.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "infergy/compare.hpp"

namespace infergy::compare::detail {

struct MeasurementRow {
  std::string model;
  int input_px = 0;
  double energy_j = 0;
  std::optional<double> throughput_items_per_s;
  std::optional<double> latency_s;
  std::optional<int> batch_size;
  std::optional<int> max_batch_size;
  std::optional<double> accuracy_pct;
};

struct StatsRow {
  std::string model;
  int input_px = 0;
  std::optional<double> params;
  std::string params_tool;
  std::optional<double> macs;
  std::string macs_tool;
  std::optional<double> macs_alt;
  std::string macs_alt_tool;
  std::optional<double> activations;
  std::string activations_tool;
  std::string url;
};

struct AccuracyRow {
  std::string model;
  int input_px = 0;
  std::string test_set;
  double top1_pct = 0;
  std::optional<double> top5_pct;
};

// "2026-11-23T16:40:00Z".
std::string utc_now_iso();

// Deletes setup `setup.name` with its measurements, then inserts it anew.
void replace_setup(sql::Database& db, const Setup& setup, const std::vector<MeasurementRow>& rows);

// Upserts per-model statistics; a value already stored is kept where the new row
// has none (COALESCE), so a timm import does not erase Yang's counts.
void upsert_stats(sql::Database& db, const std::vector<StatsRow>& rows, const std::string& origin);

void upsert_accuracies(sql::Database& db, const std::vector<AccuracyRow>& rows,
                       const std::string& origin);

}  // namespace infergy::compare::detail
