#include "schema.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "infergy/error.hpp"

namespace infergy::store::postgres {

const ModuleSchema& catalog_schema();       // datasets.cpp
const ModuleSchema& runs_schema();          // runs.cpp
const ModuleSchema& setups_schema();        // setups.cpp
const ModuleSchema& campaigns_schema();     // campaigns.cpp
const ModuleSchema& calibrations_schema();  // calibrations.cpp

namespace {

constexpr int64_t kMigrationLock = 0x696e66657267;  // "inferg": one lock for all openers

constexpr const char* kVersionsTable =
    "CREATE TABLE IF NOT EXISTS schema_versions(module TEXT PRIMARY KEY, "
    "version INTEGER NOT NULL, position INTEGER NOT NULL)";

std::vector<SchemaVersion> versions_in_table(pqxx::transaction_base& tx) {
  std::vector<SchemaVersion> out;
  for (const auto& row :
       exec(tx, "SELECT module, version FROM schema_versions ORDER BY position")) {
    out.push_back({text(row[0]), static_cast<int>(integer(row[1]))});
  }
  return out;
}

// Outside the migration lock: a store that has no versions table yet has nothing applied.
std::vector<SchemaVersion> read_versions(pqxx::transaction_base& tx) {
  auto exists = exec(tx, "SELECT to_regclass('schema_versions') IS NOT NULL");
  if (exists[0][0].as<bool>() == false) return {};
  return versions_in_table(tx);
}

}  // namespace

const std::vector<const ModuleSchema*>& module_schemas() {
  static const std::vector<const ModuleSchema*> all = {&catalog_schema(), &runs_schema(),
                                                       &setups_schema(), &campaigns_schema(),
                                                       &calibrations_schema()};
  return all;
}

std::vector<SchemaVersion> applied_versions(Connection& c) {
  return in_transaction(c, "reading the schema version", read_versions);
}

void migrate(Connection& c) {
  auto applied = applied_versions(c);
  check_not_newer(applied, module_schemas(), c.location());
  if (!pending(applied, module_schemas())) return;
  in_transaction(c, "migrating the schema", [&](pqxx::work& tx) {
    exec(tx, "SELECT pg_advisory_xact_lock($1)", Params().integer(kMigrationLock));
    // Another process may have migrated meanwhile. Read the table itself (taking its
    // lock refreshes the catalog), not to_regclass, whose catalog snapshot may predate
    // the other process's commit.
    exec(tx, kVersionsTable);
    auto now = versions_in_table(tx);
    check_not_newer(now, module_schemas(), c.location());
    int position = 0;
    for (const auto* schema : module_schemas()) {
      int current = version_of(now, schema->module);
      for (const auto& m : schema->migrations) {
        if (m.version > current) exec(tx, m.sql);
      }
      exec(tx,
           "INSERT INTO schema_versions(module, version, position) VALUES($1, $2, $3) "
           "ON CONFLICT(module) DO UPDATE SET version = EXCLUDED.version",
           Params().text(schema->module).integer(schema->latest()).integer(position++));
    }
  });
}

}  // namespace infergy::store::postgres
