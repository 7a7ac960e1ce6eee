// Comparing models by accuracy and energy (Yang et al. 2024): setups of measured energy
// per image, scores, rankings, Pareto fronts and the analyses of the paper. This is the
// pure core: no I/O. Setups are read and written through compare::SetupRepository
// (setup_repository.hpp); the importers live in importers.hpp; the Markdown section
// is rendered by report/, the JSON API by server/.
//
// A *setup* is one GPU x runtime (e.g. "A100_TRT") holding, per model, the measured
// energy per image (joules), throughput and latency. Accuracies (per test set) and
// model statistics (parameters, MACs, activations) are per model, shared by setups.
//
// Usage (what the web server does):
//   auto view = compare::load_setup(store.setups(), catalog, "A100_TRT");  // once, then cache
//   compare::RankOptions o; o.metric = compare::Metric::manhattan; o.weight = 0.5;
//   auto result = compare::rank(view, o);                        // pure, in memory, fast
//   auto front = compare::pareto(view, o.test_sets);
// Thread safety: every function here is pure and may run concurrently.
#pragma once
#include <array>
#include <cstddef>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "infergy/catalog.hpp"
#include "infergy/dates.hpp"
#include "infergy/stats.hpp"

namespace infergy::compare {

// The test set that plain "ImageNet top-1" means; the default for ranking.
inline constexpr const char* kDefaultTestSet = "imagenet-original";

// ---------------------------------------------------------------- setups

struct Setup {
  std::string name;         // "A100_TRT"
  std::string gpu;          // catalog GPU name, e.g. "A100 PCIe 40GB"; "" if unknown
  std::string runtime;      // "PyTorch", "TensorRT", ...
  std::string source;       // where the numbers come from (citation or "infergy measurement")
  std::string origin;       // the file or run it was imported from
  std::string imported_at;  // ISO 8601 UTC
  size_t model_count = 0;   // measurements with an energy
  bool estimated = false;   // computed from the catalog, not measured (see kCatalogEstimateSetup)
};

// A setup that is always listed: the catalog's ImageNet models (Desislavov et al.)
// with energy = FLOPs / the paper's adapted A100 mixed-precision efficiency (its
// Table 9, 'infergy estimate --efficiency adapted'). Not a measurement; analyze()
// leaves it out.
inline constexpr const char* kCatalogEstimateSetup = "CATALOG_ESTIMATE";

// One model as measured in one setup, with its per-model information.
struct ModelPoint {
  std::string model;         // timm name with pretrained tag
  std::string family;        // architecture family derived from the name ("resnet", "vit")
  std::string architecture;  // "CNN", "Transformer", "Hybrid", "MLP" or "Other"
  int input_px = 0;          // input image side in pixels
  std::map<std::string, double> accuracy_pct_by_test_set;  // top-1 %
  double energy_j = 0;                // per image, at the most efficient batch size
  double throughput_items_per_s = 0;  // images/s at that batch size; 0 if unknown
  double latency_s = 0;               // per batch at that batch size; 0 if unknown
  std::optional<int> batch_size;      // the most efficient batch size, when known
  std::optional<double> params;       // parameter count
  std::optional<double> macs;         // multiply-accumulates per image (ptflops)
  std::optional<double> macs_alt;     // the second counter's figure (torchinfo), when stored
  std::optional<double> flop_count;   // 2 x macs (a multiply-add = 2 FLOPs)
  std::optional<double> activations;  // activation count per image
  std::string url;                    // the model's page
  std::optional<Date> release;        // when known

