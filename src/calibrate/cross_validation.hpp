// Out-of-fold predictions, shared by the fit (interval quantiles) and the evaluation.
// Private to src/calibrate.
#pragma once
#include <optional>
#include <vector>

#include "infergy/calibrate.hpp"

namespace infergy::calibrate::detail {

using Points = std::vector<const TrainingPoint*>;

enum class FoldBy { model, family };

struct OutOfFold {
  std::vector<double> ln_pred;    // per point, from a fit without its fold
  std::vector<bool> family_seen;  // the point's family was in that fit
  std::vector<int> fold;
};

// k folds: fold = FNV-1a(model name or family) mod options.folds. A fold whose
// training part is empty is predicted from nothing and left out (ln_pred NaN).
OutOfFold out_of_fold(const Points& points, bool with_activations, const Options& options,
                      FoldBy by);

// |ln pred - ln measured| of the points with a prediction whose family was seen (or
// not) in their fold; every such point when `seen` is nullopt. Folds in `skip_fold`
// are left out (-1: none).
std::vector<double> abs_residuals(const Points& points, const OutOfFold& oof,
                                  std::optional<bool> seen = std::nullopt, int skip_fold = -1);

}  // namespace infergy::calibrate::detail
