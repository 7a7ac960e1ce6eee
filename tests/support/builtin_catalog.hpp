// The built-in catalog as a fresh store loads it, for tests (one temporary store per process).
#pragma once
#include <unistd.h>

#include <filesystem>
#include <string>

#include "infergy/store.hpp"

namespace infergy::test_support {

inline const catalog::Catalog& builtin_catalog() {
  static const catalog::Catalog c = [] {
    auto path = std::filesystem::temp_directory_path() /
                ("infergy_builtin_catalog_" + std::to_string(::getpid()) + ".db");
    std::filesystem::remove(path);
    auto result = Store::open(path.string()).catalog();
    std::filesystem::remove(path);
    return result;
  }();
  return c;
}

}  // namespace infergy::test_support
