#include "infergy/store.hpp"

#include <cstdlib>
#include <filesystem>
#include <ostream>

#include <fmt/format.h>

#include "infergy/embedded.hpp"
#include "infergy/error.hpp"

namespace infergy {
namespace {

constexpr const char* kBuiltinOrigin = "builtin";

// FNV-1a over the embedded catalog, to notice when a new binary ships new data.
std::string builtin_catalog_hash() {
  uint64_t hash = 1469598103934665603ULL;
  for (const auto& spec : catalog::datasets()) {
    for (const auto& file : spec.builtin_files) {
      for (unsigned char c : embedded_file(file)) {
        hash = (hash ^ c) * 1099511628211ULL;
      }
    }
  }
  return fmt::format("{:016x}", hash);
}

std::string meta_value(sql::Database& db, const std::string& key) {
  auto stmt = db.prepare("SELECT value FROM meta WHERE key = ?");
  stmt.bind(1, std::string_view(key));
  return stmt.step() ? stmt.text(0) : std::string();
}

void set_meta(sql::Database& db, const std::string& key, const std::string& value) {
  auto stmt = db.prepare(
      "INSERT INTO meta(key, value) VALUES(?, ?) "
      "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  stmt.bind(1, std::string_view(key)).bind(2, std::string_view(value));
  stmt.run();
}

// INSERT ... ON CONFLICT(key) DO UPDATE (or DO NOTHING for built-in reloads).
std::string insert_sql(const catalog::DatasetSpec& spec, bool replace) {
  std::string columns, params, updates, key;
  for (const auto& f : spec.fields) {
    columns += f.name + ", ";
    params += "?, ";
    updates += f.name + " = excluded." + f.name + ", ";
  }
  for (const auto& k : spec.key) key += (key.empty() ? "" : ", ") + k;
  std::string sql = "INSERT INTO " + spec.name + "(" + columns + "origin) VALUES(" + params +
                    "?) ON CONFLICT(" + key + ") DO ";
  return sql + (replace ? "UPDATE SET " + updates + "origin = excluded.origin" : "NOTHING");
}

size_t insert_rows(sql::Database& db, const catalog::DatasetSpec& spec,
                   const std::vector<catalog::Values>& rows, const std::string& origin,
                   bool replace) {
  auto stmt = db.prepare(insert_sql(spec, replace));
  for (const auto& row : rows) {
    int i = 1;
    for (const auto& value : row) stmt.bind(i++, value);
    stmt.bind(i, std::string_view(origin));
    stmt.run();
  }
  return rows.size();
}

}  // namespace

std::string Store::default_path() {
  if (const char* env = std::getenv("INFERGY_DB"); env && *env) return env;
  std::filesystem::path base;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) {
    base = xdg;
  } else if (const char* home = std::getenv("HOME"); home && *home) {
    base = std::filesystem::path(home) / ".local" / "share";
  } else {
    base = ".";
  }
  return (base / "infergy" / "infergy.db").string();
}

Store Store::open(const std::string& path) {
  auto parent = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  if (ec) throw Failure("cannot create folder " + parent.string() + ": " + ec.message());
  Store store{sql::Database(path)};
  try {
    store.db_.exec("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;");
  } catch (const Failure& e) {
    throw Failure(path + " is not an infergy database (" + e.what() + ")");
  }
  store.migrate();
  store.load_builtin_catalog();
  return store;
}

int Store::schema_version() {
  auto stmt = db_.prepare("PRAGMA user_version");
  stmt.step();
  return static_cast<int>(stmt.integer(0));
}

void Store::migrate() {
  int current = schema_version();
  const auto& all = migrations();
  int latest = all.empty() ? 0 : all.back().version;
  if (current > latest) {
    throw Failure(
        fmt::format("{} has schema version {}, newer than this infergy ({}); upgrade "
                    "infergy",
                    db_.path(), current, latest));
  }
  for (const auto& m : all) {
    if (m.version <= current) continue;
    sql::Transaction tx(db_);
    db_.exec(m.sql);
    db_.exec(fmt::format("PRAGMA user_version = {}", m.version));
    tx.commit();
  }
}

void Store::load_builtin_catalog() {
  const std::string hash = builtin_catalog_hash();
  if (meta_value(db_, "builtin_catalog_hash") == hash) return;
  sql::Transaction tx(db_);
  for (const auto& spec : catalog::datasets()) {
    db_.exec("DELETE FROM " + spec.name + " WHERE origin = '" + kBuiltinOrigin + "'");
    for (const auto& file : spec.builtin_files) {
      auto doc = csv::parse(embedded_file(file), "data/" + std::string(file));
      // Rows the user imported over built-in ones win: built-ins do not replace them.
      insert_rows(db_, spec, catalog::validate(spec, doc), kBuiltinOrigin, false);
    }
  }
  set_meta(db_, "builtin_catalog_hash", hash);
  tx.commit();
}

ImportResult Store::import_csv(const std::string& path, const std::optional<std::string>& dataset) {
  auto doc = csv::read_file(path);
  return import_document(doc, "import:" + std::filesystem::path(path).filename().string(), dataset);
}

ImportResult Store::import_document(const csv::Document& doc, const std::string& origin,
                                    const std::optional<std::string>& dataset) {
  const auto& spec = dataset ? catalog::dataset(*dataset) : catalog::detect_dataset(doc);
  auto rows = catalog::validate(spec, doc);  // all rows checked before anything is written
  sql::Transaction tx(db_);
  size_t count = insert_rows(db_, spec, rows, origin, true);
  tx.commit();
  return {spec.name, count};
}

std::vector<nlohmann::json> Store::rows(const std::string& dataset) {
  const auto& spec = catalog::dataset(dataset);
  auto stmt = db_.prepare("SELECT * FROM " + spec.name + " ORDER BY rowid");
  std::vector<nlohmann::json> out;
  while (stmt.step()) out.push_back(stmt.row());
  return out;
}

void Store::export_csv(const std::string& dataset, std::ostream& out) {
  const auto& spec = catalog::dataset(dataset);
  std::vector<std::string> fields;
  for (const auto& f : spec.fields) fields.push_back(f.name);
  csv::write_row(out, fields);
  for (const auto& row : rows(dataset)) {
    std::vector<std::string> cells;
    for (const auto& f : spec.fields) {
      const auto& v = row.at(f.name);
      cells.push_back(v.is_null()             ? ""
                      : v.is_string()         ? v.get<std::string>()
                      : v.is_number_integer() ? std::to_string(v.get<int64_t>())
                                              : fmt::format("{}", v.get<double>()));
    }
    csv::write_row(out, cells);
  }
}

catalog::Catalog Store::catalog() {
  return catalog::build_catalog(rows("models"), rows("gpus"), rows("throughputs"),
                                rows("speedup_ratios"), rows("human_references"));
}

}  // namespace infergy
