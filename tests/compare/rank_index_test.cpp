// Issue 13: the server's RankIndex ranks exactly as compare::rank does, on random
// setups (ties, missing test sets, thresholds, every top N).
#include <random>

#include <gtest/gtest.h>

#include "infergy/compare.hpp"
#include "infergy/error.hpp"

using namespace infergy;
using namespace infergy::compare;

namespace {

SetupView random_setup(std::mt19937& rng, std::size_t n) {
  SetupView v;
  v.setup.name = "RANDOM";
  std::uniform_int_distribution<int> accuracy(500, 900);  // coarse: many ties
  std::uniform_int_distribution<int> energy(1, 40);
  std::bernoulli_distribution has_sketch(0.7);
  for (std::size_t i = 0; i < n; ++i) {
    ModelPoint p;
    p.model = "m" + std::to_string(100000 + i);
    p.accuracy_pct_by_test_set[kDefaultTestSet] = accuracy(rng) / 10.0;
    if (has_sketch(rng)) p.accuracy_pct_by_test_set["sketch"] = accuracy(rng) / 10.0 - 30;
    p.energy_j = energy(rng) / 100.0;
    v.models.push_back(p);
  }
  finish_view(v);
  return v;
}

void expect_same(const RankResult& a, const RankResult& b) {
  EXPECT_EQ(a.candidates, b.candidates);
  EXPECT_EQ(a.considered, b.considered);
  EXPECT_EQ(a.normalizing_energy_j, b.normalizing_energy_j);
  EXPECT_EQ(a.bands.min_energy_j, b.bands.min_energy_j);
  EXPECT_EQ(a.bands.max_energy_j, b.bands.max_energy_j);
  ASSERT_EQ(a.entries.size(), b.entries.size());
  for (std::size_t i = 0; i < a.entries.size(); ++i) {
    EXPECT_EQ(a.entries[i].index, b.entries[i].index) << "entry " << i;
    EXPECT_EQ(a.entries[i].rank, b.entries[i].rank);
    EXPECT_EQ(a.entries[i].score, b.entries[i].score);
    EXPECT_EQ(a.entries[i].accuracy_pct, b.entries[i].accuracy_pct);
    EXPECT_EQ(a.entries[i].stars, b.entries[i].stars);
  }
}

}  // namespace

TEST(Issue13RankIndex, SameRankingAsRankOnRandomSetups) {
  std::mt19937 rng(13);
  for (std::size_t n : {0u, 1u, 7u, 400u}) {
    auto view = random_setup(rng, n);
    RankIndex index(view);
    for (int trial = 0; trial < 40; ++trial) {
      RankOptions o;
      o.metric = trial % 2 ? Metric::acc_per_joule : Metric::manhattan;
      o.weight = (trial % 5) / 4.0;
      o.min_accuracy_pct = trial % 3 ? 0 : 65;
      if (trial % 4 == 1) o.max_energy_j = 0.2;
      if (trial % 3 == 2) o.test_sets = {kDefaultTestSet, "sketch"};
      o.top_n = static_cast<std::size_t>(trial % 7 == 0 ? 0 : trial * 3 % 50 + 1);
      if (n == 0) o.test_sets = {kDefaultTestSet};
      expect_same(index.rank(o), rank(view, o));
    }
  }
}

TEST(Issue13RankIndex, UnknownTestSetAndBadOptionsAreRefusedAsRankDoes) {
  std::mt19937 rng(7);
  auto view = random_setup(rng, 20);
  RankIndex index(view);
  RankOptions o;
  o.test_sets = {"no-such-set"};
  EXPECT_THROW(index.rank(o), InputError);
  o.test_sets = {kDefaultTestSet};
  o.weight = 2;
  EXPECT_THROW(index.rank(o), InputError);
}
