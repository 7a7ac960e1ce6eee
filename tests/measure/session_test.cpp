// measure::Session on a fast fake clock, a simulated sensor and an in-memory store:
// commits per batch size, resume after a kill, sensor and workload failures.
#include "infergy/session.hpp"

#include <gtest/gtest.h>

#include "fake_platform.hpp"
#include "infergy/error.hpp"
#include "infergy/store.hpp"

using namespace infergy;
using infergy::testing::FastClockPlatform;

namespace {

// Each item takes item_s of (fast) platform time.
class SleepingWorkload : public measure::Workload {
 public:
  SleepingWorkload(power::Platform& platform, double item_s)
      : platform_(platform), item_s_(item_s) {}
  std::string name() const override { return "sleeping"; }
  nlohmann::json describe() const override { return {{"input_shape", {3, 8, 8}}}; }
  std::optional<double> memory_bytes(int) const override { return std::nullopt; }
  void prepare(int batch_size) override {
    if (fail_at && batch_size >= *fail_at) throw Failure("the model crashed");
    if (oom_at && batch_size >= *oom_at) throw measure::OutOfMemory("out of device memory");
    batch_ = batch_size;
    prepared.push_back(batch_size);
  }
  void run_batch() override { platform_.sleep_until(platform_.now_s() + item_s_ * batch_); }

  std::optional<int> fail_at, oom_at;
  std::vector<int> prepared;

 private:
  power::Platform& platform_;
  double item_s_;
  int batch_ = 0;
};

struct Killed {};  // not a std::exception: the session cannot see it, like SIGKILL

std::vector<int> sizes(const std::vector<measure::BatchResult>& batches) {
  std::vector<int> out;
  for (const auto& b : batches) out.push_back(b.batch_size);
  return out;
}

class SessionTest : public ::testing::Test {
 protected:
  SessionTest() : platform(20), workload(platform, 0.0005), store(Store::open_in_memory()) {
    request.workload = "sleeping.pt";
    request.settings = {{"model", "sleeping.pt"}, {"max_batch", 8}};
    request.protocol.adaptive = false;
    request.protocol.min_reps = 3;
    request.protocol.min_seconds = 0.2;
    request.protocol.max_batch = 8;
    request.protocol.idle_seconds = 0.4;
    request.rate_hz = 200;
  }

  measure::SessionResult run(const std::string& sensor_spec = "sim:80") {
    auto sensor = power::open_sensor(sensor_spec, platform);
    return measure::run_session(request, workload, *sensor, platform, store->runs(), hooks);
  }

  FastClockPlatform platform;
  SleepingWorkload workload;
  std::unique_ptr<Store> store;
  measure::SessionRequest request;
  measure::SessionHooks hooks;
};

}  // namespace

TEST_F(SessionTest, CommitsEachBatchSizeAndCompletesTheRun) {
  std::vector<int> announced, idle_starts;
  std::vector<measure::OpenedRun> opened;
  hooks.on_opened = [&](const measure::OpenedRun& r) { opened.push_back(r); };
  hooks.on_idle_start = [&](double s) { idle_starts.push_back(static_cast<int>(s * 10)); };
  hooks.on_batch = [&](const measure::BatchResult& b) {
    // Committed before the hook runs: the store already holds this batch size.
    EXPECT_EQ(store->runs().batches(opened.at(0).id).back().batch_size, b.batch_size);
    announced.push_back(b.batch_size);
  };
  auto result = run();
  ASSERT_EQ(opened.size(), 1u);
  EXPECT_FALSE(opened[0].resumed);
  EXPECT_EQ(idle_starts, std::vector<int>{4});
  EXPECT_EQ(announced, (std::vector<int>{1, 2, 4, 8}));
  EXPECT_EQ(result.run.id, opened[0].id);
  EXPECT_EQ(result.run.status, "complete");
  EXPECT_NE(result.run.status_reason.find("--max-batch 8"), std::string::npos);
  EXPECT_FALSE(result.invalid_reason);
  EXPECT_NEAR(*result.run.idle_power_w, 80, 0.01);  // a constant 80 W sensor
  EXPECT_EQ(sizes(result.batches), (std::vector<int>{1, 2, 4, 8}));
  for (const auto& b : result.batches) {
    EXPECT_GE(b.reps, 3);
    EXPECT_GT(b.energy_per_item_j, 0);
    EXPECT_NEAR(b.avg_power_w, 80, 0.01);
  }
  auto stored = store->runs().get(result.run.id);
  EXPECT_EQ(stored.workload, "sleeping.pt");
  EXPECT_EQ(stored.settings, request.settings);
  EXPECT_EQ(stored.settings_key, measure::settings_key(request.settings));
  EXPECT_EQ(stored.provenance["store"], "sqlite");
  EXPECT_FALSE(stored.provenance["sqlite_version"].get<std::string>().empty());
  EXPECT_EQ(stored.provenance["workload"]["input_shape"][2], 8);
  EXPECT_FALSE(stored.ended_at.empty());
}

