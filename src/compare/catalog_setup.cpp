// The catalog-estimate setup: the catalog's ImageNet models at the adapted A100 efficiency.
#include <algorithm>

#include "infergy/compare.hpp"

#include "infergy/error.hpp"
#include "infergy/estimate.hpp"
#include "infergy/units.hpp"

namespace infergy::compare {
namespace {

constexpr const char* kGpu = "A100";
constexpr const char* kMode = "mixed";

ModelPoint estimated_point(const catalog::Model& m, double flop_per_joule) {
  ModelPoint p;
  p.model = m.display_name();
  p.family = m.architecture;
  p.input_px = 224;  // the catalog does not record input sizes; the usual ImageNet side
  p.accuracy_pct_by_test_set[kDefaultTestSet] = *m.accuracy_pct;
  p.flop_count = m.flop_count();
  p.macs = *p.flop_count / 2;
  p.energy_j = estimate::energy_j(*p.flop_count, flop_per_joule);
  if (m.params_m) p.params = units::from_mega(*m.params_m);
  p.release = m.release_date;
  return p;
}

}  // namespace

std::optional<SetupView> catalog_estimate_setup(const catalog::Catalog& catalog) {
  estimate::Efficiency efficiency;
  try {
    efficiency = estimate::find_adapted(catalog, catalog::Domain::cv, kGpu, kMode).efficiency();
  } catch (const InputError&) {
    return std::nullopt;
  }
  SetupView view;
  view.setup = {kCatalogEstimateSetup,
                kGpu,
                "estimate",
                "Desislavov et al. 2023 catalog; energy = FLOPs / adapted A100 mixed-precision "
                "FLOP/J (an estimate, not a measurement)",
                "catalog",
                "",
                0,
                true};
  for (const auto& m : catalog.models) {
    if (m.domain != catalog::Domain::cv || !m.accuracy_pct || !(m.flop_count() > 0)) continue;
    view.models.push_back(estimated_point(m, efficiency.flop_per_joule));
  }
  std::sort(view.models.begin(), view.models.end(),
            [](const ModelPoint& a, const ModelPoint& b) { return a.model < b.model; });
  view.setup.model_count = view.models.size();
  view.test_sets = {kDefaultTestSet};
  return view;
}

}  // namespace infergy::compare
