#include "server/api.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

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

TEST_F(ApiTest, RankingAppliesEveryParameter) {
  auto reply = get("/api/ranking", {{"setup", "A100_TRT"},
                                    {"metric", "manhattan"},
                                    {"weight", "0.5"},
                                    {"min_accuracy", "72"},
                                    {"max_energy_j", "3"},
                                    {"top", "1"}});
  EXPECT_EQ(reply["considered"], 2);
  ASSERT_EQ(reply["ranking"].size(), 1u);
  EXPECT_EQ(reply["ranking"][0]["name"], "medium");
  EXPECT_DOUBLE_EQ(reply["ranking"][0]["score"].get<double>(), 100 - (0.5 * 200.0 / 3 + 10));
  EXPECT_EQ(reply["query"]["max_energy_j"], 3.0);
}

TEST_F(ApiTest, RankingAsCsv) {
  auto reply =
      api_.handle("/api/ranking", {{"setup", "A100_TRT"}, {"format", "csv"}, {"top", "2"}});
  EXPECT_EQ(reply.content_type, "text/csv; charset=utf-8");
  EXPECT_EQ(reply.body.substr(0, reply.body.find('\n')),
            "rank,name,input_size_px,family,accuracy_pct,energy_j,score,url");
  EXPECT_NE(reply.body.find("\n1,small,224,resnet,70,1,72.5,"), std::string::npos) << reply.body;
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
                         {{{"setup", "A100_TRT"}, {"test_sets", "imagenet-x"}}, "test_sets"},
                         {{{"setup", "A100_TRT"}, {"format", "xml"}}, "format"},
                         {{{"setup", "A100_TRT"}, {"drop", "table"}}, "drop"},
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
  EXPECT_EQ(models["models"][0]["accuracy_pct"]["sketch"], 20);
  EXPECT_TRUE(models["models"][0]["flop_count"].is_null());
  auto model = get("/api/model", {{"setup", "A100_TRT"}, {"name", "medium"}});
  EXPECT_EQ(model["model"]["url"], "https://huggingface.co/timm/medium");
  auto front = get("/api/pareto", {{"setup", "A100_TRT"}})["front"];
  ASSERT_EQ(front.size(), 3u);
  EXPECT_EQ(front[2]["name"], "large");
  EXPECT_EQ(get("/api/figures")["figures"][0]["url"], "/figures/trend.svg");
  EXPECT_EQ(get("/api/test-sets", {{"setup", "H100_PT"}})["test_sets"].size(), 2u);
}

}  // namespace
}  // namespace infergy::server
