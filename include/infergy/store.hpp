// The store: where the catalog, imported results and measured runs are kept, behind
// one repository per module (catalog::DatasetRepository, measure::RunRepository,
// compare::SetupRepository, campaign::CampaignRepository). SQL lives only in the backends under
// src/store/. Usage: auto store = Store::open(Store::default_location());
//        catalog::import_csv(store->datasets(), "gpus.csv"); store->runs().list();
// Opening applies pending schema migrations (each module's own, versioned per module)
// and loads the built-in catalog when it is missing or changed.
// Not thread-safe: one Store (one connection) per thread; several processes may open
// the same store at once.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "infergy/calibration_repository.hpp"
#include "infergy/campaign_repository.hpp"
#include "infergy/catalog_repository.hpp"
#include "infergy/runs.hpp"
#include "infergy/setup_repository.hpp"

namespace infergy {

// How far one module's schema has been migrated.
struct SchemaVersion {
  std::string module;  // "catalog", "runs", "setups", ...
  int version = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // $INFERGY_DB if set, else $XDG_DATA_HOME/infergy/infergy.db, else
  // ~/.local/share/infergy/infergy.db.
  static std::string default_location();

  // Opens or creates the store at `location`, migrates it and loads the built-in
  // catalog. A file path opens SQLite; postgresql://USER@HOST:PORT/DB (or postgres://)
  // opens PostgreSQL, with credentials as libpq reads them (the URL, PGPASSWORD,
  // ~/.pgpass). Throws Failure if the store cannot be reached, is not an infergy store
  // or was written by a newer infergy; InputError for another URL scheme, an empty
  // location, a file in a missing folder, a folder or a zero-length file.
  static std::unique_ptr<Store> open(const std::string& location);
  // A private store that lives as long as the object (SQLite in memory), for tests.
  static std::unique_ptr<Store> open_in_memory();

  virtual std::string location() const = 0;  // as given, without credentials
  virtual std::string backend() const = 0;   // "sqlite"
  // Opened for reading only (a SQLite file this process may not write): reading
  // commands work, writes fail with a clear Failure, the built-in catalog is not reloaded.
  virtual bool read_only() const { return false; }
  // Migrations applied: the sum over modules (what `db info` calls schema_version).
  int schema_version();
  virtual std::vector<SchemaVersion> schema_versions() = 0;

  // An opaque token that changes whenever the stored data change, by this process or
  // another (a server polls it to reload). Equal tokens: nothing changed in between.
  virtual std::string revision() = 0;

  virtual catalog::DatasetRepository& datasets() = 0;
  virtual measure::RunRepository& runs() = 0;
  virtual compare::SetupRepository& setups() = 0;
  virtual campaign::CampaignRepository& campaigns() = 0;
  virtual calibrate::CalibrationRepository& calibrations() = 0;

  // The typed catalog, read through datasets().
  catalog::Catalog catalog();
};

}  // namespace infergy
