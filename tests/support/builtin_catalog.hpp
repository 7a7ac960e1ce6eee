// The built-in catalog as a fresh store loads it, for tests (one temporary store per process).
#pragma once
#include "infergy/store.hpp"
#include "support/temp_dir.hpp"

namespace infergy::test_support {

inline const catalog::Catalog& builtin_catalog() {
  static const catalog::Catalog c = [] {
    TempDir dir("infergy_builtin_catalog");
    return Store::open(dir.path("builtin.db")).catalog();
  }();
  return c;
}

}  // namespace infergy::test_support
