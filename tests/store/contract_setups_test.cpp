// The store contract for compared setups (contract_fixture.hpp).
#include <thread>

#include <gtest/gtest.h>

#include "contract_fixture.hpp"
#include "infergy/error.hpp"

using namespace infergy;
using infergy::testing::StoreContract;
using namespace infergy::testing;

// ---------------------------------------------------------------- setups

TEST_P(StoreContract, SetupsRoundTripWithStatsAndAccuracies) {
  auto store = open();
  compare::SetupImport import;
  import.setups.push_back(setup_rows("S1", {{"b.x", 224, 0.5, 100.0, 0.01, 8, 64, 80.0},
                                            {"a.x", 288, 0.25, {}, {}, {}, {}, {}},
                                            { "a.x",
                                              224,
                                              0.125,
                                              {},
                                              {},
                                              {},
                                              {},
                                              {} }}));
  import.stats = {stats_row("a.x", 1e6, 2e9, "https://a"), stats_row("b.x", {}, 3e9)};
  import.stats_origin = "stats-file";
  import.accuracies = {{"a.x", 224, "imagenet-original", 70.5, 90.0},
                       {"a.x", 224, "sketch", 20.0, {}},
                       { "b.x",
                         224,
                         "imagenet-original",
                         81.0,
                         {} }};
  import.accuracies_origin = "accuracy-file";
  store->setups().apply(import);

  auto setups = store->setups().list();
  ASSERT_EQ(setups.size(), 1u);
  EXPECT_EQ(setups[0].name, "S1");
  EXPECT_EQ(setups[0].gpu, "A100 PCIe 40GB");
  EXPECT_EQ(setups[0].origin, "test:S1");
  EXPECT_EQ(setups[0].model_count, 3u);
  auto view = store->setups().load("S1");
  ASSERT_TRUE(view);
  ASSERT_EQ(view->models.size(), 3u);
  EXPECT_EQ(view->models[0].model, "a.x");  // by model, then input size
  EXPECT_EQ(view->models[0].input_px, 224);
  EXPECT_EQ(view->models[1].input_px, 288);
  const auto& a = view->models[0];
  EXPECT_DOUBLE_EQ(a.energy_j, 0.125);
  EXPECT_DOUBLE_EQ(*a.params, 1e6);
  EXPECT_DOUBLE_EQ(*a.macs, 2e9);
  EXPECT_EQ(a.url, "https://a");
  EXPECT_DOUBLE_EQ(a.accuracy_pct_by_test_set.at("sketch"), 20.0);
  EXPECT_FALSE(view->models[1].params);  // no statistics at 288 px
  const auto& b = view->models[2];
  EXPECT_DOUBLE_EQ(b.throughput_items_per_s, 100);
  EXPECT_DOUBLE_EQ(b.latency_s, 0.01);
  EXPECT_EQ(b.batch_size, 8);
  // The accuracy file outranks the figure the measurement file repeats.
  EXPECT_DOUBLE_EQ(b.accuracy_pct_by_test_set.at("imagenet-original"), 81.0);
  EXPECT_FALSE(store->setups().load("S2"));
}

TEST_P(StoreContract, ReapplyingReplacesTheSetupAndKeepsStatsANewRowLacks) {
  auto store = open();
  compare::SetupImport first;
  first.setups.push_back(setup_rows(
      "S", {{"a.x", 224, 0.5, {}, {}, {}, {}, {}}, {"b.x", 224, 0.5, {}, {}, {}, {}, {}}}));
  first.stats = {stats_row("a.x", 1e6, 2e9, "https://a")};
  store->setups().apply(first);
  compare::SetupImport second;
  second.setups.push_back(setup_rows("S", {{"a.x", 224, 0.75, {}, {}, {}, {}, {}}}));
  second.stats = {stats_row("a.x", 5e6, {})};  // params only: MACs and URL stay
  store->setups().apply(second);
  auto view = store->setups().load("S");
  ASSERT_EQ(view->models.size(), 1u);
  EXPECT_DOUBLE_EQ(view->models[0].energy_j, 0.75);
  EXPECT_DOUBLE_EQ(*view->models[0].params, 5e6);
  EXPECT_DOUBLE_EQ(*view->models[0].macs, 2e9);
  EXPECT_EQ(view->models[0].url, "https://a");
}

TEST_P(StoreContract, AFailingImportWritesNothing) {
  auto store = open();
  compare::SetupImport good;
  good.setups.push_back(setup_rows("KEEP", {{"a.x", 224, 0.5, {}, {}, {}, {}, {}}}));
  store->setups().apply(good);
  compare::SetupImport bad;
  bad.setups.push_back(setup_rows("KEEP", {}));  // would empty KEEP
  bad.setups.push_back(setup_rows("NEW", {{"a.x", 224, 0.5, {}, {}, {}, {}, {}},
                                          {"a.x", 224, 0.6, {}, {}, {}, {}, {}}}));  // duplicate
  EXPECT_THROW(store->setups().apply(bad), Failure);
  auto setups = store->setups().list();
  ASSERT_EQ(setups.size(), 1u);
  EXPECT_EQ(setups[0].model_count, 1u);
}

TEST_P(StoreContract, ReleaseDatesMatchNamesAndTaggedVariants) {
  auto store = open();
  compare::SetupImport import;
  import.setups.push_back(setup_rows("S", {{ "resnet50.a1_in1k", 224, 0.5, {}, {}, {}, {}, {} }}));
  import.stats = {stats_row("resnet50.a1_in1k", 1, 1), stats_row("resnet50.tv_in1k", 1, 1),
                  stats_row("resnet50d.x", 1, 1), stats_row("vit.x", 1, 1)};
  store->setups().apply(import);
  auto dated = store->setups().set_release_dates({{"resnet50", {2015, 12, 10}},
                                                  {"vit.x", {2020, 10, 22}},
                                                  {"vit", {2020, 10, 22}},
                                                  {"missing", {2020, 1, 1}}});
  EXPECT_EQ(dated, (std::vector<size_t>{2, 1, 1, 0}));  // not resnet50d.x
  auto view = store->setups().load("S");
  EXPECT_EQ(view->models[0].release->iso(), "2015-12-10");
}
