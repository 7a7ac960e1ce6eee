// Versioned schema of the PostgreSQL backend, per module like SQLite's: the same
// modules and versions, in PostgreSQL's dialect. Private to src/store.
#pragma once
#include <vector>

#include "../migrations.hpp"
#include "connection.hpp"
#include "infergy/store.hpp"

namespace infergy::store::postgres {

using store::Migration;
using store::ModuleSchema;

const std::vector<const ModuleSchema*>& module_schemas();

std::vector<SchemaVersion> applied_versions(Connection& c);

// Applies pending migrations in one transaction under an advisory lock, so
// concurrent openers (many workers starting at once) migrate once.
void migrate(Connection& c);

}  // namespace infergy::store::postgres
