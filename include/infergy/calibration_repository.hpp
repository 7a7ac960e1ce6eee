// Where fitted calibrated estimators are kept: each `infergy calibrate fit` saves a
// version with the hash of its training data and of its options, so an estimate says
// which estimator made it and can be made again. The store's backends implement
// CalibrationRepository (src/store).
// Usage: auto latest = store.calibrations().latest();
//        if (latest) auto e = calibrate::estimator_from_json(latest->estimator);
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace infergy::calibrate {

struct StoredCalibration {
  int64_t version = 0;     // assigned by save(): 1, 2, ... in order of saving
  int format_version = 0;  // calibrate::kFormatVersion of the estimator
  std::string created_at;  // ISO 8601 UTC
  std::string training_hash;
  std::string options_hash;
  nlohmann::json options;    // calibrate::to_json(Options)
  nlohmann::json estimator;  // calibrate::to_json(Estimator)
};

// Not thread-safe: one repository (one store connection) per thread.
class CalibrationRepository {
 public:
  virtual ~CalibrationRepository() = default;
  // Saves a new version (ignoring `version`) in one transaction and returns it.
  virtual int64_t save(const StoredCalibration& calibration) = 0;
  // The highest version, nullopt when none was saved.
  virtual std::optional<StoredCalibration> latest() = 0;
  virtual std::optional<StoredCalibration> find(int64_t version) = 0;
  // Every version, oldest first, without the estimator bodies (estimator is null).
  virtual std::vector<StoredCalibration> list() = 0;
};

}  // namespace infergy::calibrate
