// The PostgreSQL backend: a shared store for many processes and machines (campaign
// workers), one connection per Store, one repository per module. Private to src/store.
#pragma once
#include <string>

#include "connection.hpp"
#include "infergy/store.hpp"
#include "repositories.hpp"

namespace infergy::store::postgres {

class PostgresStore : public Store {
 public:
  // Connects to a postgresql:// URL and migrates. The URL's password never leaves here.
  explicit PostgresStore(const std::string& url);

  std::string location() const override { return db_.location(); }
  std::string backend() const override { return "postgresql"; }
  std::vector<SchemaVersion> schema_versions() override;
  std::string revision() override;
  catalog::DatasetRepository& datasets() override { return datasets_; }
  measure::RunRepository& runs() override { return runs_; }
  compare::SetupRepository& setups() override { return setups_; }
  campaign::CampaignRepository& campaigns() override { return campaigns_; }
  calibrate::CalibrationRepository& calibrations() override { return calibrations_; }

 private:
  Connection db_;
  Datasets datasets_{db_};
  Runs runs_{db_};
  Setups setups_{db_};
  Campaigns campaigns_{db_};
  Calibrations calibrations_{db_};
};

}  // namespace infergy::store::postgres
