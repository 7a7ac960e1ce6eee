// Versioned schema of the PostgreSQL backend, per module like SQLite's: the same
// modules and versions, in PostgreSQL's dialect. Private to src/store.
#pragma once
#include <vector>

#include "connection.hpp"
#include "infergy/store.hpp"

namespace infergy::store::postgres {

struct Migration {
  int version;
  const char* description;
  const char* sql;
};

struct ModuleSchema {
  const char* module;
  std::vector<Migration> migrations;
  int latest() const { return migrations.empty() ? 0 : migrations.back().version; }
};

const std::vector<const ModuleSchema*>& module_schemas();

std::vector<SchemaVersion> applied_versions(Connection& c);

// Applies pending migrations in one transaction under an advisory lock, so
// concurrent openers (many workers starting at once) migrate once.
void migrate(Connection& c);

}  // namespace infergy::store::postgres
