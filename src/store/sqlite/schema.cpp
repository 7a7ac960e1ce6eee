#include "schema.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "infergy/error.hpp"

namespace infergy::store::sqlite {

const ModuleSchema& catalog_schema();       // datasets.cpp
const ModuleSchema& runs_schema();          // runs.cpp
const ModuleSchema& setups_schema();        // setups.cpp
const ModuleSchema& campaigns_schema();     // campaigns.cpp
const ModuleSchema& calibrations_schema();  // calibrations.cpp

namespace {

constexpr const char* kVersionsTable =
    "CREATE TABLE IF NOT EXISTS schema_versions(module TEXT PRIMARY KEY, version INTEGER NOT NULL)";

bool has_table(sql::Database& db, const char* name) {
  auto stmt = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
  stmt.bind(1, std::string_view(name));
  return stmt.step();
}

int user_version(sql::Database& db) {
  auto stmt = db.prepare("PRAGMA user_version");
  stmt.step();
  return static_cast<int>(stmt.integer(0));
}

// What infergy 0.1's single user_version means per module.
std::vector<SchemaVersion> legacy_versions(int version) {
  std::vector<SchemaVersion> out;
  const char* modules[] = {"catalog", "runs", "setups"};
  for (int i = 0; i < std::min(version, 3); ++i) out.push_back({modules[i], 1});
  return out;
}

void record(sql::Database& db, const std::string& module, int version) {
  auto stmt = db.prepare(
      "INSERT INTO schema_versions(module, version) VALUES(?, ?) "
      "ON CONFLICT(module) DO UPDATE SET version = excluded.version");
  stmt.bind(1, std::string_view(module)).bind(2, static_cast<int64_t>(version));
  stmt.run();
}

}  // namespace

const std::vector<const ModuleSchema*>& module_schemas() {
  static const std::vector<const ModuleSchema*> all = {&catalog_schema(), &runs_schema(),
                                                       &setups_schema(), &campaigns_schema(),
                                                       &calibrations_schema()};
  return all;
}

std::vector<SchemaVersion> applied_versions(sql::Database& db) {
  if (!has_table(db, "schema_versions")) return legacy_versions(user_version(db));
  std::vector<SchemaVersion> out;
  auto stmt = db.prepare("SELECT module, version FROM schema_versions ORDER BY rowid");
  while (stmt.step()) out.push_back({stmt.text(0), static_cast<int>(stmt.integer(1))});
  return out;
}

void migrate(sql::Database& db) {
  auto applied = applied_versions(db);
  check_not_newer(applied, module_schemas(), db.path());
  if (!pending(applied, module_schemas())) return;  // the common case takes no write lock
  if (db.read_only()) {
    throw Failure("the store " + db.path() +
                  " is read-only and needs migrating to this infergy's schema: make it "
                  "writable once");
  }
  sql::Transaction tx(db);
  applied = applied_versions(db);  // another process may have migrated meanwhile
  check_not_newer(applied, module_schemas(), db.path());
  db.exec(kVersionsTable);
  int total = 0;
  for (const auto* schema : module_schemas()) {
    int current = version_of(applied, schema->module);
    for (const auto& m : schema->migrations) {
      if (m.version > current) db.exec(m.sql);
    }
    record(db, schema->module, schema->latest());
    total += schema->latest();
  }
  // Older infergy binaries read only user_version: a larger total makes them refuse.
  db.exec(fmt::format("PRAGMA user_version = {}", total));
  tx.commit();
}

}  // namespace infergy::store::sqlite
