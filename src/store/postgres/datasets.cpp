// The catalog's datasets in PostgreSQL: one table per dataset, as in SQLite, with a
// row_id for insertion order and byte-order ("C") text so listings sort as SQLite's.
#include <fmt/format.h>

#include "../queries.hpp"
#include "repositories.hpp"
#include "schema.hpp"

namespace infergy::store::postgres {

const ModuleSchema& catalog_schema() {
  static const ModuleSchema schema{"catalog",
                                   {{1, "catalog tables", R"sql(
CREATE TABLE meta(key TEXT COLLATE "C" PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE models(
  row_id BIGSERIAL PRIMARY KEY,
  name TEXT COLLATE "C" NOT NULL, domain TEXT NOT NULL CHECK(domain IN ('cv','nlp')),
  extra_data TEXT COLLATE "C" NOT NULL DEFAULT '', architecture TEXT NOT NULL DEFAULT '',
  release_date TEXT NOT NULL, accuracy_pct DOUBLE PRECISION,
  accuracy_metric TEXT NOT NULL DEFAULT '', accuracy_source TEXT NOT NULL DEFAULT '',
  accuracy_flags TEXT NOT NULL DEFAULT '', params_m DOUBLE PRECISION,
  params_source TEXT NOT NULL DEFAULT '', params_flags TEXT NOT NULL DEFAULT '',
  compute DOUBLE PRECISION NOT NULL CHECK(compute >= 0),
  compute_unit TEXT NOT NULL CHECK(compute_unit IN ('GFLOPs','GMACs')),
  compute_source TEXT NOT NULL DEFAULT '', compute_flags TEXT NOT NULL DEFAULT '',
  input_tokens BIGINT, citation TEXT NOT NULL DEFAULT '', source TEXT NOT NULL,
  origin TEXT NOT NULL,
  UNIQUE(domain, name, extra_data));
CREATE TABLE gpus(
  row_id BIGSERIAL PRIMARY KEY,
  name TEXT COLLATE "C" NOT NULL, precision TEXT COLLATE "C" NOT NULL,
  peak_tflops DOUBLE PRECISION NOT NULL CHECK(peak_tflops > 0),
  tdp_w DOUBLE PRECISION NOT NULL CHECK(tdp_w > 0), launch_date TEXT NOT NULL,
  type TEXT NOT NULL DEFAULT '', printed_gflops_per_watt DOUBLE PRECISION, source TEXT NOT NULL,
  origin TEXT NOT NULL, UNIQUE(name, precision));
CREATE TABLE throughputs(
  row_id BIGSERIAL PRIMARY KEY,
  task TEXT COLLATE "C" NOT NULL, model TEXT COLLATE "C" NOT NULL,
  framework TEXT COLLATE "C" NOT NULL, batch_size BIGINT NOT NULL,
  gpu_as_printed TEXT COLLATE "C" NOT NULL DEFAULT '', gpu TEXT NOT NULL,
  precision TEXT COLLATE "C" NOT NULL, reference_gpu TEXT NOT NULL,
  throughput_items_per_s DOUBLE PRECISION NOT NULL, printed_speedup DOUBLE PRECISION,
  source TEXT NOT NULL, origin TEXT NOT NULL,
  UNIQUE(task, model, framework, gpu_as_printed, precision));
CREATE TABLE speedup_ratios(
  row_id BIGSERIAL PRIMARY KEY,
  gpu TEXT COLLATE "C" NOT NULL, precision TEXT COLLATE "C" NOT NULL,
  reference TEXT NOT NULL DEFAULT '', printed_cv_ratio DOUBLE PRECISION NOT NULL,
  printed_nlp_ratio DOUBLE PRECISION NOT NULL, source TEXT NOT NULL, origin TEXT NOT NULL,
  UNIQUE(gpu, precision));
CREATE TABLE human_references(
  row_id BIGSERIAL PRIMARY KEY,
  name TEXT COLLATE "C" NOT NULL UNIQUE, value DOUBLE PRECISION NOT NULL, unit TEXT NOT NULL,
  year BIGINT, description TEXT NOT NULL DEFAULT '', source TEXT NOT NULL, origin TEXT NOT NULL);
-- Store::revision(): every write statement on infergy's tables advances this sequence.
CREATE SEQUENCE infergy_revision;
CREATE FUNCTION infergy_bump_revision() RETURNS trigger LANGUAGE plpgsql AS
  $$ BEGIN PERFORM nextval('infergy_revision'); RETURN NULL; END $$;
CREATE TRIGGER models_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON models
  FOR EACH STATEMENT EXECUTE FUNCTION infergy_bump_revision();
CREATE TRIGGER gpus_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON gpus
  FOR EACH STATEMENT EXECUTE FUNCTION infergy_bump_revision();
CREATE TRIGGER throughputs_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON throughputs
  FOR EACH STATEMENT EXECUTE FUNCTION infergy_bump_revision();
CREATE TRIGGER speedup_ratios_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON speedup_ratios
  FOR EACH STATEMENT EXECUTE FUNCTION infergy_bump_revision();
CREATE TRIGGER human_references_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON human_references
  FOR EACH STATEMENT EXECUTE FUNCTION infergy_bump_revision();
)sql"},
                                    {2, "GPU memory bandwidth (gpu_memory)", R"sql(
CREATE TABLE gpu_memory(
  row_id BIGSERIAL PRIMARY KEY,
  name TEXT COLLATE "C" NOT NULL UNIQUE,
  bandwidth_gb_per_s DOUBLE PRECISION NOT NULL CHECK(bandwidth_gb_per_s > 0),
  memory_gb DOUBLE PRECISION, memory_type TEXT NOT NULL DEFAULT '', source TEXT NOT NULL,
  origin TEXT NOT NULL);
CREATE TRIGGER gpu_memory_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON gpu_memory
  FOR EACH STATEMENT EXECUTE FUNCTION infergy_bump_revision();
)sql"}}};
  return schema;
}

namespace {

namespace q = store::queries;

constexpr const char* kFingerprintKey = "builtin_catalog_hash";

size_t insert_rows(pqxx::work& tx, const catalog::DatasetRows& rows, const std::string& origin,
                   bool replace) {
  const auto sql = q::dataset_insert(*rows.spec, replace);
  for (const auto& row : rows.rows) {
    Params params;
    for (const auto& value : row) params.json(value);
    exec(tx, sql, params.text(origin));
  }
  return rows.rows.size();
}

// A stored value as the JSON the catalog reads: numbers as numbers, by field type.
nlohmann::json value_of(const pqxx::field& f, catalog::FieldType type) {
  using T = catalog::FieldType;
  if (f.is_null()) return nullptr;
  switch (type) {
    case T::real:
    case T::nonneg_real:
    case T::positive_real:
      return real(f);
    case T::positive_int:
      return integer(f);
    default:
      return text(f);
  }
}

std::string meta_value(pqxx::work& tx, const std::string& key) {
  auto r = exec(tx, q::kMetaValue, Params().text(key));
  return r.empty() ? std::string() : text(r[0][0]);
}

}  // namespace

size_t Datasets::upsert(const catalog::DatasetRows& rows, const std::string& origin) {
  return in_transaction(db_, "importing " + rows.spec->name,
                        [&](pqxx::work& tx) { return insert_rows(tx, rows, origin, true); });
}

std::vector<nlohmann::json> Datasets::rows(const catalog::DatasetSpec& spec) {
  return in_transaction(db_, "reading " + spec.name, [&](pqxx::work& tx) {
    auto result = exec(
        tx, fmt::format("SELECT {} FROM {} ORDER BY row_id", q::dataset_columns(spec), spec.name));
    std::vector<nlohmann::json> out;
    for (const auto& r : result) {
      nlohmann::json row = nlohmann::json::object();
      for (size_t i = 0; i < spec.fields.size(); ++i) {
        row[spec.fields[i].name] = value_of(r[static_cast<int>(i)], spec.fields[i].type);
      }
      row["origin"] = text(r[static_cast<int>(spec.fields.size())]);
      out.push_back(std::move(row));
    }
    return out;
  });
}

size_t Datasets::row_count(const catalog::DatasetSpec& spec) {
  return in_transaction(db_, "counting " + spec.name, [&](pqxx::work& tx) {
    return static_cast<size_t>(integer(exec(tx, q::dataset_count(spec))[0][0]));
  });
}

std::string Datasets::builtin_fingerprint() {
  return in_transaction(db_, "reading the catalog fingerprint",
                        [&](pqxx::work& tx) { return meta_value(tx, kFingerprintKey); });
}

bool Datasets::replace_builtin(const std::vector<catalog::DatasetRows>& builtin,
                               const std::string& fingerprint) {
  return in_transaction(db_, "loading the built-in catalog", [&](pqxx::work& tx) {
    exec(tx, "LOCK TABLE meta IN EXCLUSIVE MODE");  // concurrent openers load it once
    if (meta_value(tx, kFingerprintKey) == fingerprint) return false;
    for (const auto& rows : builtin) {
      exec(tx, q::dataset_delete_origin(*rows.spec), Params().text(catalog::kBuiltinOrigin));
      // Rows the user imported over built-in ones win: built-ins do not replace them.
      insert_rows(tx, rows, catalog::kBuiltinOrigin, false);
    }
    exec(tx, q::kSetMeta, Params().text(kFingerprintKey).text(fingerprint));
    return true;
  });
}

}  // namespace infergy::store::postgres
