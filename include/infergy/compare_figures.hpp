// The data behind the figures of Yang et al. (2024), *Double-Exponential Increases in
// Inference Energy: The Cost of the Race for Accuracy* (their Figs 2-9), computed from
// the compared setups; report/ draws them. Also the architecture type and first-paper
// year of timm model families, which the figures and the explorer colour by.
// Pure: no I/O. Thread safety: every function may run concurrently.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "infergy/catalog.hpp"
#include "infergy/compare.hpp"
#include "infergy/stats.hpp"

namespace infergy::compare {

// ---------------------------------------------------------------- architectures

// The groups of Yang et al.'s Fig. 2 (MLP, CNN, Transformer, hybrid CNN-Transformer),
// plus "other" for what is none of them (an LSTM mixer, an unknown name).
enum class ArchitectureType { cnn, transformer, hybrid, mlp, other };
std::string to_string(ArchitectureType type);  // "CNN", "Transformer", "Hybrid", "MLP", "Other"
std::vector<ArchitectureType> architecture_types();  // legend order

struct ArchitectureInfo {
  std::string family;  // "resnet", "vit", "convnext"
  ArchitectureType type = ArchitectureType::other;
  std::optional<int> year;  // year of the family's first paper (arXiv)
  std::string paper;        // "He et al., ResNet, arXiv:1512.03385"
};

// The family of a timm model name ("resnet50.a1_in1k", "tf_efficientnet_b0.ns_jft_in1k")
// by the longest known name prefix; nullopt for a name of no known family.
std::optional<ArchitectureInfo> architecture_info(const std::string& model);

// The year a model counts in for the yearly frontier: its stored release date's year,
// else its family's first-paper year; nullopt when neither is known.
std::optional<int> release_year(const ModelPoint& model);

// ---------------------------------------------------------------- Fig. 2

// The centre of one architecture type's cloud: geometric-mean energy, mean accuracy.
struct ArchitectureCentre {
  std::string architecture;
  size_t n = 0;
  double energy_j = 0;
  double accuracy_pct = 0;
};
// Per type present, on imagenet-original top-1, in architecture_types() order.
std::vector<ArchitectureCentre> architecture_centres(const SetupView& view);

// ---------------------------------------------------------------- Fig. 5

// A model measured at a larger input size than its smallest one, as increases over it.
struct InputSizeStep {
  std::string model;
  int from_px = 0;
  int to_px = 0;
  // Of the pixel count, (to / from)^2 - 1 in %: with it the paper's energy slope is
  // about 1 ("almost directly proportional"); of the side it would be about 2.
  double size_increase_pct = 0;
  double energy_increase_pct = 0;    // of energy per image
  double accuracy_increase_pct = 0;  // relative, of imagenet-original top-1
};
struct InputSizeEffect {
  std::string setup;
  size_t models = 0;  // models measured at two or more sizes
  std::vector<InputSizeStep> steps;
  stats::LinearFit energy_fit;    // energy increase on size increase, in %
  stats::LinearFit accuracy_fit;  // accuracy increase on size increase, in %
};
// nullopt when fewer than 3 steps exist (no fit).
std::optional<InputSizeEffect> input_size_effect(const SetupView& view);

// ---------------------------------------------------------------- Fig. 6

// Measured energy / the naive estimate FLOPs / (peak FLOP/s / TDP) for every model
// with a MAC count (FLOPs = 2 x MACs); > 1 = the naive estimate is too low.
struct NaiveErrorSample {
  std::string setup;
  std::string macs_tool;  // "ptflops" (ModelPoint::macs) or "torchinfo" (macs_alt)
  std::string precision;  // the catalog peak used
  std::vector<double> ratios;
  double geometric_mean = 0;
};
// nullopt when the setup's GPU has no catalog row at that precision or < 3 models.
std::optional<NaiveErrorSample> naive_error_sample(const SetupView& view,
                                                   const catalog::Catalog& catalog,
                                                   catalog::Precision precision,
                                                   const std::string& macs_tool = "ptflops");

// What the measured setups say of FLOPs/TDP estimates, for the note printed with them:
// per setup the geometric mean of measured / naive (fp32 peak, ptflops MACs), and
// whether the naive estimate is under or over; without setups, how to import some.
std::string naive_estimate_note(const std::vector<SetupView>& measured,
                                const catalog::Catalog& catalog);

// ---------------------------------------------------------------- Figs 8 and 9

// One model in a PyTorch setup and in another runtime's setup on the same GPU.
struct RuntimePair {
  std::string model;
  int input_px = 0;
  double from_energy_j = 0;
  double to_energy_j = 0;
  double from_throughput_items_per_s = 0;  // 0 = unknown
  double to_throughput_items_per_s = 0;
};
struct RuntimeComparison {
  std::string gpu;
  std::string from_setup;  // the PyTorch setup
  std::string to_setup;
  std::vector<RuntimePair> pairs;  // by model, then input size
};
// Every PyTorch setup against each other runtime's setup on the same GPU, in input order.
std::vector<RuntimeComparison> runtime_comparisons(const std::vector<SetupView>& views);

// The TDP of the setup's catalog GPU (any precision row), nullopt when not in the catalog.
std::optional<double> tdp_w(const SetupView& view, const catalog::Catalog& catalog);

// ---------------------------------------------------------------- Fig. 7

// Energy per item and throughput per batch size of one measured sweep (infergy's own
// runs: the published files keep only the most efficient batch size).
struct BatchPoint {
  int batch_size = 0;
  double energy_per_item_j = 0;
  double throughput_items_per_s = 0;
  double latency_s = 0;  // per batch
  double avg_power_w = 0;
};
struct BatchSweep {
  std::string label;  // "run 3: resnet50.pt (nvml:0)"
  std::optional<double> tdp_w;
  std::vector<BatchPoint> points;  // by batch size
};

// ---------------------------------------------------------------- helpers

// Counts of values in bins of equal width in log10, `bins_per_decade` bins per decade,
// edges on multiples of 1 / bins_per_decade decades. Non-positive values are ignored.
// REQUIRES: bins_per_decade > 0.
struct Histogram {
  std::vector<double> edges;   // counts.size() + 1 ascending edges
  std::vector<size_t> counts;  // per bin
};
Histogram log_histogram(const std::vector<double>& values, int bins_per_decade);

// ---------------------------------------------------------------- the paper's values

// What Yang et al. state, to print beside ours; nullopt where they state nothing.
namespace paper {
// Fig. 6: geometric mean of measured / naive on the A100 (3.13 and 3.16 for its two
// panels); the paper does not say which peak it used, we pair them with fp32.
std::optional<double> naive_error(const std::string& setup, const std::string& precision);
// Fig. 9: (geometric mean, geometric SD) of PyTorch / TensorRT energy.
std::optional<std::pair<double, double>> runtime_reduction(const std::string& from,
                                                           const std::string& to);
// Table 2: (Pearson, Spearman) of energies between two setups, either order.
std::optional<std::pair<double, double>> setup_correlation(const std::string& a,
                                                           const std::string& b);
// Fig. 4 (A100_TRT): Pearson of energy with params, flop_count, activations.
std::optional<double> property_correlation(const std::string& setup, const std::string& property);
// Section 4.1: 207 MWh per image for 100 % top-1 (H100_TRT front), in joules.
std::optional<double> energy_for_full_accuracy(const std::string& setup);
// Fig. 5 (A100_TRT): increase in % = slope x input size increase in % + intercept.
inline constexpr double kInputSizeEnergySlope = 0.96, kInputSizeEnergyIntercept = 1.44;
inline constexpr double kInputSizeAccuracySlope = 0.01, kInputSizeAccuracyIntercept = 0.29;
}  // namespace paper

}  // namespace infergy::compare
