// The penalised mixed regression behind every setup model, and its prediction.
// Private to src/calibrate.
#pragma once
#include <string>
#include <vector>

#include "infergy/calibrate.hpp"

namespace infergy::calibrate::detail {

// The architecture type of compare::architecture_info ("CNN", "Transformer", "Hybrid",
// "MLP"), from the architecture, else the family; "Other" when neither is known.
std::string architecture_type(const std::string& architecture, const std::string& family);

// ln macs, ln params, [ln activations], ln input px.
std::vector<double> feature_values(const Counts& counts, bool with_activations);

// Fits ln energy of `points` (REQUIRES: non-empty; activations present when
// with_activations). The quantiles are left at 0 for the caller (estimator.cpp).
Regression fit_regression(const std::vector<const TrainingPoint*>& points, bool with_activations,
                          const Options& options);

struct LnEstimate {
  double ln_energy_j = 0;
  bool family_seen = false;
  bool architecture_seen = false;
  std::string family_basis;  // "family", "similar families: a, b", "unseen family"
};

// REQUIRES: features from feature_values() with the regression's feature set.
LnEstimate predict_ln(const Regression& regression, const std::vector<double>& features,
                      const std::string& family, const std::string& architecture,
                      const Options& options);

// Solves m x = b for symmetric positive definite m (q x q, row-major).
std::vector<double> solve_spd(std::vector<double> m, std::vector<double> b, size_t q);
// The same when the unknowns split into `core` and `blocks` with no entry of m coupling
// two blocks (block_solve.cpp); REQUIRES: core and blocks partition 0..q-1.
std::vector<double> solve_blocked(const std::vector<double>& m, const std::vector<double>& b,
                                  size_t q, const std::vector<size_t>& core,
                                  const std::vector<std::vector<size_t>>& blocks);

// The split-conformal quantile of |residuals| at `level`: the ceil((n + 1) level)-th
// smallest, the largest when that exceeds n; 0 for no residuals.
double conformal_quantile(std::vector<double> abs_residuals, double level);

}  // namespace infergy::calibrate::detail
