#include "cross_validation.hpp"

#include <cmath>
#include <limits>

#include "hash.hpp"
#include "regression.hpp"

namespace infergy::calibrate::detail {

OutOfFold out_of_fold(const Points& points, bool with_activations, const Options& o, FoldBy by) {
  OutOfFold oof;
  oof.ln_pred.assign(points.size(), std::numeric_limits<double>::quiet_NaN());
  oof.family_seen.assign(points.size(), false);
  for (const auto* p : points) {
    oof.fold.push_back(fold_of(by == FoldBy::model ? p->model : p->family, o.folds));
  }
  for (int f = 0; f < o.folds; ++f) {
    Points train;
    std::vector<size_t> test;
    for (size_t i = 0; i < points.size(); ++i) {
      if (oof.fold[i] == f) {
        test.push_back(i);
      } else {
        train.push_back(points[i]);
      }
    }
    if (test.empty() || train.empty()) continue;
    const auto r = fit_regression(train, with_activations, o);
    for (size_t i : test) {
      const auto* p = points[i];
      auto e =
          predict_ln(r, feature_values(p->counts, with_activations), p->family, p->architecture, o);
      oof.ln_pred[i] = e.ln_energy_j;
      oof.family_seen[i] = e.family_seen;
    }
  }
  return oof;
}

std::vector<double> abs_residuals(const Points& points, const OutOfFold& oof,
                                  std::optional<bool> seen, int skip_fold) {
  std::vector<double> out;
  for (size_t i = 0; i < points.size(); ++i) {
    if (std::isnan(oof.ln_pred[i]) || oof.fold[i] == skip_fold) continue;
    if (seen && oof.family_seen[i] != *seen) continue;
    out.push_back(std::fabs(oof.ln_pred[i] - std::log(points[i]->energy_j)));
  }
  return out;
}

}  // namespace infergy::calibrate::detail
