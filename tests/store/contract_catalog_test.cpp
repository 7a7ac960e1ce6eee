// The store contract for the schema and the catalog's datasets (contract_fixture.hpp).
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "contract_fixture.hpp"
#include "infergy/error.hpp"

using namespace infergy;
using infergy::testing::StoreContract;
using namespace infergy::testing;

// ---------------------------------------------------------------- schema

TEST_P(StoreContract, FreshStoreIsMigratedOnceAndReopens) {
  {
    auto store = open();
    EXPECT_EQ(store->schema_version(),
              7);  // catalog 2, runs 2, setups 1, campaigns 1, calibrations 1
    auto versions = store->schema_versions();
    ASSERT_EQ(versions.size(), 5u);
    EXPECT_EQ(versions[0].module, "catalog");
    EXPECT_EQ(versions[1].module, "runs");
    EXPECT_EQ(versions[1].version, 2);
    EXPECT_EQ(versions[2].module, "setups");
    EXPECT_EQ(versions[3].module, "campaigns");
    EXPECT_EQ(versions[4].module, "calibrations");
    EXPECT_EQ(store->backend(), GetParam().backend);
  }
  EXPECT_EQ(open()->schema_version(), 7);
}

TEST_P(StoreContract, ConcurrentOpenersMigrateAndLoadTheCatalogOnce) {
  std::vector<std::thread> threads;
  std::vector<size_t> gpus(4, 0);
  for (size_t i = 0; i < gpus.size(); ++i) {
    threads.emplace_back([&, i] { gpus[i] = open()->catalog().gpus.size(); });
  }
  for (auto& t : threads) t.join();
  for (auto n : gpus) EXPECT_EQ(n, 64u);
}

TEST_P(StoreContract, RevisionMovesWithEveryWriteFromAnyConnection) {
  auto store = open();
  auto reader = open();
  auto before = reader->revision();
  EXPECT_EQ(reader->revision(), before);  // reading changes nothing
  auto id = store->runs().create(run_record("k"));
  auto after_create = reader->revision();
  EXPECT_NE(after_create, before);
  store->runs().add_batch(id, batch(1));
  EXPECT_NE(reader->revision(), after_create);
  auto own = store->revision();
  store->runs().finish(id, "complete", "", "t");
  EXPECT_NE(store->revision(), own);  // its own writes count too
}

// ---------------------------------------------------------------- catalog datasets

TEST_P(StoreContract, LoadsBuiltinCatalogOnFirstOpen) {
  auto store = open();
  auto c = store->catalog();
  EXPECT_EQ(std::count_if(c.models.begin(), c.models.end(),
                          [](auto& m) { return m.domain == catalog::Domain::cv; }),
            94);
  EXPECT_EQ(c.models.size(), 113u);
  EXPECT_EQ(c.gpus.size(), 48u + 16u);
  EXPECT_EQ(c.throughputs.size(), 58u);
  EXPECT_EQ(c.speedup_ratios.size(), 4u);
  EXPECT_EQ(c.human_references.size(), 2u);
  EXPECT_EQ(c.find_model("AlexNet").compute_flags, "†");
  EXPECT_EQ(store->datasets().row_count(catalog::dataset("gpus")), 64u);
  EXPECT_FALSE(store->datasets().builtin_fingerprint().empty());
}

TEST_P(StoreContract, ImportUpsertsAndPersists) {
  auto file = write("g.csv", std::string(kGpuHeader) +
                                 "Test GPU,fp32,10,100,2024-01-01,Server,,my datasheet\n"
                                 "Tesla V100,fp32,15.7,250,2018-03-27,Server,,override\n");
  {
    auto store = open();
    auto result = catalog::import_csv(store->datasets(), file);
    EXPECT_EQ(result.dataset, "gpus");
    EXPECT_EQ(result.rows, 2u);
  }
  auto store = open();
  auto c = store->catalog();
  EXPECT_DOUBLE_EQ(c.find_gpu("Test GPU", catalog::Precision::fp32).flop_per_joule(), 1e11);
  EXPECT_DOUBLE_EQ(c.find_gpu("Tesla V100", catalog::Precision::fp32).tdp_w, 250);
  EXPECT_EQ(c.gpus.size(), 48u + 16u + 1u);
  auto rows = store->datasets().rows(catalog::dataset("gpus"));
  EXPECT_EQ(rows.back()["origin"], "import:g.csv");
}

TEST_P(StoreContract, Issue2BadRowLeavesStoreUnchanged) {
  auto store = open();
  const std::string before = dump(*store);
  auto file = write("bad.csv", std::string(kGpuHeader) +
                                   "Good GPU,fp32,10,100,2024-01-01,Server,,x\n"
                                   "Bad GPU,fp32,10,100,2024-02-30,Server,,x\n");
  try {
    catalog::import_csv(store->datasets(), file);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              file + ":3:5: field 'launch_date': '2024-02-30' is not a date YYYY-MM-DD");
  }
  EXPECT_EQ(dump(*store), before);
  EXPECT_EQ(dump(*open()), before);
}

TEST_P(StoreContract, ExportRoundTripsThroughImport) {
  auto store = open();
  std::ostringstream models;
  catalog::export_csv(store->datasets(), "models", models);
  auto result = catalog::import_csv(store->datasets(), write("models.csv", models.str()));
  EXPECT_EQ(result.rows, 113u);
  auto c = store->catalog();
  EXPECT_EQ(c.models.size(), 113u);
  EXPECT_DOUBLE_EQ(c.find_model("ViT-G/14").compute, 5270);
  std::ostringstream again;
  catalog::export_csv(store->datasets(), "models", again);
  EXPECT_EQ(again.str(), models.str());
}

TEST_P(StoreContract, BuiltinReloadKeepsRowsUsersImportedOverIt) {
  auto store = open();
  catalog::import_csv(store->datasets(),
                      write("v.csv", std::string(kGpuHeader) +
                                         "Tesla V100,fp32,15.7,250,2018-03-27,Server,,mine\n"));
  auto& datasets = store->datasets();
  const auto& gpus = catalog::dataset("gpus");
  std::vector<catalog::Values> one = {
      {"Builtin GPU", "fp32", 1.0, 10.0, "2020-01-01", "", nullptr, "test"},
      {"Tesla V100", "fp32", 14.0, 300.0, "2017-05-10", "", nullptr, "builtin again"}};
  EXPECT_TRUE(datasets.replace_builtin({{&gpus, one}}, "new-fingerprint"));
  EXPECT_FALSE(datasets.replace_builtin({{&gpus, {}}}, "new-fingerprint"));  // already loaded
  EXPECT_EQ(datasets.builtin_fingerprint(), "new-fingerprint");
  auto c = store->catalog();
  EXPECT_EQ(c.gpus.size(), 2u);  // the other built-in GPUs were replaced by this set
  EXPECT_EQ(c.find_gpu("Tesla V100", catalog::Precision::fp32).source, "mine");
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreContract, ::testing::ValuesIn(store_backends()),
                         [](const auto& info) { return info.param.backend; });
