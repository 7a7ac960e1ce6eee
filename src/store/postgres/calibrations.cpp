// Fitted calibrated estimators in PostgreSQL: the same table as SQLite's.
#include "../queries.hpp"
#include "repositories.hpp"
#include "schema.hpp"

namespace infergy::store::postgres {

const ModuleSchema& calibrations_schema() {
  static const ModuleSchema schema{
      "calibrations",
      {{1, "calibrate: fitted estimators, versioned, with training-data and options hashes",
        R"sql(
CREATE TABLE calibrations(
  version BIGSERIAL PRIMARY KEY, format_version BIGINT NOT NULL, created_at TEXT NOT NULL,
  training_hash TEXT NOT NULL, options_hash TEXT NOT NULL, options TEXT NOT NULL,
  estimator TEXT NOT NULL);
CREATE TRIGGER calibrations_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON calibrations
  FOR EACH STATEMENT EXECUTE FUNCTION infergy_bump_revision();
)sql"}}};
  return schema;
}

namespace {

namespace q = store::queries;

calibrate::StoredCalibration read_calibration(const pqxx::row& r, bool with_estimator) {
  calibrate::StoredCalibration c;
  c.version = integer(r[0]);
  c.format_version = static_cast<int>(integer(r[1]));
  c.created_at = text(r[2]);
  c.training_hash = text(r[3]);
  c.options_hash = text(r[4]);
  c.options = nlohmann::json::parse(text(r[5]));
  if (with_estimator) c.estimator = nlohmann::json::parse(text(r[6]));
  return c;
}

std::optional<calibrate::StoredCalibration> first(const pqxx::result& r) {
  if (r.empty()) return std::nullopt;
  return read_calibration(r[0], true);
}

}  // namespace

int64_t Calibrations::save(const calibrate::StoredCalibration& c) {
  return in_transaction(db_, "saving a calibration", [&](pqxx::work& tx) {
    auto r = exec(tx, q::kInsertCalibration,
                  Params()
                      .integer(c.format_version)
                      .text(c.created_at)
                      .text(c.training_hash)
                      .text(c.options_hash)
                      .text(c.options.dump())
                      .text(c.estimator.dump()));
    return integer(r[0][0]);
  });
}

std::optional<calibrate::StoredCalibration> Calibrations::latest() {
  return in_transaction(db_, "reading the latest calibration",
                        [&](pqxx::work& tx) { return first(exec(tx, q::kLatestCalibration)); });
}

std::optional<calibrate::StoredCalibration> Calibrations::find(int64_t version) {
  return in_transaction(db_, "reading a calibration", [&](pqxx::work& tx) {
    return first(exec(tx, q::kFindCalibration, Params().integer(version)));
  });
}

std::vector<calibrate::StoredCalibration> Calibrations::list() {
  return in_transaction(db_, "listing calibrations", [&](pqxx::work& tx) {
    std::vector<calibrate::StoredCalibration> out;
    for (const auto& row : exec(tx, q::kListCalibrations)) {
      out.push_back(read_calibration(row, false));
    }
    return out;
  });
}

}  // namespace infergy::store::postgres
