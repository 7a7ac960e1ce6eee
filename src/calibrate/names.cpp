// Families and architectures from model names; runtimes and GPU specs.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "infergy/calibrate.hpp"
#include "infergy/compare.hpp"
#include "infergy/error.hpp"

namespace infergy::calibrate {
namespace {

bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
bool is_alpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }

// "resnet50d" -> "resnet": drops digits followed by at most three letters at the end.
std::string without_size(const std::string& word) {
  size_t end = word.size();
  size_t letters = 0;
  while (letters < 3 && end > 0 && is_alpha(word[end - 1])) --end, ++letters;
  size_t digits_end = end;
  while (end > 0 && is_digit(word[end - 1])) --end;
  // No digits before the letters: the letters are part of the name ("regnety").
  if (end == digits_end || end == 0) return word;
  return word.substr(0, end);
}

// "mobilenetv" -> "mobilenet", "hgnetv2" -> "hgnet" (version suffixes), not "dev" -> "de".
std::string without_version(const std::string& word) {
  size_t end = word.size();
  while (end > 0 && is_digit(word[end - 1])) --end;
  if (end > 4 && word[end - 1] == 'v') return word.substr(0, end - 1);
  return word;
}

// Memoised per thread: an unseen family is compared with every family of a fit, once
// per point and per refit of cross-validation.
const std::set<std::string>& trigrams(const std::string& word) {
  thread_local std::unordered_map<std::string, std::set<std::string>> cache;
  auto [it, inserted] = cache.try_emplace(word);
  if (inserted) {
    const std::string padded = "^" + word + "$";
    for (size_t i = 0; i + 3 <= padded.size(); ++i) it->second.insert(padded.substr(i, 3));
  }
  return it->second;
}

}  // namespace

std::string model_architecture(const std::string& model) {
  std::string name = model.substr(0, model.find('.'));
  for (auto& c : name) {
    c = (c == '-' || c == ' ' || c == '/') ? '_' : static_cast<char>(std::tolower(c));
  }
  return name;
}

std::string model_family(const std::string& model) {
  const std::string name = compare::architecture_name(model_architecture(model));
  const std::string word = name.substr(0, name.find('_'));
  std::string family = without_version(without_size(word));
  if (family.size() < 2) family = word;  // "b0" style names keep their word
  return family.empty() ? name : family;
}

double family_similarity(const std::string& a, const std::string& b) {
  // Memoised per thread, like trigrams(): cross-validation asks the same pairs often.
  thread_local std::unordered_map<std::string, double> cache;
  auto [it, inserted] = cache.try_emplace(a + '\n' + b);
  if (!inserted) return it->second;
  const auto &ga = trigrams(a), &gb = trigrams(b);
  size_t both = 0;
  for (const auto& g : ga) both += gb.count(g);
  size_t either = ga.size() + gb.size() - both;
  it->second = either == 0 ? 0.0 : static_cast<double>(both) / static_cast<double>(either);
  return it->second;
}

std::string runtime_key(const std::string& runtime) {
  std::string key = runtime;
  std::transform(key.begin(), key.end(), key.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (key == "pt" || key == "torch") return "pytorch";
  if (key == "trt") return "tensorrt";
  return key;
}

catalog::Precision runtime_precision(const std::string& key) {
  if (key == "pytorch") return catalog::Precision::tf32_tensor;
  if (key == "tensorrt") return catalog::Precision::fp16_tensor;
  return catalog::Precision::fp32;
}

GpuSpecs gpu_specs(const catalog::Catalog& catalog, const std::string& gpu,
                   catalog::Precision precision) {
  const auto& row = catalog.find_gpu(gpu, precision);  // InputError naming what exists
  const auto* memory = catalog.find_gpu_memory(gpu);
  if (!memory) {
    throw InputError(fmt::format(
        "GPU '{}' has no memory bandwidth in the catalog (dataset gpu_memory); add a row "
        "with 'infergy db import FILE.csv' (columns name,bandwidth_gb_per_s,memory_gb,"
        "memory_type,source)",
        gpu));
  }
  return {row.name,
          precision,
          row.flop_per_second(),
          memory->bandwidth_bytes_per_second,
          row.tdp_w,
          row.source + "; " + memory->source};
}

namespace {

double bytes_per_value(catalog::Precision precision) {
  using P = catalog::Precision;
  return precision == P::fp16 || precision == P::fp16_tensor || precision == P::bf16_tensor ? 2 : 4;
}

double roofline_time_s(const GpuSpecs& gpu, double macs, double activations) {
  const double flop_count = 2 * macs;  // a multiply-add is 2 FLOPs
  const double bytes = 2 * activations * bytes_per_value(gpu.precision);
  return std::max(flop_count / gpu.peak_flop_per_second, bytes / gpu.bandwidth_bytes_per_second);
}

}  // namespace

double roofline_energy_ratio(const GpuSpecs& source, const GpuSpecs& target, double macs,
                             double activations) {
  return (target.tdp_w * roofline_time_s(target, macs, activations)) /
         (source.tdp_w * roofline_time_s(source, macs, activations));
}

}  // namespace infergy::calibrate
