// One calibrated estimate: the measured setup of the GPU and runtime, or a roofline
// transfer from the nearest measured GPU of the runtime.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "infergy/calibrate.hpp"
#include "infergy/error.hpp"
#include "regression.hpp"

namespace infergy::calibrate {
namespace {

bool same_name(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// Distance in specs: the ln ratios of peak FLOP/s, bandwidth and TDP.
double spec_distance(const GpuSpecs& a, const GpuSpecs& b) {
  auto sq = [](double x, double y) { return std::pow(std::log(x / y), 2); };
  return std::sqrt(sq(a.peak_flop_per_second, b.peak_flop_per_second) +
                   sq(a.bandwidth_bytes_per_second, b.bandwidth_bytes_per_second) +
                   sq(a.tdp_w, b.tdp_w));
}

std::vector<const SetupModel*> of_runtime(const Estimator& e, const std::string& runtime) {
  std::vector<const SetupModel*> out;
  for (const auto& s : e.setups) {
    if (s.setup.runtime == runtime) out.push_back(&s);
  }
  if (out.empty()) {
    std::string known;
    for (const auto& s : e.setups) {
      if (known.find(s.setup.runtime) == std::string::npos) {
        known += (known.empty() ? "" : ", ") + s.setup.runtime;
      }
    }
    throw InputError(
        fmt::format("no measured setup runs '{}', so the estimator cannot predict it (measured "
                    "runtimes: {})",
                    runtime, known));
  }
  return out;
}

const SetupModel* nearest(const std::vector<const SetupModel*>& setups, const GpuSpecs& target) {
  const SetupModel* best = nullptr;
  double best_d = std::numeric_limits<double>::infinity();
  for (const auto* s : setups) {
    if (!s->hardware) continue;
    double d = spec_distance(*s->hardware, target);
    if (d < best_d) best = s, best_d = d;
  }
  return best;
}

const TransferSpread* spread_of(const Estimator& e, const std::string& runtime) {
  for (const auto& t : e.transfer) {
    if (t.runtime == runtime) return &t;
  }
  return nullptr;
}

}  // namespace

Prediction predict(const Estimator& e, const catalog::Catalog& catalog, const Query& q) {
  validate(q.counts, q.model.empty() ? "query" : q.model);
  const std::string runtime = runtime_key(q.runtime);
  const auto candidates = of_runtime(e, runtime);
  Prediction p;
  p.gpu = q.gpu;
  p.runtime = runtime;
  p.level = e.options.level;
  for (const auto& s : e.setups) p.trained_on.push_back(s.setup.name);
  const SetupModel* setup = nullptr;
  for (const auto* s : candidates) {
    if (same_name(s->setup.gpu, q.gpu)) setup = s;
  }
  std::optional<GpuSpecs> target;
  if (!setup) {
    target = gpu_specs(catalog, q.gpu, runtime_precision(runtime));  // InputError if unknown
    setup = nearest(candidates, *target);
    if (!setup) {
      throw InputError(
          fmt::format("no measured '{}' setup has GPU specs in the catalog to "
                      "transfer from",
                      runtime));
    }
    if (!q.counts.activations) {
      throw InputError(
          "a transfer to a GPU without a measured setup needs the activations "
          "count (--activations, or an activations column)");
    }
    p.transferred = true;
  }
  const bool with_activations = q.counts.activations.has_value();
  const auto& reg = with_activations ? setup->full : setup->without_activations;
  p.family = q.family ? *q.family : model_family(q.model);
  auto est = detail::predict_ln(reg, detail::feature_values(q.counts, with_activations), p.family,
                                model_architecture(q.model), e.options);
  double quantile = est.family_seen ? reg.seen_quantile : reg.unseen_quantile;
  if (p.transferred) {
    est.ln_energy_j += std::log(
        roofline_energy_ratio(*setup->hardware, *target, q.counts.macs, *q.counts.activations));
    const auto* spread = spread_of(e, runtime);
    // Measured spread of transfers between measured GPUs; untested: twice as wide.
    double transfer_q =
        spread && spread->residuals > 0 ? spread->quantile : reg.seen_quantile + std::log(2.0);
    quantile = transfer_q + (quantile - reg.seen_quantile);
  }
  p.energy_j = std::exp(est.ln_energy_j);
  p.low_j = std::exp(est.ln_energy_j - quantile);
  p.high_j = std::exp(est.ln_energy_j + quantile);
  p.setup = setup->setup.name;
  p.points = reg.points;
  p.family_seen = est.family_seen;
  p.architecture_seen = est.architecture_seen;
  p.family_basis = est.family_basis;
  p.features = with_activations ? "macs, params, activations, input_px"
                                : "macs, params, input_px (no activations)";
  p.label = p.transferred ? fmt::format(
                                "calibrated transfer estimate: no measured setup on {}; "
                                "scaled from {} by the roofline",
                                q.gpu, setup->setup.gpu)
                          : "calibrated estimate from measured " + setup->setup.name;
  return p;
}

}  // namespace infergy::calibrate
