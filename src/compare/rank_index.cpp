// Ranking one setup many times: arrays built once, one pass and a partial selection per
// query (issue 13: the server rescored and stable-sorted every model through map lookups
// on every request).
#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "infergy/compare.hpp"
#include "infergy/error.hpp"

namespace infergy::compare {

RankIndex::RankIndex(const SetupView& view) : view_(&view) {
  constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();
  energy_j_.reserve(view.models.size());
  for (std::size_t i = 0; i < view.models.size(); ++i) {
    const auto& m = view.models[i];
    energy_j_.push_back(m.energy_j);
    for (const auto& [set, accuracy] : m.accuracy_pct_by_test_set) {
      auto& column = accuracy_by_test_set_[set];
      if (column.empty()) column.assign(view.models.size(), kMissing);
      column[i] = accuracy;
    }
  }
  if (!energy_j_.empty()) bands_ = star_bands(energy_j_);
}

RankResult RankIndex::rank(const RankOptions& o) const {
  validate(o);
  const auto& view = *view_;
  std::vector<const std::vector<double>*> columns;
  for (const auto& t : o.test_sets) {
    auto it = accuracy_by_test_set_.find(t);
    if (it == accuracy_by_test_set_.end()) {
      // A test set no model of the setup has is a typo, not an empty ranking.
      if (view.models.empty()) return compare::rank(view, o);
      throw InputError(fmt::format("no model of setup '{}' has test set '{}'; known: {}",
                                   view.setup.name, t, fmt::join(view.test_sets, ", ")));
    }
    columns.push_back(&it->second);
  }
  RankResult r;
  r.setup = view.setup.name;
  r.metric = o.metric;
  r.weight = o.weight;
  r.test_sets = o.test_sets;
  r.bands = bands_;
  // One pass: the mean accuracy (summed in the order of test_sets, as
  // ModelPoint::mean_accuracy_pct does, so the figures are identical), the thresholds.
  std::vector<RankedModel> kept;
  const double count = static_cast<double>(columns.size());
  for (std::size_t i = 0; i < energy_j_.size(); ++i) {
    double sum = 0;
    for (const auto* column : columns) sum += (*column)[i];
    if (std::isnan(sum)) continue;  // lacks a test set
    ++r.candidates;
    double accuracy = sum / count;
    double energy = energy_j_[i];
    if (accuracy < o.min_accuracy_pct || (o.max_energy_j && energy > *o.max_energy_j)) continue;
    kept.push_back({i, 0, accuracy, energy, 0, 0});
    r.normalizing_energy_j = std::max(r.normalizing_energy_j, energy);
  }
  r.considered = kept.size();
  for (auto& e : kept) {
    e.score = o.metric == Metric::acc_per_joule
                  ? accuracy_per_joule(e.accuracy_pct, e.energy_j)
                  : manhattan_score(e.accuracy_pct, e.energy_j, r.normalizing_energy_j, o.weight);
  }
  // Best first, ties in model order: the order a stable sort by score gives.
  auto better = [](const RankedModel& a, const RankedModel& b) {
    return a.score > b.score || (a.score == b.score && a.index < b.index);
  };
  std::size_t n = o.top_n > 0 ? std::min(o.top_n, kept.size()) : kept.size();
  std::partial_sort(kept.begin(), kept.begin() + static_cast<std::ptrdiff_t>(n), kept.end(),
                    better);
  kept.resize(n);
  for (std::size_t i = 0; i < kept.size(); ++i) {
    kept[i].rank = i + 1;
    kept[i].stars = bands_.stars(kept[i].energy_j);
  }
  r.entries = std::move(kept);
  return r;
}

}  // namespace infergy::compare
