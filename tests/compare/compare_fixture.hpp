// A fresh store in a temporary folder per test, and the path of the reference data.
#pragma once
#include <filesystem>
#include <string>

#include "infergy/store.hpp"
#include "support/temp_dir.hpp"

namespace infergy::testing {

class CompareTest : public test_support::TempDirTest {
 protected:
  Store open_store() const { return Store::open(path("test.db")); }

  static std::string yang_dir() {
    return (std::filesystem::path(INFERGY_SHARED_DIR) / "reference-data" / "yang2024").string();
  }
};

}  // namespace infergy::testing
