// The store: one SQLite file holding the catalog, imported data and measured runs.
// Usage: auto store = Store::open(Store::default_path()); store.catalog();
// Every write that takes user input runs in one transaction: it lands whole or not at all.
#pragma once
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "infergy/catalog.hpp"
#include "infergy/sqlite.hpp"

namespace infergy {

// A schema step. Migrations are applied in order, each in its own transaction,
// and PRAGMA user_version records how many have run.
struct Migration {
  int version;
  const char* description;
  const char* sql;
};

// All migrations of the schema, ascending; modules append theirs here.
const std::vector<Migration>& migrations();

struct ImportResult {
  std::string dataset;
  size_t rows = 0;
};

class Store {
 public:
  // $INFERGY_DB if set, else $XDG_DATA_HOME/infergy/infergy.db, else
  // ~/.local/share/infergy/infergy.db.
  static std::string default_path();

  // Opens or creates the database (and its folder), applies pending migrations
  // and loads the built-in catalog when it is missing or changed.
  // Throws Failure if the file is not a database or is newer than this binary.
  static Store open(const std::string& path);

  int schema_version();

  // Validates the whole file, then upserts its rows in one transaction.
  // REQUIRES: the header names one dataset's fields (or `dataset` names it).
  // Throws InputError ("file:line:column: ...") and leaves the store unchanged.
  ImportResult import_csv(const std::string& path, const std::optional<std::string>& dataset = {});
  ImportResult import_document(const csv::Document& doc, const std::string& origin,
                               const std::optional<std::string>& dataset = {});

  // Writes a dataset as CSV in the import format (re-importing it changes nothing).
  void export_csv(const std::string& dataset, std::ostream& out);

  // Rows of a dataset as objects keyed by field name, plus "origin".
  std::vector<nlohmann::json> rows(const std::string& dataset);

  catalog::Catalog catalog();

  sql::Database& database() { return db_; }

 private:
  explicit Store(sql::Database db) : db_(std::move(db)) {}
  void migrate();
  void load_builtin_catalog();

  sql::Database db_;
};

}  // namespace infergy