  // Mean top-1 over `test_sets`; nullopt if the model lacks any of them.
  // REQUIRES: test_sets non-empty.
  std::optional<double> mean_accuracy_pct(const std::vector<std::string>& test_sets) const;
};

struct SetupView {
  Setup setup;
  std::vector<std::string> test_sets;  // every test set any model has, sorted
  std::vector<ModelPoint> models;      // sorted by model name
};

// Fills what a stored view derives: each model's family, architecture type and
// flop_count, and the sorted list of test sets any model has.
void finish_view(SetupView& view);

// The catalog estimate setup (kCatalogEstimateSetup); nullopt when the catalog lacks
// the A100 mixed-precision efficiency it needs.
std::optional<SetupView> catalog_estimate_setup(const catalog::Catalog& catalog);

// "resnet50.a1_in1k" -> "resnet", "tf_efficientnet_b0" -> "efficientnet",
// "vit_base_patch16_224" -> "vit": the known family (compare_figures.hpp), else the
// name's first word without digits.
std::string architecture_family(const std::string& model);
// What both family rules start from (this one and calibrate::model_family): the name
// before the first '.', without the prefixes tf_, dm_, legacy_, gluon_, wide_.
// "tf_efficientnet_b0.ns_jft_in1k" -> "efficientnet_b0".
std::string architecture_name(const std::string& model);

// ---------------------------------------------------------------- scores

enum class Metric { acc_per_joule, manhattan };
std::string to_string(Metric metric);          // "acc-per-joule", "manhattan"
Metric parse_metric(const std::string& text);  // InputError otherwise

// Accuracy per joule, %/J. REQUIRES: energy_j > 0.
double accuracy_per_joule(double accuracy_pct, double energy_j);

// Yang et al.'s weighted Manhattan score: 100 - (W (E/N 100) + (1 - W)(100 - A)).
// 100 = the ideal point (100 % accuracy, 0 J). REQUIRES: max_energy_j > 0, weight in [0, 1].
double manhattan_score(double accuracy_pct, double energy_j, double max_energy_j, double weight);

// Five equal bands of [min_energy_j, max_energy_j]; 5 stars = the lowest band.
struct StarBands {
  double min_energy_j = 0;
  double max_energy_j = 0;
  // Band edges, ascending: edges[0] = min, edges[5] = max.
  std::array<double, 6> edges() const;
  // 1..5; energies outside the range clamp to 5 (below) or 1 (above);
  // a zero-width range gives every model 5 stars.
  int stars(double energy_j) const;
};
// REQUIRES: energies non-empty.
StarBands star_bands(const std::vector<double>& energies_j);

struct RankOptions {
  std::vector<std::string> test_sets = {kDefaultTestSet};  // averaged
  double min_accuracy_pct = 0;
  std::optional<double> max_energy_j;
  Metric metric = Metric::manhattan;
  double weight = 0.5;  // manhattan only: 1 = energy only, 0 = accuracy only
  size_t top_n = 10;    // 0 = all
};
// Throws InputError for an empty test set list, a weight outside [0, 1],
// a non-positive max energy or a minimum accuracy outside [0, 100].
void validate(const RankOptions& options);

struct RankedModel {
  size_t index = 0;         // into SetupView::models
  size_t rank = 0;          // 1-based
  double accuracy_pct = 0;  // averaged over the test sets
  double energy_j = 0;
  double score = 0;  // %/J or Manhattan score, higher is better
  int stars = 0;     // energy star band within the setup, 1..5
};

struct RankResult {
  std::string setup;
  Metric metric = Metric::manhattan;
  double weight = 0;
  std::vector<std::string> test_sets;
  size_t candidates = 0;             // models with every requested test set
  size_t considered = 0;             // of those, passing the thresholds
  double normalizing_energy_j = 0;   // N: the largest energy among those considered
  StarBands bands;                   // over every model of the setup with an energy
  std::vector<RankedModel> entries;  // best first, at most top_n
};

// Ranks the models that have every requested test set and pass the thresholds.
// Ties keep model-name order. Throws InputError via validate(), and for a test
// set that no model of a non-empty setup has.
RankResult rank(const SetupView& view, const RankOptions& options);

// Ranking one setup many times (the server): each test set's accuracies as an array
// and the star bands, built once; rank() then makes one pass over the models and a
// partial selection of the top N. Gives exactly compare::rank(view, options).
// REQUIRES: `view` outlives the index and does not change. Thread safety: rank() is
// const and may run concurrently.
class RankIndex {
 public:
  explicit RankIndex(const SetupView& view);
  RankResult rank(const RankOptions& options) const;
  const SetupView& view() const { return *view_; }

