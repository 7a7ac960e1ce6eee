// The store contract for fitted calibrated estimators (contract_fixture.hpp).
#include <gtest/gtest.h>

#include "contract_fixture.hpp"

using namespace infergy;
using infergy::testing::StoreContract;

namespace {

calibrate::StoredCalibration calibration(const std::string& training_hash, double coefficient) {
  calibrate::StoredCalibration c;
  c.format_version = 1;
  c.created_at = "2026-01-01T00:00:00Z";
  c.training_hash = training_hash;
  c.options_hash = "0123456789abcdef";
  c.options = {{"level", 0.9}, {"folds", 10}};
  // A value that a lossy round trip would change (17 significant digits).
  c.estimator = {{"format_version", 1}, {"coefficients", {coefficient, -2.5e-17}}};
  return c;
}

}  // namespace

TEST_P(StoreContract, CalibrationsAreVersionedInOrderOfSaving) {
  auto store = open();
  EXPECT_FALSE(store->calibrations().latest());
  EXPECT_TRUE(store->calibrations().list().empty());
  const double precise = 0.1234567890123456789;
  const auto v1 = store->calibrations().save(calibration("aaaa", precise));
  const auto v2 = store->calibrations().save(calibration("bbbb", 2.0));
  EXPECT_LT(v1, v2);

  auto latest = store->calibrations().latest();
  ASSERT_TRUE(latest);
  EXPECT_EQ(latest->version, v2);
  EXPECT_EQ(latest->training_hash, "bbbb");

  auto first = store->calibrations().find(v1);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->format_version, 1);
  EXPECT_EQ(first->created_at, "2026-01-01T00:00:00Z");
  EXPECT_EQ(first->options_hash, "0123456789abcdef");
  EXPECT_EQ(first->options.at("folds").get<int>(), 10);
  EXPECT_EQ(first->estimator.at("coefficients")[0].get<double>(), precise);  // exactly
  EXPECT_EQ(first->estimator.at("coefficients")[1].get<double>(), -2.5e-17);
  EXPECT_FALSE(store->calibrations().find(v2 + 100));

  auto all = store->calibrations().list();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].version, v1);
  EXPECT_EQ(all[1].training_hash, "bbbb");
  EXPECT_TRUE(all[1].estimator.is_null());  // list() leaves the bodies out
}

TEST_P(StoreContract, CalibrationsSurviveReopeningAndMoveTheRevision) {
  std::string before;
  {
    auto store = open();
    before = store->revision();
    store->calibrations().save(calibration("cccc", 1.0));
    EXPECT_NE(store->revision(), before);
  }
  auto store = open();
  auto latest = store->calibrations().latest();
  ASSERT_TRUE(latest);
  EXPECT_EQ(latest->training_hash, "cccc");
}

TEST_P(StoreContract, BuiltInCatalogHasMemoryBandwidthWithSources) {
  auto catalog = open()->catalog();
  const auto* a100 = catalog.find_gpu_memory("a100 pcie 40gb");  // case-insensitive
  ASSERT_NE(a100, nullptr);
  EXPECT_DOUBLE_EQ(a100->bandwidth_bytes_per_second, 1555e9);
  const auto* h100 = catalog.find_gpu_memory("H100 PCIe 80GB");
  ASSERT_NE(h100, nullptr);
  EXPECT_DOUBLE_EQ(h100->bandwidth_bytes_per_second, 2000e9);
  EXPECT_DOUBLE_EQ(catalog.find_gpu_memory("H100 SXM 80GB")->bandwidth_bytes_per_second, 3350e9);
  EXPECT_DOUBLE_EQ(catalog.find_gpu_memory("H200 SXM 141GB")->bandwidth_bytes_per_second, 4800e9);
  EXPECT_EQ(catalog.find_gpu_memory("no such gpu"), nullptr);
  for (const auto& m : catalog.gpu_memory) {
    EXPECT_FALSE(m.source.empty()) << m.name;
    EXPECT_FALSE(catalog.gpu_rows(m.name).empty()) << m.name << " is not in the gpus dataset";
  }
}
