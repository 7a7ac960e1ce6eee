// The sbatch script, the array size, the store location workers get, the status view.
#include <gtest/gtest.h>

#include "infergy/campaign.hpp"
#include "infergy/error.hpp"

using namespace infergy;

TEST(CampaignSlurm, TheScriptRunsOneWorkerPerArrayTask) {
  campaign::SlurmOptions o;
  o.partition = "gpu";
  o.gres = "gpu:1";
  o.time = "02:00:00";
  o.array_parallel = 2;
  o.cpus_per_task = 4;
  o.extra = {"--account=lab"};
  auto script = campaign::sbatch_script(
      "demo", o, 4, {"/opt/infergy/bin/infergy", "postgresql://me@db:5432/lab", 90, 5});
  EXPECT_EQ(script,
            "#!/bin/bash\n"
            "# infergy campaign demo: one job array; each task runs a worker that claims items\n"
            "# until none is left (docs/scale-out.md). Written by `infergy campaign submit`.\n"
            "#SBATCH --job-name=infergy-demo\n"
            "#SBATCH --array=0-3%2\n"
            "#SBATCH --partition=gpu\n"
            "#SBATCH --gres=gpu:1\n"
            "#SBATCH --time=02:00:00\n"
            "#SBATCH --cpus-per-task=4\n"
            "#SBATCH --output=infergy-demo-%A_%a.out\n"
            "#SBATCH --account=lab\n"
            "set -euo pipefail\n"
            "exec '/opt/infergy/bin/infergy' campaign work 'demo' --db "
            "'postgresql://me@db:5432/lab' --lease-seconds 90 --max-attempts 5\n");
}

TEST(CampaignSlurm, OptionsThatWouldBreakTheScriptAreRefused) {
  campaign::WorkerCommand worker{"/bin/infergy", "/data/store.db", 0, 0};
  campaign::SlurmOptions spaced;
  spaced.partition = "gpu large";
  EXPECT_THROW(campaign::sbatch_script("demo", spaced, 1, worker), InputError);
  campaign::SlurmOptions bare;
  bare.extra = {"account=lab"};
  EXPECT_THROW(campaign::sbatch_script("demo", bare, 1, worker), InputError);
  EXPECT_THROW(campaign::sbatch_script("demo", {}, 0, worker), InputError);
  // Paths with quotes are quoted for bash, not refused.
  auto script = campaign::sbatch_script("demo", {}, 1, {"/it's/infergy", "/data/x.db", 0, 0});
  EXPECT_NE(script.find("exec '/it'\\''s/infergy' campaign work 'demo' --db '/data/x.db'\n"),
            std::string::npos);
}

TEST(CampaignSlurm, ArraySizeFollowsTheUnfinishedItems) {
  campaign::SlurmOptions o;
  EXPECT_EQ(campaign::array_size(o, 12), 12);
  EXPECT_EQ(campaign::array_size(o, 0), 1);
  EXPECT_EQ(campaign::array_size(o, 100000), 1000);
  o.tasks = 4;
  EXPECT_EQ(campaign::array_size(o, 12), 4);
}

TEST(CampaignSlurm, PasswordsStayOutOfTheWorkersLocation) {
  auto a = campaign::worker_location("postgresql://me:s%40cret@db:5432/lab");
  EXPECT_EQ(a.location, "postgresql://me@db:5432/lab");
  EXPECT_EQ(a.password, "s@cret");
  auto b = campaign::worker_location("postgresql://me@db/lab?password=pw&sslmode=require");
  EXPECT_EQ(b.location, "postgresql://me@db/lab?sslmode=require");
  EXPECT_EQ(b.password, "pw");
  auto c = campaign::worker_location("postgres://db/lab?sslmode=require&password=pw");
  EXPECT_EQ(c.location, "postgres://db/lab?sslmode=require");
  auto d = campaign::worker_location("postgresql://me@db/lab");
  EXPECT_EQ(d.location, "postgresql://me@db/lab");
  EXPECT_EQ(d.password, "");
  auto e = campaign::worker_location("relative/store.db");
  EXPECT_EQ(e.location.front(), '/');
  EXPECT_NE(e.location.find("/relative/store.db"), std::string::npos);
}

TEST(CampaignStatus, CountsComeFirstThenRunningAndFailedItems) {
  campaign::CampaignInfo info{"demo", "DEMO", "", "demo.toml", "t", 5, "", "12", ""};
  campaign::StatusCounts counts{1, 1, 2, 1, 0, 30.0};
  campaign::ItemState running;
  running.item.name = "a";
  running.status = campaign::kRunning;
  running.owner = {"node-a", 99, "12_0"};
  running.claimed_at = "2026-01-01T00:00:00.000Z";
  running.lease_left_s = 30;
  running.attempts = 1;
  campaign::ItemState failed;
  failed.item.name = "b";
  failed.status = campaign::kFailed;
  failed.reason = "not a TorchScript model";
  auto r = campaign::status_record(info, counts, {running}, {failed});
  std::vector<std::string> keys;
  for (const auto& [k, v] : r.items()) keys.push_back(k);
  EXPECT_EQ(
      std::vector<std::string>(keys.begin(), keys.begin() + 6),
      (std::vector<std::string>{"campaign", "total", "pending", "running", "done", "failed"}));
  EXPECT_EQ(r["total"], 5);
  EXPECT_DOUBLE_EQ(r["finished_fraction"].get<double>(), 0.6);
  EXPECT_EQ(r["running_items"][0]["host"], "node-a");
  EXPECT_EQ(r["running_items"][0]["job"], "12_0");
  EXPECT_EQ(r["failed_items"][0]["reason"], "not a TorchScript model");
  EXPECT_EQ(campaign::progress_bar(counts, 10),
            "[######....]  60% (3 of 5 finished: 2 done, 1 failed)");
  EXPECT_EQ(campaign::progress_bar({}, 4), "[####] 100% (0 of 0 finished: 0 done, 0 failed)");
  auto table = campaign::items_table({running, failed});
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_EQ(table.columns[0].name, "item");
  EXPECT_EQ(table.rows[0][2], "node-a");
  EXPECT_TRUE(table.rows[1][3].is_null());  // never claimed: no pid
}
