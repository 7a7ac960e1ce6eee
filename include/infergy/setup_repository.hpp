// Where the compared setups are kept: per setup the measured energy of each model,
// per model its statistics and its accuracy on each test set. The store's backends
// implement SetupRepository (src/store); the importers write through it and the
// functions below read setups back as compare's views.
// Usage: auto view = compare::load_setup(store.setups(), store.catalog(), "A100_TRT");
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "infergy/catalog.hpp"
#include "infergy/compare.hpp"

namespace infergy::compare {

// One model's measurement in a setup, as stored.
struct MeasurementRow {
  std::string model;
  int input_px = 0;
  double energy_j = 0;  // per item. REQUIRES: > 0
  std::optional<double> throughput_items_per_s;
  std::optional<double> latency_s;
  std::optional<int> batch_size;
  std::optional<int> max_batch_size;
  std::optional<double> accuracy_pct;  // imagenet-original top-1 as the measurement file says
};

// One model's statistics. A value left empty keeps what is stored (a timm import
// adds parameter counts without erasing Yang et al.'s MACs).
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
  std::string url;  // "" keeps the stored URL
};

struct AccuracyRow {
  std::string model;
  int input_px = 0;
  std::string test_set;
  double top1_pct = 0;
  std::optional<double> top5_pct;
};

// What one import writes, in one transaction.
struct SetupImport {
  struct SetupRows {
    Setup setup;  // name, gpu, runtime, source, origin, imported_at
    std::vector<MeasurementRow> rows;
  };
  std::vector<SetupRows> setups;  // each replaces the stored setup of its name
  std::vector<StatsRow> stats;
  std::string stats_origin;
  std::vector<AccuracyRow> accuracies;
  std::string accuracies_origin;
};

struct ReleaseDate {
  std::string model;  // a name with a pretrained tag dates that model; without, every tag
  Date release;
};

// Not thread-safe: one repository (one store connection) per thread.
class SetupRepository {
 public:
  virtual ~SetupRepository() = default;

  // Writes everything in one transaction, or nothing.
  virtual void apply(const SetupImport& import) = 0;
  // Stored setups by name, with their model counts.
  virtual std::vector<Setup> list() = 0;
  // The setup with its models (ordered by model, then input size), their statistics and
  // accuracies; derived fields (family, flop_count, test_sets) are left for finish_view.
  virtual std::optional<SetupView> load(const std::string& name) = 0;
  // Dates the matching model statistics; returns, per date given, how many rows it dated.
  // One transaction.
  virtual std::vector<size_t> set_release_dates(const std::vector<ReleaseDate>& dates) = 0;
};

// Setups in the repository, by name, then the catalog estimate.
std::vector<Setup> list_setups(SetupRepository& setups, const catalog::Catalog& catalog);
// One setup with its models. Throws InputError naming the known setups if absent.
SetupView load_setup(SetupRepository& setups, const catalog::Catalog& catalog,
                     const std::string& name);
// Every measured setup (not the catalog estimate), by name.
std::vector<SetupView> load_measured_setups(SetupRepository& setups);

}  // namespace infergy::compare
