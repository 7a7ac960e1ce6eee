// The explorer's ranking: the scores of seed 003 §4.4 over one setup's models,
// with the accuracy averaged over the chosen test sets. The page computes the same
// in the browser (web/src/scores.ts); the API answers with this.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "infergy/server.hpp"

namespace infergy::server {

enum class Metric {
  acc_per_joule,  // accuracy % / energy J
  manhattan,      // 100 - (W * E/N * 100 + (1 - W) * (100 - A))
};

struct RankQuery {
  std::vector<std::string> test_sets;  // averaged; a model lacking one is left out
  Metric metric = Metric::manhattan;
  double weight = 0.5;                 // W in [0, 1] (manhattan only)
  double min_accuracy_pct = 0;         // models below are left out
  std::optional<double> max_energy_j;  // models above are left out
};

struct RankedModel {
  const ExplorerModel* model = nullptr;  // points into the setup ranked
  double accuracy_pct = 0;               // averaged over the query's test sets
  double score = 0;
};

// Models passing the thresholds, best score first (ties: lower energy, then name).
std::vector<RankedModel> rank_models(const ExplorerSetup& setup, const RankQuery& query);

// Models passing the thresholds that no other model beats on both accuracy and energy,
// by ascending energy.
std::vector<RankedModel> pareto_front(const ExplorerSetup& setup, const RankQuery& query);

// The mean accuracy over `test_sets`, or nothing when the model lacks one of them.
std::optional<double> mean_accuracy(const ExplorerModel& model,
                                    const std::vector<std::string>& test_sets);

}  // namespace infergy::server
