// A fresh store in a temporary folder per test, the path of the reference data, and
// short forms of the store calls the compare, importer and report tests repeat.
#pragma once
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "infergy/compare.hpp"
#include "infergy/store.hpp"

namespace infergy::testing {

class StoreFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("infergy_store_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  std::string write(const std::string& name, const std::string& text) const {
    std::filesystem::create_directories(std::filesystem::path(path(name)).parent_path());
    std::ofstream(path(name)) << text;
    return path(name);
  }
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

  std::filesystem::path dir_;
};

using CompareTest = StoreFixture;

}  // namespace infergy::testing
