// GET /api/runs and /api/run (the Runs page) on two hand-made runs.
#include <gtest/gtest.h>

#include "fixture.hpp"
#include "server/api.hpp"

namespace infergy::server {
namespace {

using nlohmann::json;

measure::BatchResult batch(int batch_size, double energy_per_item_j, double ci95_j) {
  measure::BatchResult b;
  b.batch_size = batch_size;
  b.reps = 20;
  b.energy_per_item_j = energy_per_item_j;
  b.energy_per_item_ci95_j = ci95_j;
  b.throughput_items_per_s = 100.0 * batch_size;
  b.latency_mean_s = 0.01 * batch_size;
  b.latency_p50_s = 0.009 * batch_size;
  b.latency_p99_s = 0.02 * batch_size;
  b.avg_power_w = 250 + batch_size;
  b.duration_s = 10;
  b.stop_reason = "ci reached";
  return b;
}

// Run 1: NVML on an A100 (TDP 400 W), three batch sizes, no samples.
// Run 2: a simulated sensor, two batch sizes, samples kept for batch size 1.
ExplorerData runs_data() {
  ExplorerData data = testing::data();
  RunView gpu_run;
  gpu_run.run.id = 1;
  gpu_run.run.kind = "measure";
  gpu_run.run.workload = "resnet50.pt";
  gpu_run.run.sensor = "nvml:0";
  gpu_run.run.status = "complete";
  gpu_run.run.started_at = "2026-01-01T10:00:00Z";
  gpu_run.run.settings = {{"protocol", "paper"}};
  gpu_run.run.provenance = {{"sensor", {{"device", "NVIDIA A100-SXM4-40GB"}}}};
  gpu_run.batches = {batch(1, 0.9, 0.01), batch(2, 0.5, 0.02), batch(4, 0.6, 0.03)};
  gpu_run.best_batch_size = 2;  // as add_runs finds it (measure::most_efficient_batch)
  gpu_run.tdp_w = 400;
  gpu_run.gpu = "A100";
  RunView sim_run;
  sim_run.run.id = 2;
  sim_run.run.kind = "measure";
  sim_run.run.workload = "gemm:64";
  sim_run.run.sensor = "sim:50";
  sim_run.run.status = "running";
  sim_run.run.settings = {{"protocol", "adaptive"}};
  sim_run.run.provenance = {
      {"sensor", {{"device", "simulated power sensor"}, {"simulated", true}}}};
  sim_run.batches = {batch(1, 0.2, 0.001), batch(2, 0.1, 0.002)};
  sim_run.best_batch_size = 2;
  sim_run.samples = {{1, 0.0, 50.0, {}}, {1, 0.01, 51.0, {}}, {1, 0.02, 49.5, {}}};
  data.runs = {gpu_run, sim_run};
  data.gpus = {{"A100", 400}, {"H100", 700}};
  return data;
}

class RunsApiTest : public ::testing::Test {
 protected:
  json get(const std::string& path, const RawParams& params, int status = 200) {
    auto reply = api_.handle(path, params);
    EXPECT_EQ(reply.status, status) << path << ": " << reply.body;
    EXPECT_EQ(reply.content_type, "application/json");
    return json::parse(reply.body);
  }
  Api api_{runs_data(), {}};
};

TEST_F(RunsApiTest, ListsRunsNewestFirstWithTheirBestBatchSize) {
  auto reply = get("/api/runs", {});
  const auto& runs = reply["runs"];
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0]["run_id"], 2);
  EXPECT_EQ(runs[0]["simulated"], true);
  EXPECT_EQ(runs[0]["protocol"], "adaptive");
  EXPECT_EQ(runs[0]["samples_kept"], true);
  EXPECT_EQ(runs[0]["best_batch_size"], 2);
  EXPECT_DOUBLE_EQ(runs[0]["best_energy_per_item_j"].get<double>(), 0.1);
  EXPECT_EQ(runs[1]["run_id"], 1);
  EXPECT_EQ(runs[1]["simulated"], false);
  EXPECT_EQ(runs[1]["device"], "NVIDIA A100-SXM4-40GB");
  EXPECT_EQ(runs[1]["batch_sizes"], json({1, 2, 4}));
  EXPECT_EQ(runs[1]["best_batch_size"], 2);
  EXPECT_EQ(runs[1]["samples_kept"], false);
  EXPECT_EQ(reply["gpus"], json::parse(R"([{"name":"A100","tdp_w":400.0},
                                           {"name":"H100","tdp_w":700.0}])"));
}

TEST_F(RunsApiTest, OneRunHasItsBatchesAndTheTdpOfItsGpu) {
  auto run = get("/api/run", {{"id", "1"}});
  EXPECT_EQ(run["workload"], "resnet50.pt");
  ASSERT_EQ(run["batches"].size(), 3u);
  const auto& b = run["batches"][2];
  EXPECT_EQ(b["batch_size"], 4);
  EXPECT_DOUBLE_EQ(b["energy_per_item_j"].get<double>(), 0.6);
  EXPECT_DOUBLE_EQ(b["energy_per_item_ci95_j"].get<double>(), 0.03);
  EXPECT_DOUBLE_EQ(b["throughput_items_per_s"].get<double>(), 400);
  EXPECT_DOUBLE_EQ(b["latency_p99_s"].get<double>(), 0.08);
  EXPECT_DOUBLE_EQ(b["avg_power_w"].get<double>(), 254);
  EXPECT_EQ(b["reps"], 20);
  EXPECT_EQ(b["stop_reason"], "ci reached");
  EXPECT_EQ(run["tdp"], json({{"gpu", "A100"}, {"tdp_w", 400.0}, {"source", "run"}}));
  EXPECT_EQ(run["samples"], json::array());
}

TEST_F(RunsApiTest, SamplesComeAsOneSeriesPerBatchSize) {
  auto run = get("/api/run", {{"id", "2"}});
  EXPECT_TRUE(run["tdp"].is_null());  // a simulated sensor has no GPU
  ASSERT_EQ(run["samples"].size(), 1u);
  EXPECT_EQ(run["samples"][0]["batch_size"], 1);
  EXPECT_EQ(run["samples"][0]["time_s"], json({0.0, 0.01, 0.02}));
  EXPECT_EQ(run["samples"][0]["power_w"], json({50.0, 51.0, 49.5}));
}

TEST_F(RunsApiTest, AGpuNamedInTheQueryGivesTheTdpLine) {
  auto run = get("/api/run", {{"id", "2"}, {"gpu", "h100"}});
  EXPECT_EQ(run["tdp"], json({{"gpu", "H100"}, {"tdp_w", 700.0}, {"source", "query"}}));
}

TEST_F(RunsApiTest, UnknownOrBadIdsAndGpusAreJsonErrors) {
  auto missing = get("/api/run", {{"id", "3"}}, 404);
  EXPECT_EQ(missing["error"]["status"], 404);
  EXPECT_EQ(missing["error"]["parameter"], "id");
  EXPECT_EQ(missing["error"]["message"], "no run 3");
  EXPECT_EQ(get("/api/run", {{"id", "x"}}, 400)["error"]["parameter"], "id");
  EXPECT_EQ(get("/api/run", {}, 400)["error"]["parameter"], "id");
  EXPECT_EQ(get("/api/run", {{"id", "1"}, {"gpu", "Z9"}}, 404)["error"]["parameter"], "gpu");
  EXPECT_EQ(get("/api/run", {{"id", "1"}, {"top", "1"}}, 400)["error"]["parameter"], "top");
}

}  // namespace
}  // namespace infergy::server