 private:
  const SetupView* view_;
  std::map<std::string, std::vector<double>> accuracy_by_test_set_;  // NaN = no accuracy
  std::vector<double> energy_j_;
  StarBands bands_;
};

// Indices into view.models of the Pareto front (lowest energy, highest mean accuracy
// over test_sets), by increasing energy. Models lacking a test set are left out.
std::vector<size_t> pareto(const SetupView& view, const std::vector<std::string>& test_sets);

// JSON for the API and `rank --format json`: the options, counts, N, bands and the
// entries with model, family, input_px, accuracy_pct, energy_j, score, stars,
// throughput, latency, params, flop_count and url.
nlohmann::json to_json(const RankResult& result, const SetupView& view);
nlohmann::json to_json(const ModelPoint& point);
nlohmann::json to_json(const Setup& setup);

// ---------------------------------------------------------------- analyses

// Measured energy / naive estimate, naive = FLOPs / (peak FLOP/s / TDP) with
// FLOPs = 2 x MACs, per setup, MAC counter and catalog peak precision.
struct NaiveEstimateError {
  std::string setup;
  std::string macs_tool;  // "torchinfo" or "ptflops"
  std::string precision;  // catalog peak row used: "fp32" or "fp16-tensor"
  double flop_per_joule = 0;
  size_t n = 0;
  double geometric_mean = 0;  // > 1: the naive estimate under-estimates
  double geometric_sd = 0;
  double median = 0;
  double p05 = 0;
  double p95 = 0;
  double max = 0;
  double share_underestimated = 0;  // fraction with ratio > 1
};

// Energy ratio from one runtime to another on one GPU (from / to, > 1 = saving).
struct RuntimeReduction {
  std::string gpu;
  std::string from_setup;
  std::string to_setup;
  size_t n = 0;
  double geometric_mean = 0;
  double geometric_sd = 0;
  double min = 0;
  double max = 0;
};

// Correlation of the energies of the models two setups share (Yang et al.'s Table 2).
struct SetupCorrelation {
  std::string setup_a;
  std::string setup_b;
  stats::Correlation pearson;
  stats::Correlation spearman;
};

// Correlation of energy with a model property within one setup.
struct PropertyCorrelation {
  std::string setup;
  std::string property;  // "params", "flop_count", "activations"
  stats::Correlation pearson;
  stats::Correlation spearman;
};

struct FrontierPoint {
  std::string model;
  double accuracy_pct = 0;
  double energy_j = 0;
};

// The nested logarithm on the Pareto front: A = a + b ln(log10(E / 1 J) + c),
// fitted by least squares in (a, b) for each c on a grid (a linear fit on the
// transformed x), keeping the c with the smallest residual.
struct DiminishingReturns {
  std::string setup;
  size_t front_size = 0;
  double a = 0;
  double b = 0;
  double c = 0;
  double r2 = 0;
  double residual_sd = 0;
  // Energy per image the fit needs for each accuracy (%), e.g. 90, 95, 99, 100;
  // nullopt when the fit never reaches it.
  std::vector<std::pair<double, std::optional<double>>> energy_j_for_accuracy;
  std::vector<FrontierPoint> front;  // the points fitted, by increasing energy
  double predict_accuracy_pct(double energy_j) const;
};

// The Pareto front of the models released up to each year (where dates are known).
struct FrontierYear {
  int year = 0;
  size_t models = 0;                 // models with a date up to this year
  std::vector<FrontierPoint> front;  // by increasing energy
};

struct Analysis {
  std::vector<std::string> setups;
  std::vector<NaiveEstimateError> naive_errors;
  std::vector<RuntimeReduction> runtime_reductions;
  std::vector<SetupCorrelation> setup_correlations;
  std::vector<PropertyCorrelation> property_correlations;
  std::vector<DiminishingReturns> diminishing_returns;
  std::string frontier_setup;  // the setup the yearly frontier is drawn on
  std::vector<FrontierYear> frontier_by_year;
  std::vector<std::string> notes;  // conventions, and what could not be computed
};

// Every analysis over the measured setups (naive estimates use the catalog's GPUs).
// Throws InputError if `measured` is empty.
Analysis analyze(const std::vector<SetupView>& measured, const catalog::Catalog& catalog);
nlohmann::json to_json(const Analysis& analysis);

}  // namespace infergy::compare
