// The store contract for campaigns (contract_fixture.hpp): idempotent creation, claims
// in position order, leases that expire and are taken over, concurrent claimers.
#include <algorithm>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "contract_fixture.hpp"
#include "infergy/campaign.hpp"
#include "infergy/error.hpp"

using namespace infergy;
using infergy::testing::StoreContract;

namespace {

campaign::Item gemm_item(int i, int max_batch = 4) {
  campaign::Item item;
  item.name = "gemm" + std::to_string(i);
  item.position = i;
  item.spec.model = "gemm:8";
  item.spec.sensor = "sim:50";
  item.spec.options.max_batch = max_batch;
  item.accuracy_pct = 70.0 + i;
  item.key = campaign::item_key(item.name, item.spec);
  return item;
}

campaign::Campaign demo(int items, const std::string& name = "demo") {
  campaign::Campaign c{name, "DEMO_SETUP", "", "demo.toml", {}};
  for (int i = 0; i < items; ++i) c.items.push_back(gemm_item(i));
  return c;
}

const campaign::Owner kOwner{"node-a", 4242, "77_1"};

}  // namespace

TEST_P(StoreContract, CampaignCreateIsIdempotentAndAppendsNewItems) {
  auto store = open();
  auto& campaigns = store->campaigns();
  auto first = campaigns.create(demo(3));
  EXPECT_TRUE(first.created);
  EXPECT_EQ(first.added_items, 3u);
  auto again = campaigns.create(demo(3));
  EXPECT_FALSE(again.created);
  EXPECT_EQ(again.added_items, 0u);
  EXPECT_EQ(again.existing_items, 3u);
  auto grown = campaigns.create(demo(4));
  EXPECT_EQ(grown.added_items, 1u);
  EXPECT_EQ(grown.existing_items, 3u);
  auto info = campaigns.find("demo");
  ASSERT_TRUE(info);
  EXPECT_EQ(info->item_count, 4u);
  EXPECT_EQ(info->setup, "DEMO_SETUP");
  EXPECT_EQ(info->source, "demo.toml");
  auto items = campaigns.items("demo");
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(items[3].item.name, "gemm3");
  EXPECT_EQ(items[3].item.spec.options.max_batch, 4);
  EXPECT_DOUBLE_EQ(*items[3].item.accuracy_pct, 73.0);
  EXPECT_EQ(items[3].status, campaign::kPending);
  EXPECT_FALSE(campaigns.find("other"));
  campaigns.create(demo(1, "another"));
  auto all = campaigns.list();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].name, "another");  // by name
}

TEST_P(StoreContract, CampaignCreateRefusesConflictsAndStoresNothing) {
  auto store = open();
  auto& campaigns = store->campaigns();
  campaigns.create(demo(2));
  auto renamed = demo(3);
  renamed.items[1] = gemm_item(1, 16);  // same name, other settings
  EXPECT_THROW(campaigns.create(renamed), InputError);
  EXPECT_EQ(campaigns.find("demo")->item_count, 2u);  // the new third item was not stored
  auto other_setup = demo(2);
  other_setup.setup = "ELSEWHERE";
  EXPECT_THROW(campaigns.create(other_setup), InputError);
  EXPECT_THROW(campaigns.claim("missing", kOwner, 60), InputError);
  EXPECT_THROW(campaigns.counts("missing"), InputError);
}

TEST_P(StoreContract, ClaimsFollowPositionAndRecordTheOwner) {
  auto store = open();
  auto& campaigns = store->campaigns();
  campaigns.create(demo(3));
  auto before = store->revision();
  auto lease = campaigns.claim("demo", kOwner, 60);
  ASSERT_TRUE(lease);
  EXPECT_NE(store->revision(), before);
  EXPECT_EQ(lease->item.item.name, "gemm0");
  EXPECT_EQ(lease->item.status, campaign::kRunning);
  EXPECT_EQ(lease->item.attempts, 1);
  auto running = campaigns.items("demo", campaign::kRunning);
  ASSERT_EQ(running.size(), 1u);
  EXPECT_EQ(running[0].owner.host, "node-a");
  EXPECT_EQ(running[0].owner.pid, 4242);
  EXPECT_EQ(running[0].owner.job, "77_1");
  EXPECT_EQ(running[0].claimed_at.size(), 24u);  // 2026-01-01T00:00:00.000Z
  ASSERT_TRUE(running[0].lease_left_s);
  EXPECT_GT(*running[0].lease_left_s, 50);
  EXPECT_LE(*running[0].lease_left_s, 60);
  auto counts = campaigns.counts("demo");
  EXPECT_EQ(counts.pending, 2u);
  EXPECT_EQ(counts.running, 1u);
  EXPECT_EQ(counts.lease_expired, 0u);
  ASSERT_TRUE(counts.next_expiry_s);
  EXPECT_GT(*counts.next_expiry_s, 50);
  EXPECT_EQ(campaigns.claim("demo", kOwner, 60)->item.item.name, "gemm1");
}

