#include "ranking.hpp"

#include <algorithm>

namespace infergy::server {
namespace {

// Models passing the thresholds, with their mean accuracy (score not yet set).
std::vector<RankedModel> considered(const ExplorerSetup& setup, const RankQuery& query) {
  std::vector<RankedModel> kept;
  for (const auto& model : setup.models) {
    auto accuracy = mean_accuracy(model, query.test_sets);
    if (!accuracy || *accuracy < query.min_accuracy_pct) continue;
    if (query.max_energy_j && model.energy_j > *query.max_energy_j) continue;
    kept.push_back({&model, *accuracy, 0});
  }
  return kept;
}

double score(const RankedModel& entry, const RankQuery& query, double largest_energy_j) {
  double energy_j = entry.model->energy_j;
  if (query.metric == Metric::acc_per_joule) return entry.accuracy_pct / energy_j;
  double energy_pct = energy_j / largest_energy_j * 100;
  return 100 - (query.weight * energy_pct + (1 - query.weight) * (100 - entry.accuracy_pct));
}

}  // namespace

std::optional<double> mean_accuracy(const ExplorerModel& model,
                                    const std::vector<std::string>& test_sets) {
  if (test_sets.empty()) return std::nullopt;
  double sum = 0;
  for (const auto& set : test_sets) {
    auto it = model.accuracy_pct.find(set);
    if (it == model.accuracy_pct.end()) return std::nullopt;
    sum += it->second;
  }
  return sum / static_cast<double>(test_sets.size());
}

std::vector<RankedModel> rank_models(const ExplorerSetup& setup, const RankQuery& query) {
  auto ranked = considered(setup, query);
  double largest_energy_j = 0;
  for (const auto& entry : ranked)
    largest_energy_j = std::max(largest_energy_j, entry.model->energy_j);
  for (auto& entry : ranked) entry.score = score(entry, query, largest_energy_j);
  std::sort(ranked.begin(), ranked.end(), [](const RankedModel& a, const RankedModel& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.model->energy_j != b.model->energy_j) return a.model->energy_j < b.model->energy_j;
    return a.model->name < b.model->name;
  });
  return ranked;
}

std::vector<RankedModel> pareto_front(const ExplorerSetup& setup, const RankQuery& query) {
  auto candidates = considered(setup, query);
  std::sort(candidates.begin(), candidates.end(), [](const RankedModel& a, const RankedModel& b) {
    if (a.model->energy_j != b.model->energy_j) return a.model->energy_j < b.model->energy_j;
    return a.accuracy_pct > b.accuracy_pct;
  });
  std::vector<RankedModel> front;
  for (const auto& entry : candidates) {
    if (front.empty() || entry.accuracy_pct > front.back().accuracy_pct) front.push_back(entry);
  }
  return front;
}

}  // namespace infergy::server
