#include "infergy/runs.hpp"

#include <gtest/gtest.h>

#include "infergy/store.hpp"
#include "support/temp_dir.hpp"

using namespace infergy;

namespace {

class RunStoreTest : public test_support::TempDirTest {
 protected:
  void SetUp() override { store_ = std::make_unique<Store>(Store::open(path("t.db"))); }
  void TearDown() override { store_.reset(); }

  static measure::RunRecord record(const std::string& key) {
    measure::RunRecord r;
    r.kind = "measure";
    r.workload = "gemm:64";
    r.sensor = "sim:50";
    r.settings_key = key;
    r.settings = {{"max_batch", 8}};
    r.provenance = {{"host", "test-host"}};
    r.started_at = "2026-01-01T00:00:00.000Z";
    return r;
  }
  static measure::BatchResult batch(int size) {
    measure::BatchResult b;
    b.batch_size = size;
    b.reps = 13;
    b.energy_per_item_j = 1.0 / size;
    b.energy_method = "counter";
    return b;
  }

  std::unique_ptr<Store> store_;
};

}  // namespace

TEST_F(RunStoreTest, MigrationTwoCreatesRunTables) {
  EXPECT_GE(store_->schema_version(), 2);
  measure::RunStore runs(store_->database());
  EXPECT_TRUE(runs.list().empty());
}

TEST_F(RunStoreTest, BatchesAreKeptAndUnfinishedRunsResume) {
  measure::RunStore runs(store_->database());
  auto id = runs.create(record("k1"));
  runs.add_batch(id, batch(1));
  runs.add_batch(id, batch(2));
  EXPECT_THROW(runs.add_batch(id, batch(2)), Failure);  // one row per batch size
  auto resumable = runs.find_resumable("k1");
  ASSERT_TRUE(resumable);
  EXPECT_EQ(resumable->id, id);
  EXPECT_EQ(resumable->provenance["host"], "test-host");
  EXPECT_FALSE(runs.find_resumable("other"));
  auto batches = runs.batches(id);
  ASSERT_EQ(batches.size(), 2u);
  EXPECT_DOUBLE_EQ(batches[1].energy_per_item_j, 0.5);
  runs.finish(id, "complete", "reached --max-batch 2", "2026-01-01T00:01:00.000Z");
  EXPECT_FALSE(runs.find_resumable("k1"));
  EXPECT_EQ(runs.get(id).status, "complete");
  EXPECT_EQ(runs.get(id).ended_at, "2026-01-01T00:01:00.000Z");
}

TEST_F(RunStoreTest, InvalidRunsKeepReasonAndBatches) {
  measure::RunStore runs(store_->database());
  auto id = runs.create(record("k"));
  runs.add_batch(id, batch(1));
  runs.finish(id, "invalid", "power sensor failed at batch size 2", "t");
  auto run = runs.get(id);
  EXPECT_EQ(run.status, "invalid");
  EXPECT_EQ(run.status_reason, "power sensor failed at batch size 2");
  EXPECT_EQ(runs.batches(id).size(), 1u);
}

TEST_F(RunStoreTest, KeptSamplesAreStoredRelativeToTheBatch) {
  measure::RunStore runs(store_->database());
  auto id = runs.create(record("k"));
  auto b = batch(4);
  b.samples = {{100.0, 50, 1.0, {}}, {100.01, 60, std::nullopt, {}}};
  runs.add_batch(id, b);
  auto samples = runs.samples(id);
  ASSERT_EQ(samples.size(), 2u);
  EXPECT_DOUBLE_EQ(samples[1]["time_s"].get<double>(), 100.01 - 100.0);
  EXPECT_TRUE(samples[1]["energy_j"].is_null());
  EXPECT_EQ(samples[0]["batch_size"], 4);
}

TEST_F(RunStoreTest, UnknownRunIsInputError) {
  measure::RunStore runs(store_->database());
  EXPECT_THROW(runs.get(42), InputError);
}
