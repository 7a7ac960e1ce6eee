#include "server/ranking.hpp"

#include <gtest/gtest.h>

#include "fixture.hpp"

namespace infergy::server {
namespace {

std::vector<std::string> names(const std::vector<RankedModel>& ranked) {
  std::vector<std::string> out;
  for (const auto& r : ranked) out.push_back(r.model->name);
  return out;
}

TEST(RankingTest, ManhattanScoresMatchHandComputedValues) {
  auto data = testing::data();
  RankQuery query{{"imagenet-original"}, Metric::manhattan, 0.5, 0, {}};
  auto ranked = rank_models(data.setups[0], query);
  EXPECT_EQ(names(ranked), (std::vector<std::string>{"small", "medium", "waste", "large"}));
  EXPECT_DOUBLE_EQ(ranked[0].score, 72.5);
  EXPECT_DOUBLE_EQ(ranked[1].score, 65);
  EXPECT_DOUBLE_EQ(ranked[2].score, 50);
  EXPECT_DOUBLE_EQ(ranked[3].score, 45);
}

TEST(RankingTest, WeightZeroRanksByAccuracyAndOneByEnergy) {
  auto data = testing::data();
  RankQuery query{{"imagenet-original"}, Metric::manhattan, 0, 0, {}};
  EXPECT_EQ(rank_models(data.setups[0], query).front().model->name, "large");
  EXPECT_DOUBLE_EQ(rank_models(data.setups[0], query).front().score, 90);
  query.weight = 1;
  EXPECT_EQ(rank_models(data.setups[0], query).front().model->name, "small");
  EXPECT_DOUBLE_EQ(rank_models(data.setups[0], query).front().score, 75);
}

TEST(RankingTest, ThresholdsFilterAndRescaleTheLargestEnergy) {
  auto data = testing::data();
  // Without "large", N = 3 J: small = 100 - (0.5*100/3 + 0.5*30).
  RankQuery query{{"imagenet-original"}, Metric::manhattan, 0.5, 72, 3.0};
  auto ranked = rank_models(data.setups[0], query);
  EXPECT_EQ(names(ranked), (std::vector<std::string>{"medium", "waste"}));
  EXPECT_DOUBLE_EQ(ranked[0].score, 100 - (0.5 * 200.0 / 3 + 0.5 * 20));
}

TEST(RankingTest, AccuracyPerJoule) {
  auto data = testing::data();
  RankQuery query{{"imagenet-original"}, Metric::acc_per_joule, 0.5, 75, {}};
  auto ranked = rank_models(data.setups[0], query);
  EXPECT_EQ(names(ranked), (std::vector<std::string>{"medium", "waste", "large"}));
  EXPECT_DOUBLE_EQ(ranked[0].score, 40);
}

TEST(RankingTest, AveragesTestSetsAndSkipsModelsLackingOne) {
  auto data = testing::data();
  data.setups[0].models[3].accuracy_pct.erase("sketch");
  RankQuery query{{"imagenet-original", "sketch"}, Metric::acc_per_joule, 0.5, 0, {}};
  auto ranked = rank_models(data.setups[0], query);
  EXPECT_EQ(ranked.size(), 3u);
  EXPECT_DOUBLE_EQ(ranked[0].accuracy_pct, 50);  // small: (70 + 30) / 2
}

TEST(RankingTest, ParetoFrontDropsDominatedModels) {
  auto data = testing::data();
  RankQuery query{{"imagenet-original"}, Metric::manhattan, 0.5, 0, {}};
  EXPECT_EQ(names(pareto_front(data.setups[0], query)),
            (std::vector<std::string>{"small", "medium", "large"}));
}

}  // namespace
}  // namespace infergy::server
