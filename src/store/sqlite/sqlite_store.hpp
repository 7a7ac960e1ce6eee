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
  // Opens (creating the file, not its folder) and migrates. ":memory:" keeps it in
  // memory. An existing file this process may not write opens read-only.
  explicit SqliteStore(const std::string& path);

  std::string location() const override { return location_; }
  std::string backend() const override { return "sqlite"; }
  bool read_only() const override { return db_.read_only(); }
  std::vector<SchemaVersion> schema_versions() override;
  std::string revision() override;
  catalog::DatasetRepository& datasets() override { return datasets_; }
  measure::RunRepository& runs() override { return runs_; }
  compare::SetupRepository& setups() override { return setups_; }
  campaign::CampaignRepository& campaigns() override { return campaigns_; }
  calibrate::CalibrationRepository& calibrations() override { return calibrations_; }

 private:
  std::string location_;
  sql::Database db_;
  Datasets datasets_{db_};
  Runs runs_{db_};
  Setups setups_{db_};
  Campaigns campaigns_{db_};
  Calibrations calibrations_{db_};
};

}  // namespace infergy::store::sqlite
