// A fresh store in a temporary folder per test, and the path of the reference data.
#pragma once
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "infergy/store.hpp"

namespace infergy::testing {

class CompareTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("infergy_compare_" + std::to_string(::getpid()) + "_" +
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
  Store open_store() const { return Store::open(path("test.db")); }

  static std::string yang_dir() {
    return (std::filesystem::path(INFERGY_SHARED_DIR) / "reference-data" / "yang2024").string();
  }

  std::filesystem::path dir_;
};

}  // namespace infergy::testing
