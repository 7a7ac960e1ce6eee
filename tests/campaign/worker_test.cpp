// The campaign worker on a SQLite store, a fast fake clock and a scripted workload: every
// item measured once, a killed worker's item resumed from its last committed batch size,
// failures kept with their reason, stops that release the item.
#include "infergy/campaign_worker.hpp"

#include <gtest/gtest.h>

#include "infergy/error.hpp"
#include "infergy/store.hpp"
#include "measure/fake_platform.hpp"
#include "support/temp_dir.hpp"

using namespace infergy;
using infergy::testing::FastClockPlatform;

namespace {

struct Killed {};  // not a std::exception: nothing in the worker sees it, like SIGKILL

// Each item takes 0.5 ms of platform time; scripted to die or fail at a batch size.
class ScriptedWorkload : public measure::Workload {
 public:
  ScriptedWorkload(power::Platform& platform, std::vector<int>& prepared,
                   std::optional<int> kill_at)
      : platform_(platform), prepared_(prepared), kill_at_(kill_at) {}
  std::string name() const override { return "scripted"; }
  nlohmann::json describe() const override { return {{"input_shape", {3, 8, 8}}}; }
  std::optional<double> memory_bytes(int) const override { return std::nullopt; }
  void prepare(int batch_size) override {
    if (kill_at_ && batch_size >= *kill_at_) throw Killed{};
    prepared_.push_back(batch_size);
    batch_ = batch_size;
  }
  void run_batch() override { platform_.sleep_until(platform_.now_s() + 0.0005 * batch_); }

 private:
  power::Platform& platform_;
  std::vector<int>& prepared_;
  std::optional<int> kill_at_;
  int batch_ = 0;
};

campaign::Campaign demo(int items, const std::string& setup = "DEMO") {
  campaign::Campaign c{"demo", setup, "", "demo.toml", {}};
  for (int i = 0; i < items; ++i) {
    campaign::Item item;
    item.name = "m" + std::to_string(i);
    item.position = i;
    item.spec.model = "m" + std::to_string(i) + ".pt";
    item.spec.sensor = "sim:50";
    item.spec.protocol = "paper";
    item.spec.options.adaptive = false;
    item.spec.options.min_reps = 3;
    item.spec.options.min_seconds = 0.05;
    item.spec.options.idle_seconds = 0.05;
    item.spec.options.max_batch = 4;
    item.accuracy_pct = 60.0 + i;
    item.key = campaign::item_key(item.name, item.spec);
    c.items.push_back(item);
  }
  return c;
}

std::vector<int> sizes(const std::vector<measure::BatchResult>& batches) {
  std::vector<int> out;
  for (const auto& b : batches) out.push_back(b.batch_size);
  return out;
}

class CampaignWorkerTest : public test_support::TempDirTest {
 protected:
  CampaignWorkerTest() : platform(20), store(Store::open(path("store.db"))) {
    options.lease_s = 0.6;
    options.poll_s = 0.1;
  }

  campaign::WorkerContext context(std::optional<int> kill_at = std::nullopt,
                                  std::function<void(const measure::MeasureSpec&)> check = {}) {
    campaign::WorkerContext ctx{store->campaigns(), store->runs(), store->setups(), platform,
                                [this, kill_at, check](const measure::MeasureSpec& spec) {
                                  if (check) check(spec);
                                  return std::make_unique<ScriptedWorkload>(platform, prepared,
                                                                            kill_at);
                                }};
    ctx.open_sensor = [this](const std::string& spec) {
      return power::open_sensor(spec, platform);
    };
    return ctx;
  }
  campaign::WorkSummary work(campaign::WorkerContext ctx, const campaign::WorkHooks& hooks = {}) {
    return campaign::work("demo", {"test-host", 1, "t"}, ctx, options, hooks);
  }

  FastClockPlatform platform;
  std::unique_ptr<Store> store;
  campaign::WorkOptions options;
  std::vector<int> prepared;
};

}  // namespace

TEST_F(CampaignWorkerTest, EveryItemIsMeasuredOnceAndFormsTheSetup) {
  store->campaigns().create(demo(3));
  auto summary = work(context());
  EXPECT_EQ(summary.done, 3u);
  EXPECT_EQ(summary.failed, 0u);
  EXPECT_EQ(store->campaigns().counts("demo").done, 3u);
  auto runs = store->runs().list();
  ASSERT_EQ(runs.size(), 3u);
  for (const auto& run : runs) {
    EXPECT_EQ(run.status, "complete");
    EXPECT_EQ(run.settings["campaign"], "demo");
    EXPECT_EQ(sizes(store->runs().batches(run.id)), (std::vector<int>{1, 2, 4}));
  }
  auto done = store->campaigns().items("demo", campaign::kDone);
  EXPECT_EQ(*done[2].run_id, runs[2].id);
  EXPECT_EQ(done[2].reason.rfind("run " + std::to_string(runs[2].id) + ": ", 0), 0u);
  auto setup = store->setups().load("DEMO");
  ASSERT_TRUE(setup);
  ASSERT_EQ(setup->models.size(), 3u);
  EXPECT_EQ(setup->models[0].model, "m0");
  EXPECT_EQ(setup->models[0].input_px, 8);
  EXPECT_DOUBLE_EQ(setup->models[2].accuracy_pct_by_test_set.begin()->second, 62.0);
}

