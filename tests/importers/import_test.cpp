// Importers: Yang et al.'s published CSVs (read from the shared reference data),
// timm's results files, release dates and infergy's own runs.
#include <gtest/gtest.h>

#include "infergy/error.hpp"
#include "infergy/importers.hpp"
#include "support/store_fixture.hpp"

using namespace infergy;
using namespace infergy::compare;
using namespace infergy::importers;
using infergy::testing::CompareTest;

namespace {

const char* kSetupHeader =
    "Type,Family,Model Name,Input Size,Accuracy,Max BS,Optimal BS,Throughput,Latency,Energy,DONE\n";

const ModelPoint& find(const SetupView& view, const std::string& model, int px) {
  for (const auto& m : view.models) {
    if (m.model == model && m.input_px == px) return m;
  }
  throw std::runtime_error("no " + model);
}

}  // namespace

TEST_F(CompareTest, YangReferenceDataImportsFourSetups) {
  auto store = open_store();
  auto summary = import_yang(store->setups(), yang_dir());
  EXPECT_EQ(summary.setups,
            (std::vector<std::string>{"A100_PT", "A100_TRT", "H100_PT", "H100_TRT"}));
  EXPECT_EQ(summary.measurements, 3980u);  // 4 x 1005 rows less 2 x 20 TensorRT failures
  EXPECT_EQ(summary.skipped, 40u);
  EXPECT_EQ(summary.accuracies, 8040u);  // 1005 models x 8 test sets
  auto setups = setups_of(*store);
  ASSERT_EQ(setups.size(), 5u);  // and the catalog estimate, last
  EXPECT_EQ(setups[4].name, kCatalogEstimateSetup);
  EXPECT_TRUE(setups[4].estimated);
  EXPECT_FALSE(setups[0].estimated);
  EXPECT_EQ(setups[0].gpu, "A100 PCIe 40GB");
  EXPECT_EQ(setups[0].runtime, "PyTorch");
  EXPECT_EQ(setups[1].model_count, 985u);
  EXPECT_EQ(setups[3].gpu, "H100 PCIe 80GB");
  EXPECT_EQ(setups[3].runtime, "TensorRT");
}

TEST_F(CompareTest, YangEnergyIsStoredInJoules) {
  auto store = open_store();
  import_yang(store->setups(), yang_dir());
  auto view = view_of(*store, "A100_PT");
  const auto& beit = find(view, "beit_base_patch16_224.in22k_ft_in22k_in1k", 224);
  EXPECT_NEAR(beit.energy_j, 0.5755259080013574, 1e-15);  // 575.5259 mJ in the file
  EXPECT_NEAR(beit.throughput_items_per_s, 432.746588045447, 1e-9);
  EXPECT_NEAR(beit.latency_s, 0.5915716734583334, 1e-12);  // 591.57 ms per batch
  EXPECT_EQ(beit.accuracy_pct_by_test_set.size(), 8u);
  EXPECT_DOUBLE_EQ(beit.accuracy_pct_by_test_set.at("sketch"), 46.258);
  EXPECT_DOUBLE_EQ(*beit.params, 86530984);
  EXPECT_DOUBLE_EQ(*beit.macs, 12691038184);              // ptflops
  EXPECT_DOUBLE_EQ(*beit.flop_count, 2 * 12691038184.0);  // a multiply-add = 2 FLOPs
  EXPECT_DOUBLE_EQ(*beit.activations, 49777616);
  EXPECT_EQ(beit.url, "https://huggingface.co/timm/beit_base_patch16_224.in22k_ft_in22k_in1k");
  EXPECT_EQ(beit.family, "beit");
  EXPECT_EQ(view.test_sets.size(), 8u);
  // Same model, two input sizes: two points.
  EXPECT_NE(find(view, "convnext_nano.d1h_in1k", 288).energy_j,
            find(view, "convnext_nano.d1h_in1k", 224).energy_j);
}

TEST_F(CompareTest, YangReimportReplacesRatherThanDuplicates) {
  auto store = open_store();
  import_yang(store->setups(), yang_dir());
  import_yang(store->setups(), yang_dir());
  EXPECT_EQ(view_of(*store, "A100_TRT").models.size(), 985u);
}

