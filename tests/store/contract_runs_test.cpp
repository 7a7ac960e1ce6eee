// The store contract for measured runs (contract_fixture.hpp).
#include <atomic>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "contract_fixture.hpp"
#include "infergy/error.hpp"

using namespace infergy;
using infergy::testing::StoreContract;
using namespace infergy::testing;

// ---------------------------------------------------------------- runs

TEST_P(StoreContract, BatchesAreKeptAndUnfinishedRunsResume) {
  auto store = open();
  auto& runs = store->runs();
  auto id = runs.create(run_record("k1"));
  runs.add_batch(id, batch(1));
  runs.add_batch(id, batch(2));
  EXPECT_THROW(runs.add_batch(id, batch(2)), Failure);  // one row per batch size
  auto resumable = runs.find_resumable("k1");
  ASSERT_TRUE(resumable);
  EXPECT_EQ(resumable->id, id);
  EXPECT_EQ(resumable->provenance["host"], "test-host");
  EXPECT_EQ(resumable->settings, run_record("k1").settings);
  EXPECT_FALSE(runs.find_resumable("other"));
  auto batches = runs.batches(id);
  ASSERT_EQ(batches.size(), 2u);
  EXPECT_DOUBLE_EQ(batches[1].energy_per_item_j, 0.5);
  EXPECT_DOUBLE_EQ(*batches[1].energy_per_item_ci95_j, 0.005);
  EXPECT_EQ(batches[1].warnings, std::vector<std::string>{"short window"});
  runs.finish(id, "complete", "reached --max-batch 2", "2026-01-01T00:01:00.000Z");
  EXPECT_FALSE(runs.find_resumable("k1"));
  EXPECT_EQ(runs.get(id).status, "complete");
  EXPECT_EQ(runs.get(id).status_reason, "reached --max-batch 2");
  EXPECT_EQ(runs.get(id).ended_at, "2026-01-01T00:01:00.000Z");
}

TEST_P(StoreContract, NewestUnfinishedRunIsTheOneResumed) {
  auto store = open();
  auto& runs = store->runs();
  auto first = runs.create(run_record("k"));
  auto second = runs.create(run_record("k"));
  EXPECT_GT(second, first);
  EXPECT_EQ(runs.find_resumable("k")->id, second);
  runs.set_idle_power(second, 42.5);
  EXPECT_DOUBLE_EQ(*runs.get(second).idle_power_w, 42.5);
  EXPECT_FALSE(runs.get(first).idle_power_w);
  auto all = runs.list();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, first);
  EXPECT_TRUE(all[0].ended_at.empty());
}

TEST_P(StoreContract, InvalidRunsKeepReasonAndBatches) {
  auto store = open();
  auto& runs = store->runs();
  auto id = runs.create(run_record("k"));
  runs.add_batch(id, batch(1));
  runs.finish(id, "invalid", "power sensor failed at batch size 2", "t");
  auto run = runs.get(id);
  EXPECT_EQ(run.status, "invalid");
  EXPECT_EQ(run.status_reason, "power sensor failed at batch size 2");
  EXPECT_EQ(runs.batches(id).size(), 1u);
  EXPECT_TRUE(runs.find_resumable("k"));  // an invalid run may be resumed
}

TEST_P(StoreContract, KeptSamplesAreStoredRelativeToTheBatch) {
  auto store = open();
  auto& runs = store->runs();
  auto id = runs.create(run_record("k"));
  auto b = batch(4);
  b.samples = {{100.0, 50, 1.0, {}}, {100.01, 60, std::nullopt, {}}};
  runs.add_batch(id, b);
  runs.add_batch(id, batch(8));  // no samples kept
  auto samples = runs.samples(id);
  ASSERT_EQ(samples.size(), 2u);
  EXPECT_EQ(samples[0].batch_size, 4);
  EXPECT_DOUBLE_EQ(samples[0].time_s, 0);
  EXPECT_DOUBLE_EQ(*samples[0].energy_j, 1.0);
  EXPECT_DOUBLE_EQ(samples[1].time_s, 100.01 - 100.0);
  EXPECT_DOUBLE_EQ(samples[1].power_w, 60);
  EXPECT_FALSE(samples[1].energy_j);
  EXPECT_TRUE(runs.batches(id)[0].samples.empty());  // samples are read separately
}

TEST_P(StoreContract, UnknownRunIsInputError) {
  auto store = open();
  EXPECT_THROW(store->runs().get(42), InputError);
  EXPECT_TRUE(store->runs().batches(42).empty());
  EXPECT_TRUE(store->runs().list().empty());
  EXPECT_EQ(store->runs().describe()["store"], GetParam().backend);
}

// Issue 13: two `measure --resume` of one run both measured it; a claim lets one in.
TEST_P(StoreContract, Issue13ClaimLetsOneOwnerInUntilItsLeaseEnds) {
  auto store = open();
  auto& runs = store->runs();
  auto id = runs.create(run_record("claimed"));
  auto first = runs.claim(id, "host-a:1", 600);
  EXPECT_TRUE(first.granted);
  EXPECT_EQ(first.owner, "host-a:1");
  EXPECT_GT(first.expires_in_s, 500);
  auto second = runs.claim(id, "host-b:2", 600);
  EXPECT_FALSE(second.granted);
  EXPECT_EQ(second.owner, "host-a:1");
  EXPECT_TRUE(runs.claim(id, "host-a:1", 600).granted);  // the holder renews
  runs.release(id, "host-b:2");                          // not the holder: no effect
  EXPECT_FALSE(runs.claim(id, "host-b:2", 600).granted);
  runs.release(id, "host-a:1");
  EXPECT_TRUE(runs.claim(id, "host-b:2", -1).granted);   // a lease that has already ended
  EXPECT_TRUE(runs.claim(id, "host-c:3", 600).granted);  // so the next owner takes it
  runs.finish(id, "complete", "done", "2026-01-01T00:00:00.000Z");  // finishing releases
  EXPECT_TRUE(runs.claim(id, "host-d:4", 600).granted);
}

TEST_P(StoreContract, Issue13ConcurrentClaimsGrantExactlyOne) {
  auto setup = open();
  auto id = setup->runs().create(run_record("raced"));
  std::atomic<int> granted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      auto store = open();  // one connection per thread, as processes would have
      if (store->runs().claim(id, "owner-" + std::to_string(t), 600).granted) ++granted;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(granted.load(), 1);
}
