// The SQLite backend: one file (or memory), one connection, one repository per module.
// Private to src/store.
#pragma once
#include <memory>
#include <string>

#include "database.hpp"
#include "infergy/store.hpp"
#include "repositories.hpp"

namespace infergy::store::sqlite {

class SqliteStore : public Store {
 public:
  // Opens (creating it and its folder) and migrates. ":memory:" keeps it in memory.
  explicit SqliteStore(const std::string& path);

  std::string location() const override { return db_.path(); }
  std::string backend() const override { return "sqlite"; }
  std::vector<SchemaVersion> schema_versions() override;
  std::string revision() override;
  catalog::DatasetRepository& datasets() override { return datasets_; }
  measure::RunRepository& runs() override { return runs_; }
  compare::SetupRepository& setups() override { return setups_; }
  calibrate::CalibrationRepository& calibrations() override { return calibrations_; }

 private:
  sql::Database db_;
  Datasets datasets_{db_};
  Runs runs_{db_};
  Setups setups_{db_};
  Calibrations calibrations_{db_};
};

}  // namespace infergy::store::sqlite
