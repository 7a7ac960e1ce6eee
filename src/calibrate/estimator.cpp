// Fitting the estimator (a regression per setup and feature set, its interval
// quantiles, the transfer spread) and predicting with it.
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "cross_validation.hpp"
#include "hash.hpp"
#include "infergy/calibrate.hpp"
#include "infergy/error.hpp"
#include "regression.hpp"

namespace infergy::calibrate {
namespace {

using detail::FoldBy;
using detail::Points;

// The quantiles of one feature set: k-fold by model for seen families, folds of whole
// families for unseen ones (cross-conformal: every point is calibrated out of fold).
Regression fit_with_quantiles(const Points& points, bool with_activations, const Options& o,
                              detail::OutOfFold* by_model_out = nullptr) {
  auto r = detail::fit_regression(points, with_activations, o);
  auto by_model = detail::out_of_fold(points, with_activations, o, FoldBy::model);
  auto by_family = detail::out_of_fold(points, with_activations, o, FoldBy::family);
  auto seen = detail::abs_residuals(points, by_model, true);
  auto unseen = detail::abs_residuals(points, by_family);
  r.seen_quantile = detail::conformal_quantile(seen, o.level);
  r.unseen_quantile = detail::conformal_quantile(unseen, o.level);
  r.seen_residuals = seen.size();
  r.unseen_residuals = unseen.size();
  if (by_model_out) *by_model_out = std::move(by_model);
  return r;
}

std::optional<GpuSpecs> hardware_of(const catalog::Catalog& catalog, const SetupInfo& s,
                                    std::vector<std::string>& notes) {
  try {
    return gpu_specs(catalog, s.gpu, runtime_precision(s.runtime));
  } catch (const InputError& e) {
    notes.push_back(fmt::format("{}: no transfer from or to this setup ({})", s.name, e.what()));
    return std::nullopt;
  }
}

using PointKey = std::pair<std::string, int>;

// |ln(transferred out-of-fold prediction / measured)| over every ordered pair of setups
// of one runtime on two GPUs with specs.
std::vector<TransferSpread> transfer_spreads(const std::vector<SetupModel>& models,
                                             const std::map<std::string, Points>& points,
                                             const std::map<std::string, detail::OutOfFold>& oof,
                                             double level) {
  std::map<std::string, std::vector<double>> residuals;
  for (const auto& s : models) residuals[s.setup.runtime];
  for (const auto& s : models) {
    for (const auto& t : models) {
      if (s.setup.runtime != t.setup.runtime || s.setup.gpu == t.setup.gpu || !s.hardware ||
          !t.hardware) {
        continue;
      }
      std::map<PointKey, double> measured;
      for (const auto* p : points.at(t.setup.name)) {
        measured[{p->model, p->counts.input_px}] = p->energy_j;
      }
      const auto& sp = points.at(s.setup.name);
      const auto& so = oof.at(s.setup.name);
      for (size_t i = 0; i < sp.size(); ++i) {
        auto it = measured.find({sp[i]->model, sp[i]->counts.input_px});
        if (it == measured.end() || std::isnan(so.ln_pred[i])) continue;
        double ratio = roofline_energy_ratio(*s.hardware, *t.hardware, sp[i]->counts.macs,
                                             *sp[i]->counts.activations);
        residuals[s.setup.runtime].push_back(
            std::fabs(so.ln_pred[i] + std::log(ratio) - std::log(it->second)));
      }
    }
  }
  std::vector<TransferSpread> out;
  for (auto& [runtime, r] : residuals) {
    TransferSpread t{runtime, r.size(), 0, 0};
    if (!r.empty()) {
      double sum = 0;
      for (double v : r) sum += v;
      t.error_factor = std::exp(sum / static_cast<double>(r.size()));
      t.quantile = detail::conformal_quantile(r, level);
    }
    out.push_back(t);
  }
  return out;
}

std::string options_hash(const Options& o) {
  return detail::Fnv1a().add(to_json(o).dump()).add(static_cast<double>(kFormatVersion)).hex();
}

}  // namespace

void validate(const Options& o) {
  if (!(o.level > 0 && o.level < 1)) throw InputError("the interval level must be in (0, 1)");
  if (o.folds < 2) throw InputError("cross-validation needs at least 2 folds");
  for (double p : {o.family_penalty, o.family_slope_penalty, o.architecture_penalty, o.type_penalty,
                   o.tensorrt_type_penalty, o.type_slope_penalty, o.ridge}) {
    // > 0 keeps the normal equations positive definite (every effect is penalised).
    if (!(p > 0 && std::isfinite(p))) throw InputError("every penalty must be a number > 0");
  }
  if (!(o.huber_k >= 0 && std::isfinite(o.huber_k))) {
    throw InputError("the Huber cut must be a number >= 0 (0: least squares)");
  }
  if (!(o.similar_family_threshold >= 0 && o.similar_family_threshold <= 1)) {
    throw InputError("the similar-family threshold must be in [0, 1]");
  }
  if (!(o.year_penalty >= 0 && std::isfinite(o.year_penalty))) {
    throw InputError("the year penalty must be a number >= 0 (0: no year term)");
  }
}

Options setup_options(const Options& o, const std::string& runtime) {
  Options s = o;
  if (runtime == "tensorrt") s.type_penalty = o.tensorrt_type_penalty;
  return s;
}

Estimator fit(const TrainingData& data, const catalog::Catalog& catalog, const Options& o) {
  validate(o);
  Estimator e;
  e.options = o;
  e.training_hash = data.hash;
  e.options_hash = options_hash(o);
  e.skipped = data.skipped;
  std::map<std::string, Points> points;
  for (const auto& p : data.points) points[p.setup].push_back(&p);
  std::map<std::string, detail::OutOfFold> oof;
  for (const auto& s : data.setups) {
    const auto& pts = points[s.name];
    if (pts.size() < kMinSetupPoints) {
      e.notes.push_back(fmt::format("{}: left out, {} points (at least {} needed)", s.name,
                                    pts.size(), kMinSetupPoints));
      continue;
    }
    SetupModel m;
    m.setup = s;
    m.hardware = hardware_of(catalog, s, e.notes);
    const Options so = setup_options(o, s.runtime);
    m.full = fit_with_quantiles(pts, true, so, &oof[s.name]);
    m.without_activations = fit_with_quantiles(pts, false, so);
    e.points += pts.size();
    e.setups.push_back(std::move(m));
  }
  if (e.setups.empty()) {
    throw InputError(
        fmt::format("no measured setup has {} models with counts to calibrate on; import more "
                    "measurements ('infergy import yang DIR' or 'infergy import runs ID...')",
                    kMinSetupPoints));
  }
  e.transfer = transfer_spreads(e.setups, points, oof, o.level);
  return e;
}

}  // namespace infergy::calibrate
