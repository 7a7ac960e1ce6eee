#include "server/api.hpp"

#include <gtest/gtest.h>

#include "fixture.hpp"

namespace infergy::server {
namespace {

using nlohmann::json;

class ApiTest : public ::testing::Test {
 protected:
  json get(const std::string& path, const RawParams& params = {}, int status = 200) {
    auto reply = api_.handle(path, params);
    EXPECT_EQ(reply.status, status) << path << ": " << reply.body;
    return json::parse(reply.body);
  }
  std::vector<std::string> ranked_models(const RawParams& params) {
    std::vector<std::string> names;
    auto reply = get("/api/ranking", params);
    for (const auto& e : reply["entries"]) names.push_back(e["model"]);
    return names;
  }
  Api api_{testing::data(), {"trend.svg"}};
};

TEST_F(ApiTest, HealthAndSetups) {
  EXPECT_EQ(get("/api/health")["status"], "ok");
  auto setups = get("/api/setups")["setups"];
  ASSERT_EQ(setups.size(), 2u);
  EXPECT_EQ(setups[0]["name"], "A100_TRT");
  EXPECT_EQ(setups[0]["model_count"], 4);
  EXPECT_EQ(setups[0]["test_sets"], json({"imagenet-original", "sketch"}));
}

TEST_F(ApiTest, ManhattanRankingMatchesHandComputedScores) {
  auto reply = get("/api/ranking", {{"setup", "A100_TRT"}});
  std::vector<double> scores;
  for (const auto& e : reply["entries"]) scores.push_back(e["score"]);
  EXPECT_EQ(scores, (std::vector<double>{72.5, 65, 50, 45}));
  EXPECT_EQ(ranked_models({{"setup", "A100_TRT"}}),
            (std::vector<std::string>{"small", "medium", "waste", "large"}));
  EXPECT_EQ(ranked_models({{"setup", "A100_TRT"}, {"weight", "0"}}).front(), "large");
  EXPECT_EQ(ranked_models({{"setup", "A100_TRT"}, {"weight", "1"}}).front(), "small");
}

TEST_F(ApiTest, RankingAppliesEveryParameter) {
  auto reply = get("/api/ranking", {{"setup", "A100_TRT"},
                                    {"metric", "manhattan"},
                                    {"weight", "0.5"},
                                    {"min_accuracy", "72"},
                                    {"max_energy_j", "3"},
                                    {"top", "1"}});
  EXPECT_EQ(reply["considered"], 2);
  ASSERT_EQ(reply["entries"].size(), 1u);
  EXPECT_EQ(reply["entries"][0]["model"], "medium");
  // Without "large", N = 3 J.
  EXPECT_DOUBLE_EQ(reply["entries"][0]["score"].get<double>(), 100 - (0.5 * 200.0 / 3 + 10));
  EXPECT_EQ(reply["max_energy_j"], 3.0);
  EXPECT_EQ(
      ranked_models({{"setup", "A100_TRT"}, {"metric", "acc-per-joule"}, {"min_accuracy", "75"}}),
      (std::vector<std::string>{"medium", "waste", "large"}));
  // Averaged over two test sets: small = (70 + 30) / 2.
  auto averaged = get("/api/ranking", {{"setup", "A100_TRT"},
                                       {"test_sets", "imagenet-original,sketch"},
                                       {"metric", "acc-per-joule"}});
  EXPECT_EQ(averaged["entries"][0]["model"], "small");
  EXPECT_DOUBLE_EQ(averaged["entries"][0]["accuracy_pct"].get<double>(), 50);
}

TEST_F(ApiTest, RankingAsCsv) {
  auto reply =
      api_.handle("/api/ranking", {{"setup", "A100_TRT"}, {"format", "csv"}, {"top", "2"}});
  EXPECT_EQ(reply.content_type, "text/csv; charset=utf-8");
  EXPECT_EQ(reply.body.substr(0, reply.body.find('\n')),
            "rank,model,family,input_px,accuracy_pct,energy_j,score,stars,url");
  EXPECT_NE(reply.body.find("\n1,small,resnet,224,70,1,72.5,5,https://"), std::string::npos)
      << reply.body;
}

TEST_F(ApiTest, InvalidParametersAnswer400NamingTheParameter) {
  struct Case {
    RawParams params;
    std::string parameter;
  };
  for (const auto& c :
       std::vector<Case>{{{{"setup", "A100_TRT"}, {"weight", "1.5"}}, "weight"},
                         {{{"setup", "A100_TRT"}, {"weight", "abc"}}, "weight"},
                         {{{"setup", "A100_TRT"}, {"metric", "cosine"}}, "metric"},
                         {{{"setup", "A100_TRT"}, {"min_accuracy", "-1"}}, "min_accuracy"},
                         {{{"setup", "A100_TRT"}, {"max_energy_j", "0"}}, "max_energy_j"},
                         {{{"setup", "A100_TRT"}, {"top", "0"}}, "top"},
                         {{{"setup", "A100_TRT"}, {"top", "2.5"}}, "top"},
                         {{{"setup", "A100_TRT"}, {"test_sets", "imagenet-x"}}, "test_sets"},
                         {{{"setup", "A100_TRT"}, {"test_sets", "sketch,"}}, "test_sets"},
                         {{{"setup", "A100_TRT"}, {"format", "xml"}}, "format"},
                         {{{"setup", "A100_TRT"}, {"drop", "table"}}, "drop"},
                         {{{"setup", "A100_TRT"}, {"weight", "0.1"}, {"weight", "0.2"}}, "weight"},
                         {{}, "setup"}}) {
    auto error = get("/api/ranking", c.params, 400)["error"];
    EXPECT_EQ(error["parameter"], c.parameter);
    EXPECT_EQ(error["status"], 400);
    EXPECT_FALSE(error["message"].get<std::string>().empty());
  }
}

TEST_F(ApiTest, UnknownNamesAnswer404) {
  EXPECT_EQ(get("/api/ranking", {{"setup", "V100_PT"}}, 404)["error"]["parameter"], "setup");
  EXPECT_EQ(get("/api/model", {{"setup", "A100_TRT"}, {"name", "nope"}}, 404)["error"]["parameter"],
            "name");
  get("/api/nothing", {}, 404);
}

TEST_F(ApiTest, ModelsModelParetoAndFigures) {
  auto models = get("/api/models", {{"setup", "H100_PT"}});
  ASSERT_EQ(models["models"].size(), 1u);
  EXPECT_EQ(models["models"][0]["accuracy_pct_by_test_set"]["sketch"], 20);
  EXPECT_TRUE(models["models"][0]["flop_count"].is_null());
  EXPECT_EQ(models["setup"]["test_sets"], json({"imagenet-original", "sketch"}));
  auto model = get("/api/model", {{"setup", "A100_TRT"}, {"name", "medium"}});
  EXPECT_EQ(model["model"]["url"], "https://huggingface.co/timm/medium");
  auto front = get("/api/pareto", {{"setup", "A100_TRT"}})["front"];
  ASSERT_EQ(front.size(), 3u);
  EXPECT_EQ(front[0]["model"], "small");
  EXPECT_EQ(front[2]["model"], "large");
  EXPECT_EQ(get("/api/pareto", {{"setup", "A100_TRT"}, {"min_accuracy", "75"}})["front"].size(),
            2u);
  EXPECT_EQ(get("/api/figures")["figures"][0]["url"], "/figures/trend.svg");
  EXPECT_EQ(get("/api/test-sets", {{"setup", "H100_PT"}})["test_sets"].size(), 2u);
}

}  // namespace
}  // namespace infergy::server
