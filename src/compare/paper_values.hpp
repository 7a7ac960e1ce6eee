// Figures seed 003 (Yang et al. 2024) states, to print beside ours. Internal.
#pragma once
#include <optional>
#include <string>
#include <utility>

namespace infergy::compare::paper {

// Fig. 6: geometric mean of measured / naive on the A100 (3.13 and 3.16 for its
// two panels); the paper does not say which peak it used, we pair it with fp32.
std::optional<double> naive_error(const std::string& setup, const std::string& precision);
// Fig. 9: (geometric mean, geometric SD) of PyTorch / TensorRT energy.
std::optional<std::pair<double, double>> runtime_reduction(const std::string& from,
                                                           const std::string& to);
// Table 2: (Pearson, Spearman) of energies between two setups, either order.
std::optional<std::pair<double, double>> setup_correlation(const std::string& a,
                                                           const std::string& b);
// Fig. 4 (A100_TRT): Pearson of energy with params, flop_count, activations.
std::optional<double> property_correlation(const std::string& setup, const std::string& property);
// Section 4.1: 207 MWh per image for 100 % top-1 (H100_TRT front).
std::optional<double> energy_for_full_accuracy(const std::string& setup);

}  // namespace infergy::compare::paper
