// What both backends' schemas share: a module's migrations, and the rules for deciding
// what to apply (what is pending, what is too new). Each backend lists its modules'
// migrations in its own dialect and applies them its own way. Private to src/store.
#pragma once
#include <string>
#include <vector>

#include "infergy/store.hpp"

namespace infergy::store {

// One schema step of a module. Append only: never edit a migration that has shipped.
struct Migration {
  int version;  // 1, 2, ... within its module
  const char* description;
  const char* sql;
};

struct ModuleSchema {
  const char* module;  // "catalog", "runs", "setups", ...
  std::vector<Migration> migrations;
  int latest() const { return migrations.empty() ? 0 : migrations.back().version; }
};

using ModuleSchemas = std::vector<const ModuleSchema*>;

// The version applied for `module`, 0 if none.
int version_of(const std::vector<SchemaVersion>& applied, const std::string& module);

// True when some module of `known` is behind its latest migration.
bool pending(const std::vector<SchemaVersion>& applied, const ModuleSchemas& known);

// Throws Failure naming `location` if the store records a module or version `known`
// lacks (it was written by a newer infergy).
void check_not_newer(const std::vector<SchemaVersion>& applied, const ModuleSchemas& known,
                     const std::string& location);

}  // namespace infergy::store
