// The calibrated energy estimator: learns measured energy per inference from the
// measured setups in the store (Yang et al.'s A100/H100 x PyTorch/TensorRT, and
// infergy's own runs once imported) and predicts it, with a prediction interval, for
// models never measured, on the setups' GPUs and runtimes, and by transfer on GPUs
// with no measured setup. Pure: no I/O; the store keeps fitted estimators through
// CalibrationRepository (calibration_repository.hpp). Method: docs/estimation.md.
//
// Usage:
//   auto data = calibrate::training_data(compare::load_measured_setups(store.setups()));
//   auto estimator = calibrate::fit(data, catalog);
//   calibrate::Query q;  q.counts = {4.1e9, 25.6e6, 11.0e6, 224};
//   q.gpu = "A100 PCIe 40GB";  q.runtime = "pytorch";
//   auto p = calibrate::predict(estimator, catalog, q);   // p.energy_j, p.low_j, p.high_j
// Thread safety: every function is pure and may run concurrently; an Estimator is
// immutable once fitted.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "infergy/catalog.hpp"
#include "infergy/compare.hpp"
#include "infergy/output.hpp"

namespace infergy::calibrate {

// The version of the estimator's stored form; a stored estimator of another version
// is refused with a message to run `infergy calibrate fit` again.
inline constexpr int kFormatVersion = 2;

// ---------------------------------------------------------------- names

// The architecture of a model name: the part before the first '.', lowercased, with
// '-', ' ' and '/' read as '_' ("resnet50d.ra2_in1k" -> "resnet50d", "ResNet-50" ->
// "resnet_50").
std::string model_architecture(const std::string& model);
// The family (docs/estimation.md, "The family rule"): the architecture without the
// prefixes tf_, dm_, legacy_, gluon_, wide_, its first '_'-separated word, without a
// trailing size (digits then at most three letters: "50d", "101", "26ts") and without a
// trailing version ("v2", "v"). "resnet50d.ra2_in1k" -> "resnet",
// "mobilenetv3_large_100" -> "mobilenet", "EfficientNet-B1" -> "efficientnet".
std::string model_family(const std::string& model);
// Jaccard similarity of the character trigrams of "^a$" and "^b$", in [0, 1]: how an
// unseen family finds related families ("seresnext" ~ "resnext").
double family_similarity(const std::string& a, const std::string& b);

// ---------------------------------------------------------------- hardware

// "PyTorch", "pt" -> "pytorch"; "TensorRT", "trt" -> "tensorrt"; others lowercased.
std::string runtime_key(const std::string& runtime);
// The peak FLOP/s row a runtime runs at: pytorch tf32-tensor (cuDNN's default for
// convolutions on Ampere and later), tensorrt fp16-tensor (an FP16 engine), others fp32.
catalog::Precision runtime_precision(const std::string& runtime_key);

// What the estimator knows of a GPU, from the catalog.
struct GpuSpecs {
  std::string gpu;
  catalog::Precision precision = catalog::Precision::fp32;
  double peak_flop_per_second = 0;
  double bandwidth_bytes_per_second = 0;
  double tdp_w = 0;
  std::string source;  // datasheets of the peak row and of the memory row
};
// Throws InputError when the catalog lacks the GPU's row at `precision` or its
// memory bandwidth (naming `infergy db import` to add them).
GpuSpecs gpu_specs(const catalog::Catalog& catalog, const std::string& gpu,
                   catalog::Precision precision);
// Energy ratio target/source of one model by the roofline on the TDP line (power at
// TDP, time = max(FLOPs / peak, bytes / bandwidth)); bytes = 2 x activations x bytes per
// value of the precision (each activation written once and read once).
double roofline_energy_ratio(const GpuSpecs& source, const GpuSpecs& target, double macs,
                             double activations);

// ---------------------------------------------------------------- training data

// A model's counts per image. macs: multiply-adds (Yang et al.'s macs_ptflops).
struct Counts {
  double macs = 0;
  double params = 0;
  std::optional<double> activations;  // elements output, as model_stats counts them
  int input_px = 0;                   // input image side
};
// Throws InputError naming `what` when a count is not finite and > 0.
void validate(const Counts& counts, const std::string& what);

struct SetupInfo {
  std::string name;     // "A100_TRT"
  std::string gpu;      // catalog GPU name
  std::string runtime;  // runtime_key(): "pytorch", "tensorrt", ...
  std::string source;
  size_t points = 0;
};

// One model x setup: measured joules per image at the setup's most efficient batch.
struct TrainingPoint {
  std::string setup;
  std::string model;         // timm name with pretrained tag
  std::string architecture;  // model_architecture(model)
  std::string family;        // model_family(model)
  Counts counts;
  double energy_j = 0;
  std::optional<int> batch_size;
};

struct TrainingData {
  std::vector<SetupInfo> setups;  // by name
  std::vector<TrainingPoint> points;
  size_t skipped = 0;  // measurements without MACs, parameters or activations
  std::string hash;    // FNV-1a 64 of every point, hex: changes when the data change
};

// Every measured setup's points. Throws InputError when `measured` holds no setup, or
// no measurement with counts, naming `infergy import yang DIR` and `infergy import runs`.
TrainingData training_data(const std::vector<compare::SetupView>& measured);

// ---------------------------------------------------------------- the estimator

// Tuned by cross-validation on the published sample (docs/estimation.md); stored with
// the estimator and hashed with its training data.
struct Options {
  double level = 0.9;                // prediction interval level, in (0, 1)
  int folds = 10;                    // cross-validation folds (fold = FNV-1a(model name) mod folds)
  double family_penalty = 1;         // shrinks family intercepts toward the overall fit
  double family_slope_penalty = 10;  // shrinks family slopes on ln MACs toward 0
  double architecture_penalty = 1;   // shrinks architecture effects toward the family's
  double type_penalty = 3;           // shrinks architecture-type intercepts toward the overall fit
  // The same for TensorRT setups: its kernels differ more within a type, so a type
  // effect learnt without a large family moves too far (docs/estimation.md).
  double tensorrt_type_penalty = 100;
  double type_slope_penalty = 10;  // shrinks architecture-type slopes on ln MACs toward 0
  double huber_k = 2;              // Huber loss cut, in robust sds of ln energy; 0: least squares
  double ridge = 1e-6;             // on the standardised count terms
  double similar_family_threshold = 0.4;  // family_similarity for an unseen family
  // > 0: a slope on the family's first-paper year (compare::architecture_info), with
  // this penalty; 0: none.
  double year_penalty = 3;
};
// Throws InputError for a level outside (0, 1), fewer than 2 folds or a negative penalty.
void validate(const Options& options);
// The options one setup of `runtime` is fitted with: type_penalty is
// tensorrt_type_penalty for "tensorrt".
Options setup_options(const Options& options, const std::string& runtime);
nlohmann::json to_json(const Options& options);
Options options_from_json(const nlohmann::json& json);

struct FamilyEffect {
  std::string family;
  size_t points = 0;
  double intercept = 0;  // added to ln energy
  double slope = 0;      // times the standardised ln MACs
};

struct ArchitectureEffect {
  std::string architecture;
  double effect = 0;  // added to ln energy
};

// One penalised regression of ln energy on the count terms with family and
// architecture effects (partial pooling), for one setup and one feature set.
struct Regression {
  std::vector<std::string> features;   // "ln_macs", "ln_params", "ln_activations", "ln_input_px"
  std::vector<std::string> terms;      // "1", the features, their products
  std::vector<double> center;          // per term (0 for "1")
  std::vector<double> scale;           // per term (1 for "1")
  std::vector<double> coefficients;    // per standardised term
  std::vector<FamilyEffect> families;  // by name
  std::vector<FamilyEffect> types;     // by architecture type ("CNN", ...), in `family`
  std::vector<ArchitectureEffect> architectures;  // by name
  double year_center = 0, year_scale = 1;         // of the known first-paper years
  double year_coefficient = 0;                    // per standardised year; 0: no year term
  size_t points = 0;
  double residual_sd = 0;      // in-sample, of ln energy
  double seen_quantile = 0;    // |ln(pred/measured)| at the level, family seen (k-fold)
  double unseen_quantile = 0;  // the same for families left out (family-grouped folds)
  size_t seen_residuals = 0;   // residuals behind each quantile
  size_t unseen_residuals = 0;
  bool uses_activations() const;
};

struct SetupModel {
  SetupInfo setup;
  std::optional<GpuSpecs> hardware;  // nullopt when the catalog lacks the GPU
  Regression full;                   // macs, params, activations, input size
  Regression without_activations;    // for models whose activations are unknown
};

// Transfer to a GPU without a measured setup, per runtime: the quantile of
// |ln(transferred / measured)| over pairs of measured GPUs (cross-validated points).
struct TransferSpread {
  std::string runtime;
  size_t residuals = 0;     // 0: not measured (one GPU), the quantile is a default
  double quantile = 0;      // at the level
  double error_factor = 0;  // exp(mean |ln ratio|); 0 when not measured
};

struct Estimator {
  int format_version = kFormatVersion;
  Options options;
  std::string training_hash;  // TrainingData::hash
  std::string options_hash;   // FNV-1a 64 of to_json(options) and the format version
  size_t points = 0;
  size_t skipped = 0;
  std::vector<SetupModel> setups;        // by name
  std::vector<TransferSpread> transfer;  // by runtime
  std::vector<std::string> notes;        // setups left out, GPUs the catalog lacks
};

// Setups with fewer points are left out of the estimator (with a note).
inline constexpr size_t kMinSetupPoints = 20;

// Fits one SetupModel per setup and the interval quantiles (cross-conformal on the
// log residuals). Deterministic: the same data and options give the same estimator.
// Throws InputError via validate(options), or when no setup has kMinSetupPoints.
Estimator fit(const TrainingData& data, const catalog::Catalog& catalog,
              const Options& options = {});

nlohmann::json to_json(const Estimator& estimator);
// Throws InputError for another format version or a malformed estimator.
Estimator estimator_from_json(const nlohmann::json& json);

// ---------------------------------------------------------------- prediction

struct Query {
  std::string model;                  // a name, for the family and architecture; may be ""
  Counts counts;                      // REQUIRES: validate(counts) passes
  std::optional<std::string> family;  // overrides model_family(model)
  std::string gpu;                    // catalog GPU name
  std::string runtime;                // "pytorch", "tensorrt" (runtime_key() is applied)
};

struct Prediction {
  double energy_j = 0;
  double low_j = 0;
  double high_j = 0;
  double level = 0;
  std::string gpu;
  std::string runtime;
  std::string setup;         // the measured setup the estimate comes from
  std::string family;        // as used
  std::string family_basis;  // "family", "similar families: a, b", "unseen family"
  bool family_seen = false;
  bool architecture_seen = false;
  bool transferred = false;             // no measured setup on this GPU: roofline transfer
  size_t points = 0;                    // training points of the setup used
  std::vector<std::string> trained_on;  // every setup of the estimator
  std::string features;                 // "macs, params, activations, input_px" or without
  std::string label;                    // "calibrated estimate" / "calibrated transfer ..."
};

// The estimate for one query. A GPU and runtime with a measured setup use it; a GPU
// without one (same runtime measured elsewhere) is a transfer from the measured GPU
// nearest in specs, with the wider transfer interval. Throws InputError for a runtime
// no setup measured, a GPU the catalog lacks, or invalid counts.
Prediction predict(const Estimator& estimator, const catalog::Catalog& catalog, const Query& query);

// Queries from a CSV with the columns model, input_size, macs, params, activations
// (any order, extra columns ignored, optional family); gpu and runtime from the caller.
// Throws InputError "file:line:column: ..." for a missing column or a bad cell.
std::vector<Query> read_queries(const csv::Document& doc, const std::string& gpu,
                                const std::string& runtime);

// The catalog's models as a setup of calibrated estimates for one measured setup
// (estimated = true), named "<setup>_CALIBRATED", for the explorer. Models without
// parameters or compute are left out; input size 224 px (the catalog has none).
compare::SetupView calibrated_setup(const Estimator& estimator, const catalog::Catalog& catalog,
                                    const SetupModel& setup);

// ---------------------------------------------------------------- evaluation

struct Errors {
  size_t n = 0;
  double error_factor = 0;          // exp(mean |ln(pred / measured)|)
  double median_abs_rel_error = 0;  // median |pred / measured - 1|
  double within_20pct = 0;          // share with |pred / measured - 1| <= 0.2
  std::optional<double> coverage;   // share inside the interval
};

struct SetupEvaluation {
  SetupInfo setup;
  size_t families = 0;
  Errors cross_validated;         // k-fold, by model name
  Errors leave_family_out;        // each family predicted by a fit without it
  Errors naive;                   // 2 x MACs / (FP32 peak FLOP/s / TDP), estimate's default
  std::optional<Errors> adapted;  // the paper's adapted efficiency, where the catalog has it
  std::string naive_basis;
  std::string adapted_basis;
};

struct TransferEvaluation {
  std::string runtime;
  std::string source_setup, target_setup;
  std::string source_gpu, target_gpu;
  Errors cross_validated;  // models unmeasured anywhere: the source's k-fold predictions
  Errors measured_models;  // models measured on the source GPU: its full fit
  double mean_ratio = 0;   // geometric mean of the roofline ratio target/source
};

// Out-of-fold predictions for the predicted-vs-measured figure.
struct PointPrediction {
  std::string setup;
  std::string model;
  int input_px = 0;
  double measured_j = 0;
  double calibrated_j = 0;  // k-fold
  double naive_j = 0;
};

struct Evaluation {
  Options options;
  std::string training_hash;
  std::vector<SetupEvaluation> setups;
  std::vector<TransferEvaluation> transfers;  // per runtime and GPU pair, then pooled ("all")
  std::vector<PointPrediction> points;
  std::vector<std::string> notes;
};

// Throws InputError as fit() does.
Evaluation evaluate(const TrainingData& data, const catalog::Catalog& catalog,
                    const Options& options = {});
// One row per setup: identity, then cv_*, lofo_*, naive_*, adapted_* figures and the
// bases. The transfers' table: one row per runtime and GPU pair, then pooled rows.
Table evaluation_table(const Evaluation& evaluation);
Table transfer_table(const Evaluation& evaluation);
// {level, folds, training_hash, setups: rows of evaluation_table, transfers: rows of
// transfer_table, notes}; without `points`.
Record to_json(const Evaluation& evaluation);

}  // namespace infergy::calibrate
