// Scores of Yang et al. section 4.4, energy star bands and rankings.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "infergy/compare.hpp"
#include "infergy/error.hpp"

namespace infergy::compare {
namespace {

struct Candidate {
  size_t index;
  double accuracy_pct;
  double energy_j;
};

std::vector<Candidate> candidates(const SetupView& view,
                                  const std::vector<std::string>& test_sets) {
  std::vector<Candidate> out;
  for (size_t i = 0; i < view.models.size(); ++i) {
    if (auto a = view.models[i].mean_accuracy_pct(test_sets)) {
      out.push_back({i, *a, view.models[i].energy_j});
    }
  }
  return out;
}

bool passes(const Candidate& c, const RankOptions& o) {
  return c.accuracy_pct >= o.min_accuracy_pct && (!o.max_energy_j || c.energy_j <= *o.max_energy_j);
}

double score(const Candidate& c, const RankOptions& o, double max_energy_j) {
  return o.metric == Metric::acc_per_joule
             ? accuracy_per_joule(c.accuracy_pct, c.energy_j)
             : manhattan_score(c.accuracy_pct, c.energy_j, max_energy_j, o.weight);
}

std::vector<double> setup_energies(const SetupView& view) {
  std::vector<double> energies;
  for (const auto& m : view.models) energies.push_back(m.energy_j);
  return energies;
}

// A test set no model of the setup has is a typo, not an empty ranking.
void check_test_sets_known(const SetupView& view, const std::vector<std::string>& test_sets) {
  for (const auto& t : test_sets) {
    bool known = std::any_of(view.models.begin(), view.models.end(), [&](const ModelPoint& m) {
      return m.accuracy_pct_by_test_set.count(t) > 0;
    });
    if (!known && !view.models.empty()) {
      throw InputError(fmt::format("no model of setup '{}' has test set '{}'; known: {}",
                                   view.setup.name, t, fmt::join(view.test_sets, ", ")));
    }
  }
}

}  // namespace

std::string to_string(Metric metric) {
  return metric == Metric::acc_per_joule ? "acc-per-joule" : "manhattan";
}

Metric parse_metric(const std::string& text) {
  if (text == "acc-per-joule" || text == "acc_per_joule") return Metric::acc_per_joule;
  if (text == "manhattan") return Metric::manhattan;
  throw InputError(fmt::format("unknown metric '{}'; use acc-per-joule or manhattan", text));
}

double accuracy_per_joule(double accuracy_pct, double energy_j) { return accuracy_pct / energy_j; }

double manhattan_score(double accuracy_pct, double energy_j, double max_energy_j, double weight) {
  double energy_pct = energy_j / max_energy_j * 100;
  return 100 - (weight * energy_pct + (1 - weight) * (100 - accuracy_pct));
}

std::array<double, 6> StarBands::edges() const {
  std::array<double, 6> e{};
  for (size_t i = 0; i < e.size(); ++i) {
    e[i] = min_energy_j + (max_energy_j - min_energy_j) * static_cast<double>(i) / 5.0;
  }
  e[5] = max_energy_j;  // exact, whatever the rounding
  return e;
}

int StarBands::stars(double energy_j) const {
  double width = max_energy_j - min_energy_j;
  if (!(width > 0) || energy_j <= min_energy_j) return 5;
  // Band k (0-based from the lowest energy) holds (min + k w/5, min + (k+1) w/5];
  // the lowest band also holds min itself.
  double band = std::ceil((energy_j - min_energy_j) * 5.0 / width) - 1;
  return 5 - static_cast<int>(std::clamp(band, 0.0, 4.0));
}

StarBands star_bands(const std::vector<double>& energies_j) {
  if (energies_j.empty()) throw InputError("star bands need at least one energy");
  auto [lo, hi] = std::minmax_element(energies_j.begin(), energies_j.end());
  return {*lo, *hi};
}

void validate(const RankOptions& o) {
  if (o.test_sets.empty()) throw InputError("give at least one test set");
  if (!(o.weight >= 0 && o.weight <= 1)) {
    throw InputError(fmt::format("weight {} is outside [0, 1]", o.weight));
  }
  if (o.max_energy_j && !(*o.max_energy_j > 0)) {
    throw InputError(fmt::format("maximum energy {} J must be positive", *o.max_energy_j));
  }
  if (!(o.min_accuracy_pct >= 0 && o.min_accuracy_pct <= 100)) {
    throw InputError(fmt::format("minimum accuracy {} % is outside [0, 100]", o.min_accuracy_pct));
  }
}

RankResult rank(const SetupView& view, const RankOptions& o) {
  validate(o);
  check_test_sets_known(view, o.test_sets);
  RankResult r;
  r.setup = view.setup.name;
  r.metric = o.metric;
  r.weight = o.weight;
  r.test_sets = o.test_sets;
  auto all = candidates(view, o.test_sets);
  r.candidates = all.size();
  std::vector<Candidate> kept;
  std::copy_if(all.begin(), all.end(), std::back_inserter(kept),
               [&](const Candidate& c) { return passes(c, o); });
  r.considered = kept.size();
  for (const auto& c : kept) r.normalizing_energy_j = std::max(r.normalizing_energy_j, c.energy_j);
  if (!view.models.empty()) r.bands = star_bands(setup_energies(view));
  for (const auto& c : kept) {
    r.entries.push_back({c.index, 0, c.accuracy_pct, c.energy_j,
                         score(c, o, r.normalizing_energy_j), r.bands.stars(c.energy_j)});
  }
  std::stable_sort(r.entries.begin(), r.entries.end(),
                   [](const RankedModel& a, const RankedModel& b) { return a.score > b.score; });
  if (o.top_n > 0 && r.entries.size() > o.top_n) r.entries.resize(o.top_n);
  for (size_t i = 0; i < r.entries.size(); ++i) r.entries[i].rank = i + 1;
  return r;
}

std::vector<size_t> pareto(const SetupView& view, const std::vector<std::string>& test_sets) {
  auto all = candidates(view, test_sets);
  std::vector<double> energy, accuracy;
  for (const auto& c : all) {
    energy.push_back(c.energy_j);
    accuracy.push_back(c.accuracy_pct);
  }
  std::vector<size_t> front;
  if (all.empty()) return front;
  for (size_t i : stats::pareto_front(energy, accuracy)) front.push_back(all[i].index);
  return front;
}

nlohmann::json to_json(const RankResult& r, const SetupView& view) {
  auto edges = r.bands.edges();
  nlohmann::json entries = nlohmann::json::array();
  for (const auto& e : r.entries) {
    auto m = to_json(view.models.at(e.index));
    m.erase("accuracy_pct_by_test_set");
    m["rank"] = e.rank;
    m["accuracy_pct"] = e.accuracy_pct;
    m["score"] = e.score;
    m["stars"] = e.stars;
    entries.push_back(std::move(m));
  }
  return {{"setup", r.setup},
          {"metric", to_string(r.metric)},
          {"score_unit", r.metric == Metric::acc_per_joule ? "%/J" : "points (100 = ideal)"},
          {"weight", r.metric == Metric::manhattan ? nlohmann::json(r.weight) : nullptr},
          {"test_sets", r.test_sets},
          {"candidates", r.candidates},
          {"considered", r.considered},
          {"normalizing_energy_j", r.normalizing_energy_j},
          {"star_band_edges_j", std::vector<double>(edges.begin(), edges.end())},
          {"entries", std::move(entries)}};
}

}  // namespace infergy::compare