TEST_F(CompareTest, Issue4BadYangFileNamesLineAndColumnAndLeavesStoreUnchanged) {
  auto store = open_store();
  import_yang(store->setups(), yang_dir());
  write_file("bad/A100_PT.csv", std::string(kSetupHeader) +
                                    "TBD,TBD,good_model.x,224,80,8,,100,10,5.0,True\n"
                                    "TBD,TBD,bad_model.x,224,80,8,,100,10,-2,True\n");
  write_file("bad/Z9_TRT.csv", std::string(kSetupHeader) + "TBD,TBD,m.x,224,80,8,,100,10,1,True\n");
  try {
    import_yang(store->setups(), path("bad"));
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              path("bad/A100_PT.csv") + ":3:10: field 'Energy': must be positive, got -2");
  }
  EXPECT_EQ(view_of(*store, "A100_PT").models.size(), 1005u);
  EXPECT_EQ(setups_of(*store).size(), 5u);  // Z9_TRT was valid but nothing landed
}

TEST_F(CompareTest, YangRejectsMissingColumnsAndEmptyFolders) {
  auto store = open_store();
  write_file("cols/A100_PT.csv", "Model Name,Input Size\nm,224\n");
  EXPECT_THROW(
      {
        try {
          import_yang(store->setups(), path("cols"));
        } catch (const InputError& e) {
          EXPECT_NE(std::string(e.what()).find(":1:1: missing column 'Energy'"), std::string::npos);
          throw;
        }
      },
      InputError);
  std::filesystem::create_directories(path("empty"));
  EXPECT_THROW(import_yang(store->setups(), path("empty")), InputError);
  EXPECT_THROW(import_yang(store->setups(), path("absent")), InputError);
  write_file("dup/A100_PT.csv", std::string(kSetupHeader) +
                                    "TBD,TBD,m.x,224,80,8,,100,10,1,True\n" +
                                    "TBD,TBD,m.x,224,80,8,,100,10,1,True\n");
  EXPECT_THROW(import_yang(store->setups(), path("dup")), InputError);
  EXPECT_EQ(setups_of(*store).size(), 1u);  // only the catalog estimate
}

TEST_F(CompareTest, TimmResultsFileNamesItsTestSet) {
  auto store = open_store();
  write_file("results-imagenet.csv",
             "model,img_size,top1,top1_err,top5,top5_err,param_count,crop_pct,interpolation\n"
             "resnet50.a1_in1k,224,81.2,18.8,95.1,4.9,25.56,0.95,bicubic\n"
             "resnet50.a1_in1k,288,82.0,18.0,95.6,4.4,25.56,1.0,bicubic\n");
  auto s = import_timm(store->setups(), path("results-imagenet.csv"));
  EXPECT_EQ(s.accuracies, 2u);
  write_file("results-sketch.csv",
             "model,img_size,top1,top5,param_count\nresnet50.a1_in1k,224,30.5,,25.56\n");
  import_timm(store->setups(), path("results-sketch.csv"));
  // Accuracies join measurements of the same model and size.
  add_setup(*store, "LOCAL_GPU", {{"resnet50.a1_in1k", 224, 0.02, 5000.0, 0.1, 256, 512, {}}});
  auto view = view_of(*store, "LOCAL_GPU");
  ASSERT_EQ(view.models.size(), 1u);
  EXPECT_DOUBLE_EQ(view.models[0].accuracy_pct_by_test_set.at(kDefaultTestSet), 81.2);
  EXPECT_DOUBLE_EQ(view.models[0].accuracy_pct_by_test_set.at("sketch"), 30.5);
  EXPECT_DOUBLE_EQ(*view.models[0].params, 25.56e6);
}

TEST_F(CompareTest, TimmBadRowsAreRejected) {
  auto store = open_store();
  write_file("results-imagenet.csv", "model,img_size,top1\nm1,224,81\nm2,224,181\n");
  try {
    import_timm(store->setups(), path("results-imagenet.csv"));
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), path("results-imagenet.csv") +
                                         ":3:3: field 'top1': 181 is not a percentage in [0, 100]");
  }
  write_file("accuracy.csv", "model,img_size,top1\nm1,224,81\n");
  EXPECT_THROW(import_timm(store->setups(), path("accuracy.csv")), InputError);  // no test set
  EXPECT_EQ(import_timm(store->setups(), path("accuracy.csv"), "my-set").accuracies, 1u);
  // Only the named set landed: the failed import above wrote nothing.
  add_setup(*store, "LOCAL", {{"m1", 224, 0.5, {}, {}, {}, {}, {}}});
  EXPECT_EQ(view_of(*store, "LOCAL").test_sets, (std::vector<std::string>{"my-set"}));
}

