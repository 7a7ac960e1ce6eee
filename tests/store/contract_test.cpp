// The store contract: every repository exercised through its interface only, so each
// backend runs the same suite unchanged (INSTANTIATE_TEST_SUITE_P at the bottom, one
// line per backend).
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "infergy/error.hpp"
#include "infergy/store.hpp"
#include "store_backends.hpp"
#include "support/temp_dir.hpp"

using namespace infergy;
using infergy::testing::StoreBackend;

namespace {

class StoreContract : public ::testing::TestWithParam<StoreBackend> {
 protected:
  void SetUp() override {
    if (auto reason = GetParam().unavailable(); !reason.empty()) {
      GTEST_SKIP() << GetParam().backend << " is not available here: " << reason;
    }
    auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    location_ = GetParam().fresh_location(info->name());
  }
  void TearDown() override {
    if (!location_.empty()) GetParam().drop(location_);
  }

  std::unique_ptr<Store> open() const { return Store::open(location_); }
  std::string write(const std::string& name, const std::string& text) const {
    return files_.write_file(name, text);
  }
  static std::string dump(Store& store) {
    std::ostringstream out;
    for (const auto& spec : catalog::datasets()) {
      catalog::export_csv(store.datasets(), spec.name, out);
    }
    return out.str();
  }

  std::string location_;
  test_support::TempDir files_{"infergy_contract_files"};
};

const char* kGpuHeader =
    "name,precision,peak_tflops,tdp_w,launch_date,type,printed_gflops_per_watt,source\n";

measure::RunRecord run_record(const std::string& key) {
  measure::RunRecord r;
  r.kind = "measure";
  r.workload = "gemm:64";
  r.sensor = "sim:50";
  r.settings_key = key;
  r.settings = {{"max_batch", 8}, {"device", "cpu"}};
  r.provenance = {{"host", "test-host"}, {"workload", {{"input_shape", {3, 224, 224}}}}};
  r.started_at = "2026-01-01T00:00:00.000Z";
  return r;
}

measure::BatchResult batch(int size) {
  measure::BatchResult b;
  b.batch_size = size;
  b.reps = 13;
  b.energy_per_item_j = 1.0 / size;
  b.energy_per_item_ci95_j = 0.01 / size;
  b.throughput_items_per_s = 10.0 * size;
  b.energy_method = "counter";
  b.warnings = {"short window"};
  return b;
}

compare::SetupImport::SetupRows setup_rows(const std::string& name,
                                           std::vector<compare::MeasurementRow> rows) {
  return {{name, "A100 PCIe 40GB", "PyTorch", "test source", "test:" + name, "2026-01-01T00:00:00Z",
           0, false},
          std::move(rows)};
}

compare::StatsRow stats_row(const std::string& model, std::optional<double> params,
                            std::optional<double> macs, const std::string& url = "") {
  return {model, 224, params, "torchinfo", macs, "ptflops", {}, "", {}, "", url};
}

}  // namespace

// ---------------------------------------------------------------- schema

TEST_P(StoreContract, FreshStoreIsMigratedOnceAndReopens) {
  {
    auto store = open();
    EXPECT_EQ(store->schema_version(), 3);
    auto versions = store->schema_versions();
    ASSERT_EQ(versions.size(), 3u);
    EXPECT_EQ(versions[0].module, "catalog");
    EXPECT_EQ(versions[1].module, "runs");
    EXPECT_EQ(versions[2].module, "setups");
    EXPECT_EQ(store->backend(), GetParam().backend);
  }
  EXPECT_EQ(open()->schema_version(), 3);
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

INSTANTIATE_TEST_SUITE_P(Backends, StoreContract,
                         ::testing::ValuesIn(infergy::testing::store_backends()),
                         [](const auto& info) { return info.param.backend; });
