#include "infergy/estimate.hpp"

namespace infergy::estimate {

double compound_scaled_gflop_count(double base_gflop_count, double depth_factor,
                                   double width_factor, double resolution_factor) {
  return base_gflop_count * depth_factor * width_factor * width_factor * resolution_factor *
         resolution_factor;
}

std::vector<ScalingExample> paper_scaling_examples() {
  // Factors as the appendix states them (Table 5: B7 w=2, d=3.1, 600 px; L2 w=4.3, d=5.3, 800 px).
  return {
      {"NoisyStudent-L2", "EfficientNet-B7", 74, 5.3 / 3.1, 4.3 / 2.0, 800.0 / 600.0, 1040,
       "74 x (5.3/3.1) x (4.3/2)^2 x (800/600)^2"},
      {"FixEfficientNet-L2", "EfficientNet-B7", 74, 5.3 / 3.1, 4.3 / 2.0, 1.0, 585,
       "74 x (5.3/3.1) x (4.3/2)^2 (tested at 600 px)"},
      {"FixEfficientNet-B7", "EfficientNet-B7", 74, 1.0, 1.0, 632.0 / 600.0, 82,
       "74 x (632/600)^2"},
      {"FixEfficientNet-B0", "EfficientNet-B0", 0.78, 1.0, 1.0, 320.0 / 224.0, 1.60,
       "0.78 x (320/224)^2"},
      {"ViT-G/14", "", 2859.9, 1.0, 1.0, 518.0 / 384.0, 5270,
       "2859.9 (Table 6, 384 px) x (518/384)^2"},
  };
}

}  // namespace infergy::estimate
