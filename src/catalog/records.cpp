#include <algorithm>
#include <cctype>

#include "infergy/catalog.hpp"
#include "infergy/error.hpp"
#include "infergy/suggest.hpp"
#include "infergy/units.hpp"

namespace infergy::catalog {
namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string str(const nlohmann::json& row, const char* key) {
  const auto& v = row.at(key);
  return v.is_null() ? std::string() : v.get<std::string>();
}

std::optional<double> maybe_real(const nlohmann::json& row, const char* key) {
  const auto& v = row.at(key);
  if (v.is_null()) return std::nullopt;
  return v.get<double>();
}

Date date(const nlohmann::json& row, const char* key) {
  auto parsed = parse_date(str(row, key));
  if (!parsed) throw Failure(std::string("store holds an invalid date in ") + key);
  return *parsed;
}

Model to_model(const nlohmann::json& r) {
  Model m;
  m.name = str(r, "name");
  m.domain = parse_domain(str(r, "domain"));
  m.extra_data = str(r, "extra_data");
  m.architecture = str(r, "architecture");
  m.release_date = date(r, "release_date");
  m.accuracy_pct = maybe_real(r, "accuracy_pct");
  m.accuracy_metric = str(r, "accuracy_metric");
  m.accuracy_flags = str(r, "accuracy_flags");
  m.params_m = maybe_real(r, "params_m");
  m.compute = r.at("compute").get<double>();
  m.compute_unit = str(r, "compute_unit") == "GMACs" ? ComputeUnit::gmac : ComputeUnit::gflop;
  m.compute_flags = str(r, "compute_flags");
  if (!r.at("input_tokens").is_null()) m.input_tokens = r.at("input_tokens").get<int>();
  m.source = str(r, "source");
  return m;
}

Gpu to_gpu(const nlohmann::json& r) {
  return Gpu{str(r, "name"),
             parse_precision(str(r, "precision")),
             r.at("peak_tflops").get<double>(),
             r.at("tdp_w").get<double>(),
             date(r, "launch_date"),
             str(r, "type"),
             maybe_real(r, "printed_gflops_per_watt"),
             str(r, "source")};
}

Throughput to_throughput(const nlohmann::json& r) {
  return Throughput{parse_domain(str(r, "task")),
                    str(r, "model"),
                    str(r, "framework"),
                    r.at("batch_size").get<int>(),
                    str(r, "gpu"),
                    str(r, "precision"),
                    str(r, "reference_gpu"),
                    r.at("throughput_items_per_s").get<double>(),
                    maybe_real(r, "printed_speedup").value_or(0)};
}

std::string suggestions(const std::string& wanted, const std::vector<std::string>& names) {
  return did_you_mean(wanted, names);
}

}  // namespace

std::string to_string(Domain domain) { return domain == Domain::cv ? "cv" : "nlp"; }

Domain parse_domain(const std::string& text) {
  auto t = lower(text);
  if (t == "cv") return Domain::cv;
  if (t == "nlp") return Domain::nlp;
  throw InputError("unknown domain '" + text + "' (expected cv or nlp)");
}

double Model::flop_count() const {
  double count = units::from_giga(compute);
  return compute_unit == ComputeUnit::gmac ? units::flop_count_from_macs(count) : count;
}

std::string Model::display_name() const {
  return extra_data.empty() ? name : name + " [" + extra_data + "]";
}

std::string to_string(Precision precision) {
  switch (precision) {
    case Precision::fp32:
      return "fp32";
    case Precision::fp16:
      return "fp16";
    case Precision::fp16_tensor:
      return "fp16-tensor";
    case Precision::tf32_tensor:
      return "tf32-tensor";
    case Precision::bf16_tensor:
      return "bf16-tensor";
  }
  return "?";
}

std::string paper_label(Precision precision) {
  switch (precision) {
    case Precision::fp32:
      return "FP32";
    case Precision::fp16:
      return "FP16";
    case Precision::fp16_tensor:
      return "FP16/FP32 Tensor";
    case Precision::tf32_tensor:
      return "TF32 Tensor";
    case Precision::bf16_tensor:
      return "BF16 Tensor";
  }
  return "?";
}

Precision parse_precision(const std::string& text) {
  auto t = lower(text);
  for (auto p : {Precision::fp32, Precision::fp16, Precision::fp16_tensor, Precision::tf32_tensor,
                 Precision::bf16_tensor}) {
    if (t == to_string(p) || t == lower(paper_label(p))) return p;
  }
  if (t == "tensor" || t == "fp16/bf16-tensor") return Precision::fp16_tensor;
  if (t == "tf32") return Precision::tf32_tensor;
  if (t == "bf16") return Precision::bf16_tensor;
  throw InputError("unknown precision '" + text +
                   "' (expected fp32, fp16, fp16-tensor, tf32-tensor or bf16-tensor)");
}

double HumanReference::power_w() const {
  using namespace units;
  if (unit == "kcal/person/day") return value * kJoulesPerKcal / kSecondsPerDay;
  // A 365-day year, as the source's per-year figure is an annual total.
  if (unit == "kWh/person/year") return value * kJoulesPerKwh / (365.0 * kSecondsPerDay);
  return value;  // W/person
}