TEST_F(CampaignWorkerTest, AKilledWorkersItemResumesFromItsLastCommittedBatchSize) {
  store->campaigns().create(demo(1));
  EXPECT_THROW(work(context(4)), Killed);  // dies preparing batch size 4
  auto running = store->campaigns().items("demo", campaign::kRunning);
  ASSERT_EQ(running.size(), 1u);
  ASSERT_TRUE(running[0].run_id);
  EXPECT_EQ(sizes(store->runs().batches(*running[0].run_id)), (std::vector<int>{1, 2}));
  prepared.clear();
  std::vector<double> waits;
  campaign::WorkHooks hooks;
  hooks.on_waiting = [&waits](double s) { waits.push_back(s); };
  auto summary = work(context(), hooks);  // waits for the dead lease to expire, then resumes
  EXPECT_EQ(summary.done, 1u);
  EXPECT_FALSE(waits.empty());
  EXPECT_EQ(prepared, (std::vector<int>{4}));  // only the missing batch size
  auto runs = store->runs().list();
  ASSERT_EQ(runs.size(), 1u);  // the same run, continued
  EXPECT_EQ(runs[0].id, *running[0].run_id);
  EXPECT_EQ(runs[0].status, "complete");
  EXPECT_EQ(sizes(store->runs().batches(runs[0].id)), (std::vector<int>{1, 2, 4}));
  EXPECT_EQ(store->campaigns().items("demo")[0].attempts, 2);
}

TEST_F(CampaignWorkerTest, FailuresKeepTheirReasonAndRetryRequeuesThem) {
  store->campaigns().create(demo(2));
  auto failing = context(std::nullopt, [](const measure::MeasureSpec& spec) {
    if (spec.model == "m1.pt") throw InputError("m1.pt: not a TorchScript model");
  });
  auto summary = work(failing);
  EXPECT_EQ(summary.done, 1u);
  EXPECT_EQ(summary.failed, 1u);
  auto failed = store->campaigns().items("demo", campaign::kFailed);
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].reason, "m1.pt: not a TorchScript model");
  EXPECT_EQ(store->setups().load("DEMO")->models.size(), 1u);
  EXPECT_EQ(store->campaigns().requeue_failed("demo"), 1u);
  EXPECT_EQ(work(context()).done, 1u);
  EXPECT_EQ(store->campaigns().counts("demo").done, 2u);
  EXPECT_EQ(store->setups().load("DEMO")->models.size(), 2u);
}

TEST_F(CampaignWorkerTest, AStopReleasesTheItemAndItsRunResumesLater) {
  store->campaigns().create(demo(2));
  bool stop = false;
  auto ctx = context();
  ctx.stop_requested = [&stop] { return stop; };
  campaign::WorkHooks hooks;
  hooks.session.on_batch = [&stop](const measure::BatchResult& b) { stop = b.batch_size == 2; };
  auto summary = work(ctx, hooks);
  EXPECT_TRUE(summary.stopped);
  EXPECT_EQ(summary.released, 1u);
  auto first = store->campaigns().items("demo")[0];
  EXPECT_EQ(first.status, campaign::kPending);
  EXPECT_EQ(first.reason, "released: its worker was stopped");
  prepared.clear();
  EXPECT_EQ(work(context()).done, 2u);
  EXPECT_EQ(store->runs().list().size(), 2u);  // the released item continued its run
  EXPECT_EQ(sizes(store->runs().batches(*store->campaigns().items("demo")[0].run_id)),
            (std::vector<int>{1, 2, 4}));
}

TEST_F(CampaignWorkerTest, AnItemWhoseWorkersKeepDyingIsFailed) {
  store->campaigns().create(demo(1));
  options.max_attempts = 1;
  ASSERT_TRUE(store->campaigns().claim("demo", {"dead", 2, ""}, -1));  // died at once
  auto summary = work(context());
  EXPECT_EQ(summary.failed, 1u);
  auto item = store->campaigns().items("demo")[0];
  EXPECT_EQ(item.status, campaign::kFailed);
  EXPECT_NE(item.reason.find("gave up after 1 claims"), std::string::npos);
}

TEST_F(CampaignWorkerTest, WithoutWaitingAWorkerLeavesOthersLeasesAlone) {
  store->campaigns().create(demo(1));
  ASSERT_TRUE(store->campaigns().claim("demo", {"other", 3, ""}, 60));
  options.wait_for_others = false;
  auto summary = work(context());
  EXPECT_EQ(summary.done + summary.failed, 0u);
  EXPECT_EQ(store->campaigns().counts("demo").running, 1u);
  auto ctx = context();
  EXPECT_THROW(campaign::work("missing", {}, ctx, options, {}), InputError);
}
