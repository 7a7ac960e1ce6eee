// Where the catalog's datasets are kept, and the catalog operations built on it:
// importing and exporting CSV, loading the built-in catalog, reading typed records.
// The store's backends implement DatasetRepository (src/store); nothing here knows SQL.
// Usage: catalog::import_csv(store.datasets(), "my_gpus.csv");
//        auto c = catalog::load_catalog(store.datasets());
#pragma once
#include <cstddef>
#include <iosfwd>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "infergy/catalog.hpp"

namespace infergy::catalog {

// Validated rows of one dataset, as they go into the repository.
struct DatasetRows {
  const DatasetSpec* spec = nullptr;
  std::vector<Values> rows;
};

// Rows of the catalog's datasets. Each call is one transaction: it lands whole or not at all.
// Not thread-safe: one repository (one store connection) per thread.
class DatasetRepository {
 public:
  virtual ~DatasetRepository() = default;

  // Inserts or replaces rows by the dataset's key, recording `origin` on each.
  // REQUIRES: every row holds one value per field of rows.spec, in spec order.
  virtual size_t upsert(const DatasetRows& rows, const std::string& origin) = 0;

  // Every row as an object keyed by field name, plus "origin", in insertion order.
  virtual std::vector<nlohmann::json> rows(const DatasetSpec& spec) = 0;
  virtual size_t row_count(const DatasetSpec& spec) = 0;

  // The fingerprint recorded by the last replace_builtin, "" if none.
  virtual std::string builtin_fingerprint() = 0;
  // Replaces every built-in row (origin "builtin") by `builtin`, keeping rows users
  // imported over built-in ones, and records `fingerprint`. Does nothing, and returns
  // false, when the fingerprint stored is already this one (checked inside the
  // transaction, so concurrent openers load the catalog once).
  virtual bool replace_builtin(const std::vector<DatasetRows>& builtin,
                               const std::string& fingerprint) = 0;
};

// The origin recorded on built-in rows.
inline constexpr const char* kBuiltinOrigin = "builtin";

struct ImportResult {
  std::string dataset;
  size_t rows = 0;
};

// Loads the embedded data/*.csv catalog when the repository lacks it or holds an
// older one. Throws InputError if the embedded files are invalid (a build defect).
void ensure_builtin(DatasetRepository& repository);

// Validates the whole file, then upserts its rows in one transaction.
// REQUIRES: the header names one dataset's fields (or `dataset` names it).
// Throws InputError ("file:line:column: ...") and leaves the repository unchanged.
ImportResult import_csv(DatasetRepository& repository, const std::string& path,
                        const std::optional<std::string>& dataset = {});
ImportResult import_document(DatasetRepository& repository, const csv::Document& doc,
                             const std::string& origin,
                             const std::optional<std::string>& dataset = {});

// Writes a dataset as CSV in the import format (re-importing it changes nothing).
void export_csv(DatasetRepository& repository, const std::string& dataset, std::ostream& out);

// The typed catalog (models, GPUs, speed-ups, references).
Catalog load_catalog(DatasetRepository& repository);

}  // namespace infergy::catalog
