// Energy estimates from compute and hardware efficiency (Desislavov et al.):
// energy per inference = FLOPs / (FLOPs per joule), with FLOPs per joule taken
// from a GPU's peak FLOP/s / TDP, or from the paper's "adapted" efficiency
// (peak FP32 x measured mixed-precision speed-up), or from the trend (paper method).
#pragma once
#include <string>
#include <vector>

#include "infergy/catalog.hpp"
#include "infergy/units.hpp"

namespace infergy::estimate {

// The efficiency one estimate divides by, and where it came from.
struct Efficiency {
  std::string gpu;
  std::string precision;  // "fp32", "fp16-tensor", "mixed (CNN)", ...
  std::string basis;      // "peak", "adapted-cnn", "adapted-nlp", "trend"
  double flop_per_second = 0;
  double tdp_w = 0;
  double flop_per_joule = 0;
  std::string launch_date;  // ISO; empty for a trend value
};

Efficiency peak_efficiency(const catalog::Gpu& gpu);

// One row of the paper's Table 9 "adapted" part, computed (not typed in):
// adapted FLOP/s = reference GPU's FP32 peak x mean measured speed-up (Table 3),
// each speed-up recomputed from the throughputs, as Table 9 evidently was.
struct AdaptedEfficiency {
  catalog::Domain task = catalog::Domain::cv;
  std::string gpu;
  std::string precision;      // measured mode: "mixed", "tf32"
  std::string reference_gpu;  // e.g. A100 speed-ups are relative to V100 FP32
  int throughput_rows = 0;    // Table 3 rows averaged
  double mean_speedup = 0;    // mean of throughput / reference FP32 throughput (unrounded)
  double reference_fp32_tflop_per_second = 0;
  double adapted_tflop_per_second = 0;
  double tdp_w = 0;  // the GPU's own TDP
  Date launch_date;
  std::string type;
  // TFLOP/s -> GFLOP/s, per watt.
  double gflop_per_joule() const { return adapted_tflop_per_second * units::kKilo / tdp_w; }
  Efficiency efficiency() const;
};

// All adapted rows: one per task x GPU x non-FP32 mode present in the throughputs.
// Throws InputError if a reference GPU has no FP32 row in the catalog.
std::vector<AdaptedEfficiency> adapted_efficiencies(const catalog::Catalog& catalog);

// The adapted row for task, GPU and mode; InputError listing what exists otherwise.
AdaptedEfficiency find_adapted(const catalog::Catalog& catalog, catalog::Domain task,
                               const std::string& gpu, const std::string& precision);

// Energy in joules of `flop_count` FLOPs at `flop_per_joule`. REQUIRES: flop_per_joule > 0.
double energy_j(double flop_count, double flop_per_joule);

// ---- appendix Eq. 3-4: compute of scaled models
// EfficientNet compound scaling: FLOPs grow with depth x width^2 x resolution^2.
double compound_scaled_gflop_count(double base_gflop_count, double depth_factor,
                                   double width_factor, double resolution_factor);

// A recipe the paper's appendix states, with the value Table 2 prints.
struct ScalingExample {
  std::string model;
  std::string base;  // catalog model, or "" when base_gflop_count is from the paper's text
  double base_gflop_count = 0;
  double depth_factor = 1;
  double width_factor = 1;
  double resolution_factor = 1;
  double printed_gflop_count = 0;
  std::string recipe;  // as the appendix states it
  double gflop_count() const {
    return compound_scaled_gflop_count(base_gflop_count, depth_factor, width_factor,
                                       resolution_factor);
  }
};

// NoisyStudent-L2, FixEfficientNet-L2/B7/B0 and ViT-G/14 (Table 6 base 2859.9 at 384 px).
std::vector<ScalingExample> paper_scaling_examples();

}  // namespace infergy::estimate
