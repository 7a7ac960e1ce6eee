// A fresh store in a temporary folder per test, the path of the reference data, and
// short forms of the store calls the compare, importer and report tests repeat.
#pragma once
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "infergy/compare.hpp"
#include "infergy/store.hpp"
#include "support/temp_dir.hpp"

namespace infergy::testing {

class StoreFixture : public test_support::TempDirTest {
 protected:
  std::unique_ptr<Store> open_store() const { return Store::open(path("test.db")); }

  static std::string yang_dir() {
    return (std::filesystem::path(INFERGY_SHARED_DIR) / "reference-data" / "yang2024").string();
  }

  // A setup of the given measurements (and model statistics), written in one import.
  static void add_setup(Store& store, const std::string& name,
                        const std::vector<compare::MeasurementRow>& rows,
                        const std::string& gpu = "",
                        const std::vector<compare::StatsRow>& stats = {}) {
    compare::SetupImport import;
    import.setups.push_back(
        {{name, gpu, "PyTorch", "test", "test", "2026-01-01T00:00:00Z", 0, false}, rows});
    import.stats = stats;
    import.stats_origin = "test";
    store.setups().apply(import);
  }
  static std::vector<compare::Setup> setups_of(Store& store) {
    return compare::list_setups(store.setups(), store.catalog());
  }
  static compare::SetupView view_of(Store& store, const std::string& name) {
    return compare::load_setup(store.setups(), store.catalog(), name);
  }
  static compare::Analysis analysis_of(Store& store) {
    return compare::analyze(compare::load_measured_setups(store.setups()), store.catalog());
  }
};

using CompareTest = StoreFixture;

}  // namespace infergy::testing
