// The store contract's fixture and sample records: every repository exercised through
// its interface only, so each backend runs the same suite unchanged (the contract_*
// tests; store_backends.hpp lists the backends).
#pragma once
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

namespace infergy::testing {

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

inline const char* kGpuHeader =
    "name,precision,peak_tflops,tdp_w,launch_date,type,printed_gflops_per_watt,source\n";

inline measure::RunRecord run_record(const std::string& key) {
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

inline measure::BatchResult batch(int size) {
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

inline compare::SetupImport::SetupRows setup_rows(const std::string& name,
                                                  std::vector<compare::MeasurementRow> rows) {
  return {{name, "A100 PCIe 40GB", "PyTorch", "test source", "test:" + name, "2026-01-01T00:00:00Z",
           0, false},
          std::move(rows)};
}

inline compare::StatsRow stats_row(const std::string& model, std::optional<double> params,
                                   std::optional<double> macs, const std::string& url = "") {
  return {model, 224, params, "torchinfo", macs, "ptflops", {}, "", {}, "", url};
}

}  // namespace infergy::testing
