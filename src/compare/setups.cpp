// Setup views: what a stored view derives, model families, and their JSON.
#include <algorithm>
#include <cctype>
#include <set>

#include <fmt/format.h>

#include "infergy/compare.hpp"
#include "infergy/compare_figures.hpp"
#include "infergy/error.hpp"
#include "infergy/units.hpp"

namespace infergy::compare {

std::optional<double> ModelPoint::mean_accuracy_pct(
    const std::vector<std::string>& test_sets) const {
  if (test_sets.empty()) return std::nullopt;
  double sum = 0;
  for (const auto& t : test_sets) {
    auto it = accuracy_pct_by_test_set.find(t);
    if (it == accuracy_pct_by_test_set.end()) return std::nullopt;
    sum += it->second;
  }
  return sum / static_cast<double>(test_sets.size());
}

void finish_view(SetupView& view) {
  std::set<std::string> test_sets;
  for (auto& m : view.models) {
    auto info = architecture_info(m.model);
    m.family = info ? info->family : architecture_family(m.model);
    if (m.architecture.empty())
      m.architecture = to_string(info ? info->type : ArchitectureType::other);
    if (m.macs) m.flop_count = units::flop_count_from_macs(*m.macs);
    for (const auto& [name, value] : m.accuracy_pct_by_test_set) test_sets.insert(name);
  }
  view.test_sets.assign(test_sets.begin(), test_sets.end());
}

std::string architecture_name(const std::string& model) {
  std::string name = model.substr(0, model.find('.'));
  for (const char* prefix : {"tf_", "dm_", "legacy_", "gluon_", "wide_"}) {
    if (name.starts_with(prefix)) name = name.substr(std::string_view(prefix).size());
  }
  return name;
}

std::string architecture_family(const std::string& model) {
  if (auto info = architecture_info(model)) return info->family;
  const std::string name = architecture_name(model);
  std::string word = name.substr(0, name.find('_'));
  while (!word.empty() && std::isdigit(static_cast<unsigned char>(word.back()))) word.pop_back();
  // Version suffixes: "mobilenetv3" -> "mobilenet", "convnextv2" -> "convnext".
  if (word.size() > 4 && word.back() == 'v') word.pop_back();
  return word.empty() ? name : word;
}

nlohmann::json to_json(const Setup& s) {
  return {{"name", s.name},
          {"gpu", s.gpu},
          {"runtime", s.runtime},
          {"source", s.source},
          {"origin", s.origin},
          {"imported_at", s.imported_at},
          {"model_count", s.model_count},
          {"estimated", s.estimated}};
}

nlohmann::json to_json(const ModelPoint& p) {
  auto opt = [](const auto& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); };
  return {{"model", p.model},
          {"family", p.family},
          {"architecture", p.architecture},
          {"input_px", p.input_px},
          {"accuracy_pct_by_test_set", p.accuracy_pct_by_test_set},
          {"energy_j", p.energy_j},
          {"throughput_items_per_s", p.throughput_items_per_s},
          {"latency_s", p.latency_s},
          {"batch_size", opt(p.batch_size)},
          {"params", opt(p.params)},
          {"macs", opt(p.macs)},
          {"flop_count", opt(p.flop_count)},
          {"activations", opt(p.activations)},
          {"url", p.url},
          {"release_date", p.release ? nlohmann::json(p.release->iso()) : nlohmann::json(nullptr)}};
}

}  // namespace infergy::compare
