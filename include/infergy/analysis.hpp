// The trend study of Desislavov et al. (Figs 1-14, Table 1) computed from a catalog:
// hardware efficiency over time, model compute over time, energy per forward pass
// by the paper's method, Pareto frontiers, parameter/FLOP correlations, human
// energy references and the multiplicative-effect forecast.
// All functions are pure: they read the catalog they are given and return values.
// Thread-safe. Bad filters or empty selections throw InputError.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "infergy/catalog.hpp"
#include "infergy/stats.hpp"

namespace infergy::analysis {

// ---------------------------------------------------------------- selections

// Which models a series uses. Empty/nullopt = no restriction.
struct ModelFilter {
  std::string architecture;        // "CNN", "Transformer", ... (case-insensitive)
  std::optional<bool> extra_data;  // true: trained with extra data; false: ImageNet/none only
  std::optional<Date> from;        // release date >= from
  std::optional<Date> until;       // release date <= until
};

// Which GPU rows the hardware series use.
struct GpuFilter {
  // The paper's rows only (source "Desislavov et al."): GPUs added later to the
  // catalog (A100 PCIe, H100, ...) stay out of the reproduction unless this is false.
  bool paper_only = true;
  std::optional<Date> from;
  std::optional<Date> until;
};

// GPUs whose FP32 rows the paper's Table 9 (and so Fig. 8) leaves out although
// Table 8 lists them. Kept out of the adapted series to reproduce the paper.
const std::vector<std::string>& table9_omitted_fp32_gpus();

// ---------------------------------------------------------------- points and series

// One model as the figures use it.
struct ModelPoint {
  std::string name;  // display name ("name [extra data]")
  catalog::Domain domain = catalog::Domain::cv;
  std::string architecture;
  std::string extra_data;
  Date release_date;
  double year = 0;  // fractional
  std::optional<double> accuracy_pct;
  std::optional<double> params_m;
  double gflop_count = 0;
  std::optional<int> input_tokens;
  double energy_j = 0;  // paper method: FLOPs / adapted-efficiency trend at release date
};

// One GPU efficiency value as Figs 7-8 use it.
struct GpuPoint {
  std::string name;
  std::string precision;  // paper label: "FP32", "Mixed", "TF32", "FP16/FP32 Tensor"
  Date launch_date;
  double year = 0;
  double gflop_per_joule = 0;
};

// A series of (fractional year, value) points and its exponential trend.
struct TrendPoint {
  std::string label;
  double year = 0;
  double value = 0;
};

struct SeriesInfo {
  std::string id;      // "cv-best-gflops"
  std::string figure;  // "Fig. 3"
  std::string title;   // "CV models, most accurate of each year"
  std::string unit;    // "GFLOPs", "J", "GFLOPS/W"
  // The paper's reading, in words; it prints no fitted number for any trend.
  std::string paper_says;
};

struct TrendSeries {
  SeriesInfo info;
  std::vector<TrendPoint> points;
  stats::ExponentialTrend trend;
};

// Every series `trend_series` knows, in figure order.
const std::vector<SeriesInfo>& series_catalog();

struct TrendOptions {
  ModelFilter models;
  GpuFilter gpus;
  // Only for "gpu-peak-gflops-per-watt": which precision (default FP32).
  std::optional<catalog::Precision> precision;
};

// The points of series `id` under the options, with the fitted trend.
// InputError for an unknown id or fewer than 3 points.
TrendSeries trend_series(const catalog::Catalog& catalog, const std::string& id,
                         const TrendOptions& options = {});

// ---------------------------------------------------------------- hardware (Figs 7-8)

// Peak GFLOPS/W of every GPU row in one precision (Table 8).
std::vector<GpuPoint> peak_efficiency_points(const catalog::Catalog& catalog,
                                             catalog::Precision precision,
                                             const GpuFilter& filter = {});

// Table 9 for one task: FP32 rows (less the omitted ones) plus the adapted rows.
std::vector<GpuPoint> adapted_efficiency_points(const catalog::Catalog& catalog,
                                                catalog::Domain task, const GpuFilter& filter = {});

// The adapted-efficiency trend (GFLOPS/W over fractional years) for a task: the
// solid lines of Fig. 8, from which the paper's energies are computed.
stats::ExponentialTrend adapted_efficiency_trend(const catalog::Catalog& catalog,
                                                 catalog::Domain task,
                                                 const GpuFilter& filter = {});

// ---------------------------------------------------------------- models (Figs 1-6, 9-12)

// Every model of a domain passing the filter, with its paper-method energy.
std::vector<ModelPoint> model_points(const catalog::Catalog& catalog, catalog::Domain domain,
                                     const ModelFilter& filter = {}, const GpuFilter& gpus = {});

// The paper method (Eq. 1-2) for one model: FLOPs / FLOPs-per-joule of the
// adapted trend of its domain at its release date.
struct PaperEnergy {
  double year = 0;
  double gflop_per_joule = 0;  // the trend's value at the release date
  double flop_per_joule = 0;
  double energy_j = 0;
};
PaperEnergy paper_energy(const catalog::Catalog& catalog, const catalog::Model& model,
                         const GpuFilter& gpus = {});

// The most accurate model of each calendar year (models without accuracy are skipped).
std::vector<ModelPoint> best_per_year(const std::vector<ModelPoint>& points);
// Models that, when released, needed more GFLOPs than every earlier model.
std::vector<ModelPoint> most_demanding(const std::vector<ModelPoint>& points);

// Arithmetic mean of a value per calendar year, placed at mid-year (year + 0.5).
enum class Quantity { gflop_count, energy_j };
std::vector<TrendPoint> yearly_average(const std::vector<ModelPoint>& points, Quantity quantity);

// Pareto-optimal models (minimise the quantity, maximise accuracy), by increasing cost.
std::vector<ModelPoint> pareto_models(const std::vector<ModelPoint>& points, Quantity quantity);

// ---------------------------------------------------------------- Fig. 1

struct ParamsFlopsCorrelation {
  std::string architecture;
  size_t rows = 0;
  size_t distinct_points = 0;       // distinct (params, GFLOPs) pairs
  stats::Correlation pearson;       // on distinct points, raw values (the paper's number)
  stats::Correlation pearson_rows;  // every row
  stats::Correlation pearson_log;   // log10-log10, distinct points
  stats::Correlation spearman;      // distinct points
  std::optional<double> paper_r;    // 0.772 CNN, 0.994 Transformer
};

// CV models of one architecture with both params and GFLOPs.
ParamsFlopsCorrelation params_flops_correlation(const catalog::Catalog& catalog,
                                                const std::string& architecture);

// ---------------------------------------------------------------- Table 1

// Per year, the CV model closest to AlexNet's FLOPs (within a factor of
// `max_ratio`, in log distance) that beats every earlier row's accuracy.
// With and without extra data are separate candidates.
std::vector<ModelPoint> alexnet_like_models(const catalog::Catalog& catalog,
                                            double max_ratio = 2.2);

// ---------------------------------------------------------------- Figs 13-14 and forecasts

struct HumanPower {
  double internal_w = 0;  // food energy, 2,000 kcal/day ~ 97 W
  double external_w = 0;  // primary energy, 79,897 kWh/year ~ 9,114 W
};
HumanPower human_power(const catalog::Catalog& catalog);

struct ForecastInput {
  double energy_per_inference_j = 0;
  double inferences_per_second_per_person = 1;
  double population = 1;
  std::optional<double> grid_g_co2_per_kwh;
  std::optional<double> price_per_kwh;
};

struct Forecast {
  double power_per_person_w = 0;
  double total_power_w = 0;
  double energy_per_year_j = 0;
  double energy_per_year_kwh = 0;
  double share_of_internal = 0;  // power per person / internal human power
  double share_of_external = 0;
  std::optional<double> co2_kg_per_year;
  std::optional<double> cost_per_year;
};

// REQUIRES: non-negative inputs. InputError otherwise.
Forecast forecast(const ForecastInput& input, const HumanPower& human);

}  // namespace infergy::analysis
