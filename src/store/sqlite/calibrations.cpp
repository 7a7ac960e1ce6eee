// Fitted calibrated estimators in SQLite: one row per saved version, the estimator as
// JSON text (it is read whole, never queried inside).
#include "../queries.hpp"
#include "repositories.hpp"
#include "schema.hpp"

namespace infergy::store::sqlite {

const ModuleSchema& calibrations_schema() {
  static const ModuleSchema schema{
      "calibrations",
      {{1, "calibrate: fitted estimators, versioned, with training-data and options hashes",
        R"sql(
CREATE TABLE calibrations(
  version INTEGER PRIMARY KEY AUTOINCREMENT, format_version INTEGER NOT NULL,
  created_at TEXT NOT NULL, training_hash TEXT NOT NULL, options_hash TEXT NOT NULL,
  options TEXT NOT NULL, estimator TEXT NOT NULL);
)sql"}}};
  return schema;
}

namespace {

namespace q = store::queries;

// Columns in kCalibrationColumns order, then the estimator when `with_estimator`.
calibrate::StoredCalibration read_calibration(const sql::Statement& stmt, bool with_estimator) {
  calibrate::StoredCalibration c;
  c.version = stmt.integer(0);
  c.format_version = static_cast<int>(stmt.integer(1));
  c.created_at = stmt.text(2);
  c.training_hash = stmt.text(3);
  c.options_hash = stmt.text(4);
  c.options = nlohmann::json::parse(stmt.text(5));
  if (with_estimator) c.estimator = nlohmann::json::parse(stmt.text(6));
  return c;
}

}  // namespace

int64_t Calibrations::save(const calibrate::StoredCalibration& c) {
  sql::Transaction tx(db_);
  auto stmt = db_.prepare(q::kInsertCalibration);
  stmt.bind(1, static_cast<int64_t>(c.format_version)).bind(2, std::string_view(c.created_at));
  stmt.bind(3, std::string_view(c.training_hash)).bind(4, std::string_view(c.options_hash));
  stmt.bind(5, std::string_view(c.options.dump()));
  stmt.bind(6, std::string_view(c.estimator.dump()));
  stmt.step();  // RETURNING version: the row is written by the first step
  int64_t version = stmt.integer(0);
  stmt.reset();
  tx.commit();
  return version;
}

std::optional<calibrate::StoredCalibration> Calibrations::latest() {
  auto stmt = db_.prepare(q::kLatestCalibration);
  if (!stmt.step()) return std::nullopt;
  return read_calibration(stmt, true);
}

std::optional<calibrate::StoredCalibration> Calibrations::find(int64_t version) {
  auto stmt = db_.prepare(q::kFindCalibration);
  stmt.bind(1, version);
  if (!stmt.step()) return std::nullopt;
  return read_calibration(stmt, true);
}

std::vector<calibrate::StoredCalibration> Calibrations::list() {
  std::vector<calibrate::StoredCalibration> out;
  auto stmt = db_.prepare(q::kListCalibrations);
  while (stmt.step()) out.push_back(read_calibration(stmt, false));
  return out;
}

}  // namespace infergy::store::sqlite