TEST_F(CompareTest, ModelDatesMatchTaggedVariants) {
  auto store = open_store();
  import_yang(store->setups(), yang_dir());
  write_file("dates.csv",
             "model,release_date\nbeit_base_patch16_224,2021-06-15\nno_such_model,2020-01-01\n");
  auto s = import_model_dates(store->setups(), path("dates.csv"));
  EXPECT_EQ(s.models, 1u);
  EXPECT_EQ(s.skipped, 1u);
  auto view = view_of(*store, "A100_TRT");
  EXPECT_EQ(find(view, "beit_base_patch16_224.in22k_ft_in22k_in1k", 224).release->iso(),
            "2021-06-15");
  write_file("bad_dates.csv", "model,release_date\nbeit_base_patch16_224,2021-13-15\n");
  EXPECT_THROW(import_model_dates(store->setups(), path("bad_dates.csv")), InputError);
}

namespace {

// A complete measure run of two batch sizes on a 3x32x32 input; batch 2 is the efficient one.
int64_t stored_run(Store& store, const std::string& status = "complete", double energy_j = 0.5) {
  measure::RunRecord run;
  run.kind = "measure";
  run.workload = "models/tiny.pt";
  run.sensor = "sim:50";
  run.settings_key = "k";
  run.provenance = {{"workload", {{"input_shape", {3, 32, 32}}}}};
  run.started_at = "2026-01-01T00:00:00.000Z";
  auto id = store.runs().create(run);
  for (int size : {1, 2}) {
    measure::BatchResult b;
    b.batch_size = size;
    b.reps = 13;
    b.energy_per_item_j = energy_j / size;
    b.throughput_items_per_s = 100.0 * size;
    b.latency_mean_s = 0.01;
    store.runs().add_batch(id, b);
  }
  store.runs().finish(id, status, "", "2026-01-01T00:01:00.000Z");
  return id;
}

}  // namespace

TEST_F(CompareTest, MeasuredRunsFormASetupAtTheirMostEfficientBatch) {
  auto store = open_store();
  auto id = stored_run(*store);
  MeasuredSetupRequest request{"MINE", {id}, {"tiny"}, {71.5}, "A100 PCIe 40GB", 0};
  auto summary = import_measured_runs(store->runs(), store->setups(), request);
  EXPECT_EQ(summary.measurements, 1u);
  auto mine = view_of(*store, "MINE");
  ASSERT_EQ(mine.models.size(), 1u);
  EXPECT_EQ(mine.models[0].model, "tiny");
  EXPECT_EQ(mine.models[0].input_px, 32);  // from the run's input shape
  EXPECT_DOUBLE_EQ(mine.models[0].energy_j, 0.25);
  EXPECT_EQ(mine.models[0].batch_size, 2);
  EXPECT_DOUBLE_EQ(mine.models[0].accuracy_pct_by_test_set.at(kDefaultTestSet), 71.5);
  EXPECT_EQ(mine.setup.origin, "runs:" + std::to_string(id));
}

TEST_F(CompareTest, MeasuredRunsAreValidated) {
  auto store = open_store();
  auto good = stored_run(*store), running = stored_run(*store, "running");
  auto zero = stored_run(*store, "complete", 0);
  auto import = [&](std::vector<int64_t> ids, std::vector<double> accuracy = {}) {
    MeasuredSetupRequest r{"MINE", std::move(ids), {}, std::move(accuracy), "", 0};
    return import_measured_runs(store->runs(), store->setups(), r);
  };
  EXPECT_THROW(import({running}), InputError);        // not complete
  EXPECT_THROW(import({zero}), InputError);           // no positive energy
  EXPECT_THROW(import({good}, {120.0}), InputError);  // not a percentage
  EXPECT_THROW(import({good, good}), InputError);     // the same model twice
  EXPECT_THROW(import({}), InputError);
  EXPECT_THROW(view_of(*store, "MINE"), InputError);  // nothing landed
}

TEST_F(CompareTest, CatalogEstimateSetupUsesTheAdaptedA100Efficiency) {
  auto store = open_store();
  auto view = view_of(*store, kCatalogEstimateSetup);
  EXPECT_TRUE(view.setup.estimated);
  EXPECT_GT(view.models.size(), 50u);
  const auto& resnet = find(view, "ResNet-50", 224);
  // 7.6 GFLOPs / 130.9 GFLOP/J (52.35 TFLOP/s / 400 W): 58.07 mJ, as 'infergy estimate' prints.
  EXPECT_NEAR(resnet.energy_j, 0.05807, 5e-5);
  EXPECT_DOUBLE_EQ(*resnet.flop_count, 7.6e9);
  EXPECT_EQ(resnet.release->iso(), "2015-12-10");
  auto ranked = rank(view, RankOptions{});
  EXPECT_EQ(ranked.candidates, view.models.size());
}
