#include "infergy/store.hpp"

#include <cstdlib>
#include <filesystem>

#include "sqlite/sqlite_store.hpp"

namespace infergy {

std::string Store::default_location() {
  if (const char* env = std::getenv("INFERGY_DB"); env && *env) return env;
  std::filesystem::path base;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) {
    base = xdg;
  } else if (const char* home = std::getenv("HOME"); home && *home) {
    base = std::filesystem::path(home) / ".local" / "share";
  } else {
    base = ".";
  }
  return (base / "infergy" / "infergy.db").string();
}

std::unique_ptr<Store> Store::open(const std::string& location) {
  std::unique_ptr<Store> store = std::make_unique<store::sqlite::SqliteStore>(location);
  catalog::ensure_builtin(store->datasets());
  return store;
}

std::unique_ptr<Store> Store::open_in_memory() { return open(":memory:"); }

int Store::schema_version() {
  int total = 0;
  for (const auto& v : schema_versions()) total += v.version;
  return total;
}

catalog::Catalog Store::catalog() { return catalog::load_catalog(datasets()); }

}  // namespace infergy
