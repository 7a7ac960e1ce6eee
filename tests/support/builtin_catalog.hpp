// The built-in catalog as a fresh store loads it, for tests (one in-memory store per process).
#pragma once
#include "infergy/store.hpp"

namespace infergy::test_support {

inline const catalog::Catalog& builtin_catalog() {
  static const catalog::Catalog c = Store::open_in_memory()->catalog();
  return c;
}

}  // namespace infergy::test_support
