// Reads the compared setups into the explorer's view.
#include "infergy/calibrate.hpp"
#include "infergy/server.hpp"

namespace infergy::server {

ExplorerData load_explorer_data(compare::SetupRepository& setups, const catalog::Catalog& catalog) {
  ExplorerData data;
  for (const auto& setup : compare::list_setups(setups, catalog)) {
    data.setups.push_back(compare::load_setup(setups, catalog, setup.name));
  }
  return data;
}

size_t add_calibrated_setups(ExplorerData& data, calibrate::CalibrationRepository& calibrations,
                             const catalog::Catalog& catalog) {
  const auto stored = calibrations.latest();
  if (!stored) return 0;
  const auto estimator = calibrate::estimator_from_json(stored->estimator);
  for (const auto& setup : estimator.setups) {
    data.setups.push_back(calibrate::calibrated_setup(estimator, catalog, setup));
  }
  return estimator.setups.size();
}

}  // namespace infergy::server
