// The catalog: models, GPUs, measured speed-ups and human energy references,
// each value with its source and flags. Defines the CSV datasets that the
// store imports and exports, and the typed records the estimators use.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "infergy/csv.hpp"
#include "infergy/dates.hpp"
#include "infergy/units.hpp"

namespace infergy::catalog {

// ---------------------------------------------------------------- datasets

enum class FieldType {
  text,           // any text; required -> non-empty
  real,           // finite number
  nonneg_real,    // finite number >= 0
  positive_real,  // finite number > 0
  positive_int,   // integer > 0
  date,           // ISO YYYY-MM-DD, a real calendar date
  flags,          // zero or more of † * ♠ ♣ (∗ is read as *)
  choice,         // one of `choices`
};

struct FieldSpec {
  std::string name;
  FieldType type = FieldType::text;
  bool required = false;
  std::vector<std::string> choices;  // for FieldType::choice
};

// One importable table: its CSV columns, its key, and the built-in files that seed it.
struct DatasetSpec {
  std::string name;  // also the SQL table name: "models", "gpus", ...
  std::vector<FieldSpec> fields;
  std::vector<std::string> key;            // fields that identify a row (upsert key)
  std::vector<std::string> builtin_files;  // embedded data/*.csv files loaded on first use
};

// All datasets, in load order.
const std::vector<DatasetSpec>& datasets();

// The dataset called `name`; throws InputError listing the valid names.
const DatasetSpec& dataset(std::string_view name);

// The dataset whose fields the CSV header holds exactly (order free).
// Throws InputError at file:1:column for a missing or unknown column.
const DatasetSpec& detect_dataset(const csv::Document& doc);

// A validated row: one JSON value per spec field (null, number or string), in spec order.
using Values = std::vector<nlohmann::json>;

// Checks every cell; the first problem throws InputError "file:line:column: field 'x': ...".
std::vector<Values> validate(const DatasetSpec& spec, const csv::Document& doc);

// Known paper flags, for messages and docs.
inline constexpr std::string_view kFlagHelp =
    "† measured with a model-analysis tool, * estimated by the authors, "
    "♠ GLUE without WNLI, ♣ GLUE dev set";

// ---------------------------------------------------------------- records

enum class Domain { cv, nlp };
std::string to_string(Domain domain);
Domain parse_domain(const std::string& text);  // "cv" | "nlp"; InputError otherwise

// How the source counted compute: FLOPs (a multiply-add = 2) or multiply-adds.
enum class ComputeUnit { gflop, gmac };

struct Model {
  std::string name;
  Domain domain = Domain::cv;
  std::string extra_data;  // "" = ImageNet only; else the extra training data
  std::string architecture;
  Date release_date;
  std::optional<double> accuracy_pct;
  std::string accuracy_metric;  // "imagenet-top1", "glue-test"
  std::string accuracy_flags;
  std::optional<double> params_m;
  double compute = 0;  // as the source reported it, in `compute_unit`
  ComputeUnit compute_unit = ComputeUnit::gflop;
  std::string compute_flags;
  std::optional<int> input_tokens;
  std::string source;

  // FLOPs, converted once from the source's unit (units.hpp: a multiply-add = 2 FLOPs).
  double flop_count() const;
  double gflop_count() const { return units::to_giga(flop_count()); }
  // "name" or "name [extra data]" when the model was trained with extra data.
  std::string display_name() const;
};

// Precisions of peak figures. fp16_tensor is the paper's "FP16/FP32 Tensor".
enum class Precision { fp32, fp16, fp16_tensor, tf32_tensor, bf16_tensor };
std::string to_string(Precision precision);    // "fp32", "fp16-tensor", ...
std::string paper_label(Precision precision);  // "FP32", "FP16/FP32 Tensor", ...
// Accepts codes, paper labels and aliases (tf32, bf16, tensor); InputError otherwise.
Precision parse_precision(const std::string& text);

struct Gpu {
  std::string name;
  Precision precision = Precision::fp32;
  double peak_tflop_per_second = 0;  // peak TFLOP/s
  double tdp_w = 0;
  Date launch_date;
  std::string type;  // Desktop, Server
  std::optional<double> printed_gflop_per_joule;
  std::string source;

  double flop_per_second() const { return units::from_tera(peak_tflop_per_second); }
  double flop_per_joule() const { return flop_per_second() / tdp_w; }
};

// A throughput measured by NVIDIA (paper Table 3): the basis of the speed-ups.
struct Throughput {
  Domain task = Domain::cv;
  std::string model;
  std::string framework;
  int batch_size = 0;
  std::string gpu;            // catalog GPU name
  std::string precision;      // measured mode: "fp32", "tf32", "mixed"
  std::string reference_gpu;  // whose FP32 throughput the speed-up divides by
  double throughput_items_per_s = 0;
  double printed_speedup = 0;
};

// Paper Table 4, as printed (rounded means of Table 3).
struct SpeedupRatio {
  std::string gpu;
  std::string precision;
  double printed_cv_ratio = 0;
  double printed_nlp_ratio = 0;
};

struct HumanReference {
  std::string name;  // "internal", "external"
  double value = 0;
  std::string unit;  // "kcal/person/day", "kWh/person/year"
  std::string description;
  std::string source;
  double power_w() const;  // the reference as a continuous power per person
};

// A GPU's memory (dataset gpu_memory): one row per card, whatever the precision.
struct GpuMemory {
  std::string name;  // as in the gpus dataset
  double bandwidth_bytes_per_second = 0;
  std::optional<double> memory_bytes;
  std::string memory_type;  // "HBM2e", "GDDR6X", ...
  std::string source;       // the datasheet
};

struct Catalog {
  std::vector<Model> models;
  std::vector<Gpu> gpus;
  std::vector<GpuMemory> gpu_memory;
  std::vector<Throughput> throughputs;
  std::vector<SpeedupRatio> speedup_ratios;
  std::vector<HumanReference> human_references;

  // By name, case-insensitive; "name [extra]" picks a variant. InputError if
  // absent (with close names) or ambiguous (listing the variants).
  const Model& find_model(const std::string& name) const;
  // The GPU row for name and precision; InputError if absent, listing what exists.
  const Gpu& find_gpu(const std::string& name, Precision precision) const;
  std::vector<const Gpu*> gpu_rows(const std::string& name) const;  // exact name, any case
  std::vector<std::string> gpu_names() const;                       // distinct, in order
  // The catalog name a user's GPU name means: the same name in any case, else the one
  // name holding it as a word ("V100" -> "Tesla V100"), else the one holding it at all.
  // Throws InputError listing the candidates when several match, or suggesting the
  // closest names when none does.
  std::string resolve_gpu_name(const std::string& name) const;
  // The memory row of a GPU, case-insensitive; nullptr when the catalog has none.
  const GpuMemory* find_gpu_memory(const std::string& name) const;
  const HumanReference& human_reference(const std::string& name) const;
};

// A gpu_memory row as the store returns it.
GpuMemory to_gpu_memory(const nlohmann::json& row);

// Builds records from rows as the store returns them (JSON objects keyed by field).
// gpu_memory is filled apart (to_gpu_memory), so this signature stays.
Catalog build_catalog(const std::vector<nlohmann::json>& models,
                      const std::vector<nlohmann::json>& gpus,
                      const std::vector<nlohmann::json>& throughputs,
                      const std::vector<nlohmann::json>& speedup_ratios,
                      const std::vector<nlohmann::json>& human_references);

}  // namespace infergy::catalog
