// The catalog-estimate setup: the catalog's ImageNet models at the adapted A100 efficiency.
#include <algorithm>
#include <map>

#include "infergy/compare.hpp"

#include "infergy/error.hpp"
#include "infergy/estimate.hpp"
#include "infergy/units.hpp"

namespace infergy::compare {
namespace {

constexpr const char* kGpu = "A100";
constexpr const char* kMode = "mixed";

// Evaluation resolution (image side, px) of catalog models whose papers state it; the
// rest (224 px for most) are left unknown (0) rather than guessed.
int input_px_of(const std::string& name) {
  static const std::map<std::string, int> known = {{"AlexNet", 224},
                                                   {"VGG-16", 224},
                                                   {"VGG-19", 224},
                                                   {"Inception V1/GoogleLeNet", 224},
                                                   {"Inception V2/Incepton BN", 224},
                                                   {"Inception V3", 299},
                                                   {"Inception V4", 299},
                                                   {"Inception ResNet V2", 299},
                                                   {"ResNet-50", 224},
                                                   {"ResNet-101", 224},
                                                   {"ResNet-152", 224},
                                                   {"Densenet-121", 224},
                                                   {"Densenet-169", 224},
                                                   {"Densenet-201", 224},
                                                   {"Xception", 299},
                                                   {"ResNeXt-50 (32x4d)", 224},
                                                   {"ResNeXt-101 (64x4d)", 224},
                                                   {"MobileNet", 224},
                                                   {"MobileNetV2", 224},
                                                   {"MobileNetV2 1.4", 224},
                                                   {"ShuffleNet x1.0 (g=8)", 224},
                                                   {"ShuffleNetV2 x1.0", 224},
                                                   {"NASNet-A (6 @ 4032)", 331},
                                                   {"PNASNet-5 (N = 4, F = 216)", 331},
                                                   {"SENet-154", 224},
                                                   {"EfficientNet-B0", 224},
                                                   {"EfficientNet-B1", 240},
                                                   {"EfficientNet-B2", 260},
                                                   {"EfficientNet-B3", 300},
                                                   {"EfficientNet-B4", 380},
                                                   {"EfficientNet-B5", 456},
                                                   {"EfficientNet-B6", 528},
                                                   {"EfficientNet-B7", 600},
                                                   {"NoisyStudent-B0", 224},
                                                   {"NoisyStudent-B1", 240},
                                                   {"NoisyStudent-B2", 260},
                                                   {"NoisyStudent-B3", 300},
                                                   {"NoisyStudent-B4", 380},
                                                   {"NoisyStudent-B5", 456},
                                                   {"NoisyStudent-B6", 528},
                                                   {"NoisyStudent-B7", 600},
                                                   {"NoisyStudent-L2", 800},
                                                   {"ResNeSt-50", 224},
                                                   {"ResNeSt-200", 320},
                                                   {"ResNeSt-269", 416},
                                                   {"DeiT-small", 224},
                                                   {"DeiT-small-Distilled", 224},
                                                   {"DeiT-base", 224},
                                                   {"DeiT-base-384", 384},
                                                   {"Swin-B 224", 224},
                                                   {"Swin-B 384", 384},
                                                   {"CrossViT-15", 224},
                                                   {"CrossViT-18", 224},
                                                   {"CaiT-S36", 224},
                                                   {"CaiT-S36 dist", 224},
                                                   {"CaiT-S24-384 dist", 384},
                                                   {"CaiT-M48-448 dist", 448},
                                                   {"T2T-ViTt-14", 224},
                                                   {"T2T-ViTt-19", 224},
                                                   {"T2T-ViTt-24", 224},
                                                   {"ViT-G/14", 518}};
  auto it = known.find(name);
  return it == known.end() ? 0 : it->second;
}

ModelPoint estimated_point(const catalog::Model& m, double flop_per_joule) {
  ModelPoint p;
  p.model = m.display_name();
  p.family = architecture_family(m.name);
  p.architecture = m.architecture;   // "CNN" or "Transformer", as the paper's Table 2 says
  p.input_px = input_px_of(m.name);  // no url: the catalog cites papers, not model pages
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
