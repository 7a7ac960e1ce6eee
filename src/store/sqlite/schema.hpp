// Versioned schema of the SQLite backend: each module's repository owns its migrations
// (catalog in datasets.cpp, runs in runs.cpp, setups in setups.cpp) and the store
// applies the pending ones on open. Private to src/store.
#pragma once
#include <string>
#include <vector>

#include "../migrations.hpp"
#include "database.hpp"
#include "infergy/store.hpp"

namespace infergy::store::sqlite {

using store::Migration;
using store::ModuleSchema;

const std::vector<const ModuleSchema*>& module_schemas();

// Versions applied, per module ("" modules absent). Stores of infergy 0.1 kept one
// PRAGMA user_version for all: 1 = catalog, 2 = + runs, 3 = + setups.
std::vector<SchemaVersion> applied_versions(sql::Database& db);

// Applies the pending migrations of every module in one IMMEDIATE transaction (so
// concurrent openers migrate once). Throws Failure if the store records a module or a
// version this binary does not know (written by a newer infergy).
void migrate(sql::Database& db);

}  // namespace infergy::store::sqlite
