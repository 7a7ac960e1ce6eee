#include "infergy/store.hpp"

#include <sstream>

#include <gtest/gtest.h>

#include "infergy/error.hpp"
#include "support/temp_dir.hpp"

using namespace infergy;

namespace {

class StoreTest : public test_support::TempDirTest {
 protected:
  static std::string dump(Store& store) {
    std::ostringstream out;
    for (const auto& spec : catalog::datasets()) store.export_csv(spec.name, out);
    return out.str();
  }
};

const char* kGpuHeader =
    "name,precision,peak_tflops,tdp_w,launch_date,type,"
    "printed_gflops_per_watt,source\n";

}  // namespace

TEST_F(StoreTest, LoadsBuiltinCatalogOnFirstOpen) {
  auto store = Store::open(path("sub/dir/a.db"));
  EXPECT_EQ(store.schema_version(), migrations().back().version);
  auto c = store.catalog();
  EXPECT_EQ(std::count_if(c.models.begin(), c.models.end(),
                          [](auto& m) { return m.domain == catalog::Domain::cv; }),
            94);
  EXPECT_EQ(std::count_if(c.models.begin(), c.models.end(),
                          [](auto& m) { return m.domain == catalog::Domain::nlp; }),
            19);
  EXPECT_EQ(c.gpus.size(), 48u + 16u);
  EXPECT_EQ(c.throughputs.size(), 58u);
  EXPECT_EQ(c.speedup_ratios.size(), 4u);
  EXPECT_EQ(c.human_references.size(), 2u);
  EXPECT_EQ(c.find_model("AlexNet").compute_flags, "†");
}

TEST_F(StoreTest, ImportUpsertsAndPersists) {
  auto file = write_file("g.csv", std::string(kGpuHeader) +
                                      "Test GPU,fp32,10,100,2024-01-01,Server,,my datasheet\n"
                                      "Tesla V100,fp32,15.7,250,2018-03-27,Server,,override\n");
  {
    auto store = Store::open(path("a.db"));
    auto result = store.import_csv(file);
    EXPECT_EQ(result.dataset, "gpus");
    EXPECT_EQ(result.rows, 2u);
  }
  auto store = Store::open(path("a.db"));
  auto c = store.catalog();
  EXPECT_DOUBLE_EQ(c.find_gpu("Test GPU", catalog::Precision::fp32).flop_per_joule(), 1e11);
  EXPECT_DOUBLE_EQ(c.find_gpu("Tesla V100", catalog::Precision::fp32).tdp_w, 250);
  EXPECT_EQ(c.gpus.size(), 48u + 16u + 1u);
}

TEST_F(StoreTest, Issue2BadRowLeavesStoreUnchanged) {
  auto store = Store::open(path("a.db"));
  const std::string before = dump(store);
  auto file = write_file("bad.csv", std::string(kGpuHeader) +
                                        "Good GPU,fp32,10,100,2024-01-01,Server,,x\n"
                                        "Bad GPU,fp32,10,100,2024-02-30,Server,,x\n");
  try {
    store.import_csv(file);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              file + ":3:5: field 'launch_date': '2024-02-30' is not a date YYYY-MM-DD");
  }
  EXPECT_EQ(dump(store), before);
  EXPECT_EQ(dump(*std::make_unique<Store>(Store::open(path("a.db")))), before);
}

TEST_F(StoreTest, ExportRoundTripsThroughImport) {
  auto store = Store::open(path("a.db"));
  std::ostringstream models;
  store.export_csv("models", models);
  auto file = write_file("models.csv", models.str());
  auto result = store.import_csv(file);
  EXPECT_EQ(result.rows, 113u);
  auto c = store.catalog();
  EXPECT_EQ(c.models.size(), 113u);
  EXPECT_DOUBLE_EQ(c.find_model("ViT-G/14").compute, 5270);
}

TEST_F(StoreTest, RejectsAFileThatIsNotADatabase) {
  auto file = write_file("junk.db", std::string(4096, 'x'));
  EXPECT_THROW(Store::open(file), Failure);
}

TEST_F(StoreTest, DefaultPathHonoursEnvironment) {
  setenv("INFERGY_DB", "/tmp/custom.db", 1);
  EXPECT_EQ(Store::default_path(), "/tmp/custom.db");
  unsetenv("INFERGY_DB");
  setenv("XDG_DATA_HOME", "/tmp/xdg", 1);
  EXPECT_EQ(Store::default_path(), "/tmp/xdg/infergy/infergy.db");
  unsetenv("XDG_DATA_HOME");
}
