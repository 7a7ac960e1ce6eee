// The catalog's datasets in SQLite: one table per dataset, named after it, with the
// dataset's fields as columns plus the origin of each row.
#include <fmt/format.h>

#include "../queries.hpp"
#include "repositories.hpp"
#include "schema.hpp"

namespace infergy::store::sqlite {

const ModuleSchema& catalog_schema() {
  static const ModuleSchema schema{"catalog",
                                   {{1, "catalog tables", R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE models(
  name TEXT NOT NULL, domain TEXT NOT NULL CHECK(domain IN ('cv','nlp')),
  extra_data TEXT NOT NULL DEFAULT '', architecture TEXT NOT NULL DEFAULT '',
  release_date TEXT NOT NULL, accuracy_pct REAL, accuracy_metric TEXT NOT NULL DEFAULT '',
  accuracy_source TEXT NOT NULL DEFAULT '', accuracy_flags TEXT NOT NULL DEFAULT '',
  params_m REAL, params_source TEXT NOT NULL DEFAULT '', params_flags TEXT NOT NULL DEFAULT '',
  compute REAL NOT NULL CHECK(compute >= 0),
  compute_unit TEXT NOT NULL CHECK(compute_unit IN ('GFLOPs','GMACs')),
  compute_source TEXT NOT NULL DEFAULT '', compute_flags TEXT NOT NULL DEFAULT '',
  input_tokens INTEGER, citation TEXT NOT NULL DEFAULT '', source TEXT NOT NULL,
  origin TEXT NOT NULL,
  UNIQUE(domain, name, extra_data));
CREATE TABLE gpus(
  name TEXT NOT NULL, precision TEXT NOT NULL, peak_tflops REAL NOT NULL CHECK(peak_tflops > 0),
  tdp_w REAL NOT NULL CHECK(tdp_w > 0), launch_date TEXT NOT NULL, type TEXT NOT NULL DEFAULT '',
  printed_gflops_per_watt REAL, source TEXT NOT NULL, origin TEXT NOT NULL,
  UNIQUE(name, precision));
CREATE TABLE throughputs(
  task TEXT NOT NULL, model TEXT NOT NULL, framework TEXT NOT NULL, batch_size INTEGER NOT NULL,
  gpu_as_printed TEXT NOT NULL DEFAULT '', gpu TEXT NOT NULL, precision TEXT NOT NULL,
  reference_gpu TEXT NOT NULL, throughput_items_per_s REAL NOT NULL, printed_speedup REAL,
  source TEXT NOT NULL, origin TEXT NOT NULL,
  UNIQUE(task, model, framework, gpu_as_printed, precision));
CREATE TABLE speedup_ratios(
  gpu TEXT NOT NULL, precision TEXT NOT NULL, reference TEXT NOT NULL DEFAULT '',
  printed_cv_ratio REAL NOT NULL, printed_nlp_ratio REAL NOT NULL, source TEXT NOT NULL,
  origin TEXT NOT NULL, UNIQUE(gpu, precision));
CREATE TABLE human_references(
  name TEXT NOT NULL UNIQUE, value REAL NOT NULL, unit TEXT NOT NULL, year INTEGER,
  description TEXT NOT NULL DEFAULT '', source TEXT NOT NULL, origin TEXT NOT NULL);
)sql"},
                                    {2, "GPU memory bandwidth (gpu_memory)", R"sql(
CREATE TABLE gpu_memory(
  name TEXT NOT NULL UNIQUE, bandwidth_gb_per_s REAL NOT NULL CHECK(bandwidth_gb_per_s > 0),
  memory_gb REAL, memory_type TEXT NOT NULL DEFAULT '', source TEXT NOT NULL,
  origin TEXT NOT NULL);
)sql"}}};
  return schema;
}

namespace {

namespace q = store::queries;

constexpr const char* kFingerprintKey = "builtin_catalog_hash";

std::string meta_value(sql::Database& db, const std::string& key) {
  auto stmt = db.prepare(q::kMetaValue);
  stmt.bind(1, std::string_view(key));
  return stmt.step() ? stmt.text(0) : std::string();
}

void set_meta(sql::Database& db, const std::string& key, const std::string& value) {
  auto stmt = db.prepare(q::kSetMeta);
  stmt.bind(1, std::string_view(key)).bind(2, std::string_view(value));
  stmt.run();
}

size_t insert_rows(sql::Database& db, const catalog::DatasetRows& rows, const std::string& origin,
                   bool replace) {
  auto stmt = db.prepare(q::dataset_insert(*rows.spec, replace));
  for (const auto& row : rows.rows) {
    int i = 1;
    for (const auto& value : row) stmt.bind(i++, value);
    stmt.bind(i, std::string_view(origin));
    stmt.run();
  }
  return rows.rows.size();
}

}  // namespace

size_t Datasets::upsert(const catalog::DatasetRows& rows, const std::string& origin) {
  sql::Transaction tx(db_);
  size_t count = insert_rows(db_, rows, origin, true);
  tx.commit();
  return count;
}

std::vector<nlohmann::json> Datasets::rows(const catalog::DatasetSpec& spec) {
  auto stmt =
      db_.prepare("SELECT " + q::dataset_columns(spec) + " FROM " + spec.name + " ORDER BY rowid");
  std::vector<nlohmann::json> out;
  while (stmt.step()) out.push_back(stmt.row());
  return out;
}

size_t Datasets::row_count(const catalog::DatasetSpec& spec) {
  auto stmt = db_.prepare(q::dataset_count(spec));
  stmt.step();
  return static_cast<size_t>(stmt.integer(0));
}

std::string Datasets::builtin_fingerprint() { return meta_value(db_, kFingerprintKey); }

bool Datasets::replace_builtin(const std::vector<catalog::DatasetRows>& builtin,
                               const std::string& fingerprint) {
  sql::Transaction tx(db_);
  if (meta_value(db_, kFingerprintKey) == fingerprint) return false;
  for (const auto& rows : builtin) {
    db_.prepare(q::dataset_delete_origin(*rows.spec))
        .bind(1, std::string_view(catalog::kBuiltinOrigin))
        .run();
    // Rows the user imported over built-in ones win: built-ins do not replace them.
    insert_rows(db_, rows, catalog::kBuiltinOrigin, false);
  }
  set_meta(db_, kFingerprintKey, fingerprint);
  tx.commit();
  return true;
}

}  // namespace infergy::store::sqlite
