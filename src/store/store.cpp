#include "infergy/store.hpp"

#include <cstdlib>
#include <filesystem>

#include "backends.hpp"
#include "infergy/error.hpp"
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

namespace store {

std::unique_ptr<Store> open_sqlite(const std::string& path) {
  return std::make_unique<sqlite::SqliteStore>(path);
}

}  // namespace store

std::unique_ptr<Store> Store::open(const std::string& location) {
  if (location.empty()) {
    throw InputError("the store location is empty: give a file path or a postgresql:// URL");
  }
  const auto scheme_end = location.find("://");
  std::unique_ptr<Store> opened;
  if (scheme_end == std::string::npos) {
    opened = store::open_sqlite(location);
  } else if (auto scheme = location.substr(0, scheme_end);
             scheme == "postgresql" || scheme == "postgres") {
    opened = store::open_postgres(location);
  } else {
    throw InputError("unsupported store location '" + scheme +
                     "://...': give a file path "
                     "(SQLite) or a postgresql:// URL");
  }
  if (!opened->read_only()) catalog::ensure_builtin(opened->datasets());
  return opened;
}

std::unique_ptr<Store> Store::open_in_memory() {
  auto store = store::open_sqlite(":memory:");
  catalog::ensure_builtin(store->datasets());
  return store;
}

int Store::schema_version() {
  int total = 0;
  for (const auto& v : schema_versions()) total += v.version;
  return total;
}

catalog::Catalog Store::catalog() { return catalog::load_catalog(datasets()); }

}  // namespace infergy
