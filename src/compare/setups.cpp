// Reading setups and their models back from the store.
#include <algorithm>
#include <cctype>
#include <set>

#include <fmt/format.h>

#include "catalog_setup.hpp"
#include "infergy/compare.hpp"
#include "infergy/error.hpp"

namespace infergy::compare {
namespace {

std::optional<double> optional_real(const sql::Statement& stmt, int i) {
  if (stmt.is_null(i)) return std::nullopt;
  return stmt.real(i);
}

Setup read_setup(const sql::Statement& stmt) {
  Setup s;
  s.name = stmt.text(0);
  s.gpu = stmt.text(1);
  s.runtime = stmt.text(2);
  s.source = stmt.text(3);
  s.origin = stmt.text(4);
  s.imported_at = stmt.text(5);
  s.model_count = static_cast<size_t>(stmt.integer(6));
  return s;
}

constexpr const char* kSetupQuery =
    "SELECT s.name, s.gpu, s.runtime, s.source, s.origin, s.imported_at, "
    "(SELECT COUNT(*) FROM setup_measurements m WHERE m.setup = s.name) FROM setups s ";

std::string known_setups(Store& store) {
  std::string names;
  for (const auto& s : list_setups(store)) names += (names.empty() ? "" : ", ") + s.name;
  return names;
}

ModelPoint read_point(const sql::Statement& stmt) {
  ModelPoint p;
  p.model = stmt.text(0);
  p.family = architecture_family(p.model);
  p.input_px = static_cast<int>(stmt.integer(1));
  p.energy_j = stmt.real(2);
  p.throughput_items_per_s = stmt.is_null(3) ? 0 : stmt.real(3);
  p.latency_s = stmt.is_null(4) ? 0 : stmt.real(4);
  if (!stmt.is_null(5)) p.batch_size = static_cast<int>(stmt.integer(5));
  if (!stmt.is_null(6)) p.accuracy_pct_by_test_set[kDefaultTestSet] = stmt.real(6);
  p.params = optional_real(stmt, 7);
  p.macs = optional_real(stmt, 8);
  if (p.macs) p.flop_count = 2 * *p.macs;  // a multiply-add = 2 FLOPs
  p.activations = optional_real(stmt, 9);
  p.url = stmt.is_null(10) ? "" : stmt.text(10);
  if (!stmt.is_null(11)) p.release = parse_date(stmt.text(11));
  return p;
}

using PointKey = std::pair<std::string, int>;

void add_accuracies(Store& store, const std::string& setup, std::vector<ModelPoint>& models) {
  std::map<PointKey, ModelPoint*> by_key;
  for (auto& m : models) by_key[{m.model, m.input_px}] = &m;
  auto stmt = store.database().prepare(
      "SELECT a.model, a.input_px, a.test_set, a.top1_pct FROM model_accuracies a "
      "JOIN setup_measurements m ON m.model = a.model AND m.input_px = a.input_px "
      "WHERE m.setup = ?");
  stmt.bind(1, std::string_view(setup));
  while (stmt.step()) {
    auto it = by_key.find({stmt.text(0), static_cast<int>(stmt.integer(1))});
    // The accuracy files outrank the accuracy a measurement file repeats.
    if (it != by_key.end()) it->second->accuracy_pct_by_test_set[stmt.text(2)] = stmt.real(3);
  }
}

}  // namespace

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

std::vector<Setup> list_setups(Store& store) {
  auto stmt = store.database().prepare(std::string(kSetupQuery) + "ORDER BY s.name");
  std::vector<Setup> setups;
  while (stmt.step()) setups.push_back(read_setup(stmt));
  if (auto estimate = detail::catalog_estimate_setup(store)) setups.push_back(estimate->setup);
  return setups;
}

SetupView load_setup(Store& store, const std::string& setup) {
  if (setup == kCatalogEstimateSetup) {
    if (auto estimate = detail::catalog_estimate_setup(store)) return *estimate;
  }
  auto head = store.database().prepare(std::string(kSetupQuery) + "WHERE s.name = ?");
  head.bind(1, std::string_view(setup));
  if (!head.step()) {
    throw InputError(
        fmt::format("unknown setup '{}'; known setups: {}", setup, known_setups(store)));
  }
  SetupView view;
  view.setup = read_setup(head);
  auto stmt = store.database().prepare(
      "SELECT m.model, m.input_px, m.energy_j, m.throughput_items_per_s, m.latency_s, "
      "m.batch_size, m.accuracy_pct, s.params, s.macs, s.activations, s.url, s.release_date "
      "FROM setup_measurements m LEFT JOIN model_stats s "
      "ON s.model = m.model AND s.input_px = m.input_px "
      "WHERE m.setup = ? ORDER BY m.model, m.input_px");
  stmt.bind(1, std::string_view(setup));
  while (stmt.step()) view.models.push_back(read_point(stmt));
  add_accuracies(store, setup, view.models);
  std::set<std::string> test_sets;
  for (const auto& m : view.models) {
    for (const auto& [name, value] : m.accuracy_pct_by_test_set) test_sets.insert(name);
  }
  view.test_sets.assign(test_sets.begin(), test_sets.end());
  return view;
}

std::string architecture_family(const std::string& model) {
  std::string name = model.substr(0, model.find('.'));
  for (const char* prefix : {"tf_", "dm_", "legacy_", "gluon_", "wide_"}) {
    if (name.starts_with(prefix)) name = name.substr(std::string_view(prefix).size());
  }
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