TEST_F(SessionTest, ResumeAfterAKillMeasuresOnlyWhatIsMissing) {
  hooks.on_batch = [](const measure::BatchResult& b) {
    if (b.batch_size == 2) throw Killed{};
  };
  EXPECT_THROW(run(), Killed);
  auto killed = store->runs().list().at(0);
  EXPECT_EQ(killed.status, "running");  // nobody finished it, as after SIGKILL
  EXPECT_EQ(sizes(store->runs().batches(killed.id)), (std::vector<int>{1, 2}));

  std::vector<int> measured;
  std::optional<measure::OpenedRun> opened;
  bool idle_again = false;
  hooks.on_batch = [&](const measure::BatchResult& b) { measured.push_back(b.batch_size); };
  hooks.on_opened = [&](const measure::OpenedRun& r) { opened = r; };
  hooks.on_idle_start = [&](double) { idle_again = true; };
  request.resume = true;
  workload.prepared.clear();
  auto result = run();
  ASSERT_TRUE(opened);
  EXPECT_TRUE(opened->resumed);
  EXPECT_EQ(opened->id, killed.id);
  EXPECT_EQ(opened->done, (std::vector<int>{1, 2}));
  EXPECT_FALSE(idle_again);  // the killed run had measured it
  EXPECT_EQ(measured, (std::vector<int>{4, 8}));
  EXPECT_EQ(workload.prepared, (std::vector<int>{4, 8}));
  EXPECT_EQ(result.run.status, "complete");
  EXPECT_EQ(sizes(result.batches), (std::vector<int>{1, 2, 4, 8}));
  EXPECT_EQ(store->runs().list().size(), 1u);
}

TEST_F(SessionTest, ResumeFindsNothingWithOtherSettings) {
  hooks.on_batch = [](const measure::BatchResult&) { throw Killed{}; };
  EXPECT_THROW(run(), Killed);
  hooks = {};
  request.resume = true;
  request.settings["max_batch"] = 4;
  request.protocol.max_batch = 4;
  auto result = run();
  EXPECT_EQ(store->runs().list().size(), 2u);
  EXPECT_EQ(sizes(result.batches), (std::vector<int>{1, 2, 4}));
}

TEST_F(SessionTest, SensorFailureMarksTheRunInvalidAndKeepsCompletedBatches) {
  request.protocol.max_batch = 1024;  // 11 sizes of >= 0.2 s: the failure at 1.5 s comes first
  request.protocol.idle_seconds = 0;
  auto result = run("sim:80,fail_after=1.5");
  ASSERT_TRUE(result.invalid_reason);
  EXPECT_NE(result.invalid_reason->find("simulated sensor failure"), std::string::npos);
  EXPECT_EQ(result.run.status, "invalid");
  EXPECT_LT(result.batches.size(), 11u);
  EXPECT_EQ(sizes(store->runs().batches(result.run.id)), sizes(result.batches));
}

TEST_F(SessionTest, AWorkloadErrorMarksTheRunInvalidAndIsRethrown) {
  workload.fail_at = 4;
  EXPECT_THROW(run(), Failure);
  auto stored = store->runs().list().at(0);
  EXPECT_EQ(stored.status, "invalid");
  EXPECT_EQ(stored.status_reason, "the model crashed");
  EXPECT_EQ(sizes(store->runs().batches(stored.id)), (std::vector<int>{1, 2}));
}

TEST_F(SessionTest, OutOfMemoryEndsTheSweepCleanly) {
  workload.oom_at = 4;
  auto result = run();
  EXPECT_EQ(result.run.status, "complete");
  EXPECT_NE(result.run.status_reason.find("out of device memory"), std::string::npos);
  EXPECT_EQ(sizes(result.batches), (std::vector<int>{1, 2}));
}

TEST(WrapSession, StoresTheRunWithTheCommandsStatus) {
  auto platform = power::make_system_platform();
  auto sensor = power::open_sensor("sim:10", *platform);
  auto store = Store::open_in_memory();
  measure::WrapRequest request{{"sh", "-c", "sleep 0.1; exit 3"}, {{"sensor", "sim:10"}}, 100};
  auto session = measure::run_wrap_session(request, *sensor, *platform, store->runs());
  EXPECT_EQ(session.result.exit_code, 3);
  EXPECT_EQ(session.summary["command"], "sh -c sleep 0.1; exit 3");
  EXPECT_NEAR(session.summary["avg_power_w"].get<double>(), 10, 0.01);
  auto run = store->runs().get(session.run_id);
  EXPECT_EQ(run.kind, "wrap");
  EXPECT_EQ(run.status, "complete");
  EXPECT_EQ(run.provenance["result"]["exit_code"], 3);
  EXPECT_EQ(run.settings_key, measure::settings_key(request.settings));
}