TEST_P(StoreContract, AnExpiredLeaseIsTakenOverAndTheOldHolderLosesIt) {
  auto store = open();
  auto& campaigns = store->campaigns();
  campaigns.create(demo(2));
  auto dead = campaigns.claim("demo", kOwner, -1);  // expired at once, as if its worker died
  ASSERT_TRUE(dead);
  auto counts = campaigns.counts("demo");
  EXPECT_EQ(counts.lease_expired, 1u);
  EXPECT_FALSE(counts.next_expiry_s);
  auto next = campaigns.claim("demo", {"node-b", 7, ""}, 60);
  ASSERT_TRUE(next);
  EXPECT_EQ(next->item.id, dead->item.id);  // expired leases come before pending items
  EXPECT_EQ(next->item.attempts, 2);
  EXPECT_NE(next->token, dead->token);
  EXPECT_FALSE(campaigns.renew(*dead, 60));
  EXPECT_FALSE(campaigns.attach_run(*dead, 5));
  EXPECT_FALSE(campaigns.finish(*dead, campaign::kDone, "late"));
  EXPECT_TRUE(campaigns.renew(*next, 60));
  EXPECT_TRUE(campaigns.attach_run(*next, 9));
  EXPECT_TRUE(campaigns.finish(*next, campaign::kDone, "run 9: reached --max-batch 4"));
  EXPECT_FALSE(campaigns.renew(*next, 60));  // finished: the lease is over
  auto done = campaigns.items("demo", campaign::kDone);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(*done[0].run_id, 9);
  EXPECT_EQ(done[0].owner.host, "node-b");
  EXPECT_EQ(done[0].reason, "run 9: reached --max-batch 4");
  EXPECT_EQ(done[0].finished_at.size(), 24u);
  EXPECT_FALSE(done[0].lease_left_s);
}

TEST_P(StoreContract, AnUnexpiredLeaseIsNotClaimedAndARenewedOneSurvives) {
  auto store = open();
  auto& campaigns = store->campaigns();
  campaigns.create(demo(1));
  auto lease = campaigns.claim("demo", kOwner, 60);
  ASSERT_TRUE(lease);
  EXPECT_FALSE(campaigns.claim("demo", kOwner, 60));
  EXPECT_TRUE(campaigns.renew(*lease, -1));  // a lapsed lease nobody took is still its holder's
  EXPECT_TRUE(campaigns.renew(*lease, 60));
  EXPECT_FALSE(campaigns.claim("demo", kOwner, 60));
  EXPECT_TRUE(campaigns.finish(*lease, campaign::kPending, "released"));  // back in the queue
  auto again = campaigns.claim("demo", kOwner, 60);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->item.attempts, 2);
}

TEST_P(StoreContract, FailedItemsAreCountedAndRequeued) {
  auto store = open();
  auto& campaigns = store->campaigns();
  campaigns.create(demo(3));
  auto a = campaigns.claim("demo", kOwner, 60);
  auto b = campaigns.claim("demo", kOwner, 60);
  campaigns.finish(*a, campaign::kFailed, "not a TorchScript model");
  campaigns.finish(*b, campaign::kDone, "ok");
  auto counts = campaigns.counts("demo");
  EXPECT_EQ(counts.failed, 1u);
  EXPECT_EQ(counts.done, 1u);
  EXPECT_EQ(counts.pending, 1u);
  EXPECT_EQ(counts.total(), 3u);
  auto failed = campaigns.items("demo", campaign::kFailed);
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].reason, "not a TorchScript model");
  EXPECT_EQ(campaigns.requeue_failed("demo"), 1u);
  EXPECT_EQ(campaigns.requeue_failed("demo"), 0u);
  auto item = campaigns.items("demo")[0];
  EXPECT_EQ(item.status, campaign::kPending);
  EXPECT_EQ(item.attempts, 0);
  EXPECT_EQ(item.reason, "");
}

TEST_P(StoreContract, SubmissionsAreKeptWithTheCampaign) {
  auto store = open();
  auto& campaigns = store->campaigns();
  campaigns.create(demo(1));
  campaigns.record_submission("demo", "#!/bin/bash\n#SBATCH --array=0-0\n", "123");
  auto info = campaigns.find("demo");
  EXPECT_EQ(info->sbatch_script, "#!/bin/bash\n#SBATCH --array=0-0\n");
  EXPECT_EQ(info->job_id, "123");
  EXPECT_FALSE(info->submitted_at.empty());
  EXPECT_THROW(campaigns.record_submission("missing", "x", ""), InputError);
}

// Workers on their own connections claim at once: every item goes to exactly one.
TEST_P(StoreContract, ConcurrentClaimersNeverShareAnItem) {
  constexpr int kItems = 40, kWorkers = 4;
  open()->campaigns().create(demo(kItems));
  std::vector<std::vector<int64_t>> claimed(kWorkers);
  std::vector<std::thread> workers;
  for (int w = 0; w < kWorkers; ++w) {
    workers.emplace_back([this, w, &claimed] {
      auto store = open();
      while (auto lease = store->campaigns().claim("demo", {"node", w, ""}, 60)) {
        claimed[w].push_back(lease->item.id);
        store->campaigns().finish(*lease, campaign::kDone, "");
      }
    });
  }
  for (auto& t : workers) t.join();
  std::multiset<int64_t> all;
  for (const auto& ids : claimed) all.insert(ids.begin(), ids.end());
  EXPECT_EQ(all.size(), static_cast<size_t>(kItems));
  EXPECT_EQ(std::set<int64_t>(all.begin(), all.end()).size(), static_cast<size_t>(kItems));
  EXPECT_EQ(open()->campaigns().counts("demo").done, static_cast<size_t>(kItems));
}