const Model& Catalog::find_model(const std::string& name) const {
  std::vector<const Model*> hits;
  for (const auto& m : models) {
    if (lower(m.display_name()) == lower(name)) return m;
    if (lower(m.name) == lower(name)) hits.push_back(&m);
  }
  if (hits.size() == 1) return *hits.front();
  if (hits.empty()) {
    std::vector<std::string> names;
    for (const auto& m : models) names.push_back(m.display_name());
    throw InputError("no model named '" + name + "' in the catalog" + suggestions(name, names));
  }
  std::string variants;
  for (const auto* m : hits) variants += "\n  " + m->display_name();
  throw InputError("'" + name + "' names several models; pick one:" + variants);
}

std::vector<const Gpu*> Catalog::gpu_rows(const std::string& name) const {
  std::vector<const Gpu*> rows;
  for (const auto& g : gpus) {
    if (lower(g.name) == lower(name)) rows.push_back(&g);
  }
  return rows;
}

std::vector<std::string> Catalog::gpu_names() const {
  std::vector<std::string> names;
  for (const auto& g : gpus) {
    if (std::find(names.begin(), names.end(), g.name) == names.end()) names.push_back(g.name);
  }
  return names;
}

// A whole word of `name` (split at spaces, '-' and '/') equal to `word`, case-insensitive.
static bool has_word(const std::string& name, const std::string& word) {
  std::string token;
  for (char c : name + " ") {
    if (c == ' ' || c == '-' || c == '/') {
      if (!token.empty() && lower(token) == lower(word)) return true;
      token.clear();
    } else {
      token += c;
    }
  }
  return false;
}

std::string Catalog::resolve_gpu_name(const std::string& name) const {
  auto names = gpu_names();
  for (const auto& n : names) {
    if (lower(n) == lower(name)) return n;
  }
  // "V100" -> "Tesla V100": one name holding it as a word, else one holding it at all.
  for (bool whole_word : {true, false}) {
    std::vector<std::string> hits;
    for (const auto& n : names) {
      if (whole_word ? has_word(n, name) : lower(n).find(lower(name)) != std::string::npos)
        hits.push_back(n);
    }
    if (hits.size() == 1) return hits.front();
    if (hits.size() > 1) {
      std::string list;
      for (const auto& h : closest_names(name, hits, hits.size())) list += "\n  " + h;
      throw InputError("'" + name + "' matches several GPUs; pick one:" + list);
    }
  }
  throw InputError("no GPU named '" + name + "' in the catalog" + suggestions(name, names));
}

const Gpu& Catalog::find_gpu(const std::string& wanted, Precision precision) const {
  const std::string name = resolve_gpu_name(wanted);
  auto rows = gpu_rows(name);
  std::string have;
  for (const auto* g : rows) {
    if (g->precision == precision) return *g;
    have += (have.empty() ? "" : ", ") + to_string(g->precision);
  }
  throw InputError("GPU '" + name + "' has no " + to_string(precision) +
                   " figure in the catalog (it has: " + have + ")");
}

const GpuMemory* Catalog::find_gpu_memory(const std::string& name) const {
  for (const auto& m : gpu_memory) {
    if (lower(m.name) == lower(name)) return &m;
  }
  return nullptr;
}

GpuMemory to_gpu_memory(const nlohmann::json& r) {
  GpuMemory m;
  m.name = str(r, "name");
  m.bandwidth_bytes_per_second = units::from_giga(r.at("bandwidth_gb_per_s").get<double>());
  if (auto gb = maybe_real(r, "memory_gb")) m.memory_bytes = units::from_giga(*gb);
  m.memory_type = str(r, "memory_type");
  m.source = str(r, "source");
  return m;
}

const HumanReference& Catalog::human_reference(const std::string& name) const {
  for (const auto& r : human_references) {
    if (r.name == name) return r;
  }
  throw InputError("no human energy reference named '" + name + "'");
}

Catalog build_catalog(const std::vector<nlohmann::json>& models,
                      const std::vector<nlohmann::json>& gpus,
                      const std::vector<nlohmann::json>& throughputs,
                      const std::vector<nlohmann::json>& speedup_ratios,
                      const std::vector<nlohmann::json>& human_references) {
  Catalog c;
  for (const auto& r : models) c.models.push_back(to_model(r));
  for (const auto& r : gpus) c.gpus.push_back(to_gpu(r));
  for (const auto& r : throughputs) c.throughputs.push_back(to_throughput(r));
  for (const auto& r : speedup_ratios) {
    c.speedup_ratios.push_back({str(r, "gpu"), str(r, "precision"),
                                r.at("printed_cv_ratio").get<double>(),
                                r.at("printed_nlp_ratio").get<double>()});
  }
  for (const auto& r : human_references) {
    c.human_references.push_back({str(r, "name"), r.at("value").get<double>(), str(r, "unit"),
                                  str(r, "description"), str(r, "source")});
  }
  return c;
}

}  // namespace infergy::catalog
