// The evaluation: per setup, k-fold and leave-one-family-out errors and interval
// coverage of the calibrated estimate beside the naive and the paper's adapted
// estimates; per runtime, the transfer from one measured GPU to another.
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include <fmt/format.h>

#include "cross_validation.hpp"
#include "infergy/calibrate.hpp"
#include "infergy/error.hpp"
#include "infergy/estimate.hpp"
#include "regression.hpp"

namespace infergy::calibrate {
namespace {

using detail::Points;
using PointKey = std::pair<std::string, int>;

// ln predictions against measurements; `inside` (optional) says per point whether the
// interval covered the measurement.
Errors errors(const std::vector<double>& ln_pred, const std::vector<double>& ln_measured,
              const std::vector<int>& inside = {}) {
  Errors e;
  std::vector<double> rel;
  double sum = 0;
  size_t within = 0, covered = 0, judged = 0;
  for (size_t i = 0; i < ln_pred.size(); ++i) {
    if (std::isnan(ln_pred[i])) continue;
    double d = ln_pred[i] - ln_measured[i];
    sum += std::fabs(d);
    double r = std::fabs(std::expm1(d));
    rel.push_back(r);
    within += r <= 0.2;
    if (!inside.empty() && inside[i] >= 0) judged += 1, covered += inside[i];
  }
  e.n = rel.size();
  if (e.n == 0) return e;
  std::sort(rel.begin(), rel.end());
  e.error_factor = std::exp(sum / static_cast<double>(e.n));
  e.median_abs_rel_error = e.n % 2 ? rel[e.n / 2] : (rel[e.n / 2 - 1] + rel[e.n / 2]) / 2;
  e.within_20pct = static_cast<double>(within) / static_cast<double>(e.n);
  if (judged > 0) e.coverage = static_cast<double>(covered) / static_cast<double>(judged);
  return e;
}

std::vector<double> ln_measured(const Points& points) {
  std::vector<double> y;
  for (const auto* p : points) y.push_back(std::log(p->energy_j));
  return y;
}

// Each fold's interval from the other folds' residuals of points like it (family seen
// in their fold or not), so no point calibrates its own interval.
std::vector<int> kfold_coverage(const Points& points, const detail::OutOfFold& oof, double level) {
  std::map<std::pair<int, bool>, double> quantile;
  std::vector<int> inside(points.size(), -1);
  for (size_t i = 0; i < points.size(); ++i) {
    if (std::isnan(oof.ln_pred[i])) continue;
    const std::pair<int, bool> key{oof.fold[i], oof.family_seen[i]};
    if (!quantile.count(key)) {
      auto r = detail::abs_residuals(points, oof, key.second, key.first);
      if (r.empty()) r = detail::abs_residuals(points, oof, std::nullopt, key.first);
      quantile[key] = detail::conformal_quantile(r, level);
    }
    inside[i] = std::fabs(oof.ln_pred[i] - std::log(points[i]->energy_j)) <= quantile[key];
  }
  return inside;
}

// Each family predicted by a fit without it; its interval from the other families'
// leave-out residuals.
std::pair<std::vector<double>, std::vector<int>> leave_family_out(const Points& points,
                                                                  const Options& o) {
  std::vector<double> pred(points.size(), std::numeric_limits<double>::quiet_NaN());
  std::set<std::string> families;
  for (const auto* p : points) families.insert(p->family);
  for (const auto& family : families) {
    Points train;
    for (const auto* p : points) {
      if (p->family != family) train.push_back(p);
    }
    if (train.empty()) continue;
    auto r = detail::fit_regression(train, true, o);
    for (size_t i = 0; i < points.size(); ++i) {
      if (points[i]->family != family) continue;
      pred[i] = detail::predict_ln(r, detail::feature_values(points[i]->counts, true), family,
                                   points[i]->architecture, o)
                    .ln_energy_j;
    }
  }
  std::vector<int> inside(points.size(), -1);
  std::map<std::string, std::vector<double>> by_family;
  for (size_t i = 0; i < points.size(); ++i) {
    if (!std::isnan(pred[i])) {
      by_family[points[i]->family].push_back(std::fabs(pred[i] - std::log(points[i]->energy_j)));
    }
  }
  std::map<std::string, double> quantile;
  for (size_t i = 0; i < points.size(); ++i) {
    if (std::isnan(pred[i])) continue;
    const auto& f = points[i]->family;
    if (!quantile.count(f)) {
      std::vector<double> others;
      for (const auto& [g, r] : by_family) {
        if (g != f) others.insert(others.end(), r.begin(), r.end());
      }
      quantile[f] = others.empty() ? std::numeric_limits<double>::infinity()
                                   : detail::conformal_quantile(others, o.level);
    }
    inside[i] = std::fabs(pred[i] - std::log(points[i]->energy_j)) <= quantile[f];
  }
  return {pred, inside};
}

// The paper's adapted efficiency (its Table 9: FP32 peak x measured mixed-precision
// speed-up) for the GPU's generation, over this GPU's own TDP.
std::optional<double> adapted_flop_per_joule(const catalog::Catalog& catalog, const GpuSpecs& gpu,
                                             std::string& basis) {
  const std::string generation = gpu.gpu.substr(0, gpu.gpu.find(' '));
  try {
    auto row = estimate::find_adapted(catalog, catalog::Domain::cv, generation, "mixed");
    basis = fmt::format("FLOPs / (adapted {} mixed-precision {:.4g} TFLOP/s / {:.4g} W)", row.gpu,
                        row.adapted_tflop_per_second, gpu.tdp_w);
    return row.adapted_tflop_per_second * 1e12 / gpu.tdp_w;
  } catch (const InputError&) {
    basis = fmt::format("none: the paper has no adapted efficiency for {}", gpu.gpu);
    return std::nullopt;
  }
}

struct SetupRun {
  const SetupModel* model = nullptr;  // for the hardware
  Points points;
  detail::OutOfFold oof;
  Regression full;
};

SetupEvaluation evaluate_setup(const SetupInfo& info, const std::optional<GpuSpecs>& hw,
                               const catalog::Catalog& catalog, const Options& o, SetupRun& run,
                               std::vector<PointPrediction>& figure) {
  SetupEvaluation e;
  e.setup = info;
  const auto& pts = run.points;
  const auto y = ln_measured(pts);
  std::set<std::string> families;
  for (const auto* p : pts) families.insert(p->family);
  e.families = families.size();
  e.cross_validated = errors(run.oof.ln_pred, y, kfold_coverage(pts, run.oof, o.level));
  auto [lofo, lofo_inside] = leave_family_out(pts, o);
  e.leave_family_out = errors(lofo, y, lofo_inside);
  std::vector<double> naive(pts.size(), std::numeric_limits<double>::quiet_NaN()), adapted = naive;
  std::optional<double> adapted_fpj;
  if (hw) {
    // The naive estimate as `infergy estimate` gives it by default: the FP32 peak.
    const auto& fp32 = catalog.find_gpu(hw->gpu, catalog::Precision::fp32);
    e.naive_basis = fmt::format("2 x MACs / ({} fp32 {:.4g} TFLOP/s / {:.4g} W)", fp32.name,
                                fp32.flop_per_second() / 1e12, fp32.tdp_w);
    adapted_fpj = adapted_flop_per_joule(catalog, *hw, e.adapted_basis);
    for (size_t i = 0; i < pts.size(); ++i) {
      const double flop_count = 2 * pts[i]->counts.macs;
      naive[i] = std::log(flop_count * fp32.tdp_w / fp32.flop_per_second());
      if (adapted_fpj) adapted[i] = std::log(flop_count / *adapted_fpj);
    }
    e.naive = errors(naive, y);
    if (adapted_fpj) e.adapted = errors(adapted, y);
  } else {
    e.naive_basis = "none: the catalog lacks this GPU's peak FLOP/s or bandwidth";
  }
  for (size_t i = 0; i < pts.size(); ++i) {
    figure.push_back({info.name, pts[i]->model, pts[i]->counts.input_px, pts[i]->energy_j,
                      std::exp(run.oof.ln_pred[i]), std::exp(naive[i])});
  }
  return e;
}

// Source setup's predictions (out of fold, and from its full fit) scaled to the target
// GPU, against the target's measurements.
struct TransferPoints {
  std::vector<double> cv, in_sample, measured;  // ln joules
  double ln_ratio_sum = 0;
};

TransferEvaluation summarise(TransferEvaluation e, const TransferPoints& tp) {
  e.cross_validated = errors(tp.cv, tp.measured);
  e.measured_models = errors(tp.in_sample, tp.measured);
  if (!tp.measured.empty()) {
    e.mean_ratio = std::exp(tp.ln_ratio_sum / static_cast<double>(tp.measured.size()));
  }
  return e;
}

TransferEvaluation transfer(const SetupRun& s, const SetupRun& t, const Options& o,
                            TransferPoints& tp) {
  TransferEvaluation e;
  e.runtime = s.model->setup.runtime;
  e.source_setup = s.model->setup.name;
  e.target_setup = t.model->setup.name;
  e.source_gpu = s.model->setup.gpu;
  e.target_gpu = t.model->setup.gpu;
  std::map<PointKey, double> measured;
  for (const auto* p : t.points) measured[{p->model, p->counts.input_px}] = std::log(p->energy_j);
  for (size_t i = 0; i < s.points.size(); ++i) {
    const auto* p = s.points[i];
    auto it = measured.find({p->model, p->counts.input_px});
    if (it == measured.end()) continue;
    double ln_ratio = std::log(roofline_energy_ratio(*s.model->hardware, *t.model->hardware,
                                                     p->counts.macs, *p->counts.activations));
    tp.ln_ratio_sum += ln_ratio;
    tp.cv.push_back(s.oof.ln_pred[i] + ln_ratio);
    tp.in_sample.push_back(detail::predict_ln(s.full, detail::feature_values(p->counts, true),
                                              p->family, p->architecture, o)
                               .ln_energy_j +
                           ln_ratio);
    tp.measured.push_back(it->second);
  }
  return summarise(e, tp);
}

std::vector<double> abs_differences(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<double> out;
  for (size_t i = 0; i < a.size(); ++i) out.push_back(std::fabs(a[i] - b[i]));
  return out;
}

// One row per GPU pair over every runtime both measured ("all").
void add_pooled(Evaluation& ev, const std::vector<TransferPoints>& points) {
  std::map<std::pair<std::string, std::string>, std::pair<TransferEvaluation, TransferPoints>>
      pooled;
  std::map<std::pair<std::string, std::string>, size_t> runtimes;
  for (size_t i = 0; i < ev.transfers.size(); ++i) {
    const auto& t = ev.transfers[i];
    auto& [e, tp] = pooled[{t.source_gpu, t.target_gpu}];
    e.runtime = "all";
    e.source_gpu = t.source_gpu;
    e.target_gpu = t.target_gpu;
    e.source_setup += (e.source_setup.empty() ? "" : "+") + t.source_setup;
    e.target_setup += (e.target_setup.empty() ? "" : "+") + t.target_setup;
    tp.cv.insert(tp.cv.end(), points[i].cv.begin(), points[i].cv.end());
    tp.in_sample.insert(tp.in_sample.end(), points[i].in_sample.begin(), points[i].in_sample.end());
    tp.measured.insert(tp.measured.end(), points[i].measured.begin(), points[i].measured.end());
    tp.ln_ratio_sum += points[i].ln_ratio_sum;
    ++runtimes[{t.source_gpu, t.target_gpu}];
  }
  for (const auto& [key, value] : pooled) {
    if (runtimes[key] > 1) ev.transfers.push_back(summarise(value.first, value.second));
  }
}

}  // namespace

Evaluation evaluate(const TrainingData& data, const catalog::Catalog& catalog, const Options& o) {
  const Estimator est = fit(data, catalog, o);  // validates; the setups it keeps
  Evaluation ev;
  ev.options = o;
  ev.training_hash = data.hash;
  ev.notes = est.notes;
  std::map<std::string, SetupRun> runs;
  for (const auto& p : data.points) runs[p.setup].points.push_back(&p);
  for (const auto& m : est.setups) {
    auto& run = runs[m.setup.name];
    run.model = &m;
    const Options so = setup_options(o, m.setup.runtime);
    run.oof = detail::out_of_fold(run.points, true, so, detail::FoldBy::model);
    run.full = m.full;
    ev.setups.push_back(evaluate_setup(m.setup, m.hardware, catalog, so, run, ev.points));
  }
  // Transfers: each ordered pair of GPUs of a runtime; coverage of one pair from the
  // spread of the others (never its own residuals).
  std::vector<TransferPoints> tps;
  for (const auto& s : est.setups) {
    for (const auto& t : est.setups) {
      if (s.setup.runtime != t.setup.runtime || s.setup.gpu == t.setup.gpu || !s.hardware ||
          !t.hardware) {
        continue;
      }
      tps.emplace_back();
      ev.transfers.push_back(transfer(runs[s.setup.name], runs[t.setup.name], o, tps.back()));
    }
  }
  for (size_t i = 0; i < ev.transfers.size(); ++i) {
    std::vector<double> others;
    for (size_t j = 0; j < ev.transfers.size(); ++j) {
      if (j != i && ev.transfers[j].runtime == ev.transfers[i].runtime) {
        auto r = abs_differences(tps[j].cv, tps[j].measured);
        others.insert(others.end(), r.begin(), r.end());
      }
    }
    auto own = abs_differences(tps[i].cv, tps[i].measured);
    if (others.empty() || own.empty()) continue;
    double q = detail::conformal_quantile(others, o.level);
    size_t in = std::count_if(own.begin(), own.end(), [&](double r) { return r <= q; });
    ev.transfers[i].cross_validated.coverage =
        static_cast<double>(in) / static_cast<double>(own.size());
  }
  add_pooled(ev, tps);
  if (ev.transfers.empty()) {
    ev.notes.push_back("no transfer evaluated: it needs one runtime measured on two GPUs");
  }
  return ev;
}

}  // namespace infergy::calibrate
