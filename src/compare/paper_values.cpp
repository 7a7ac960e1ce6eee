#include "paper_values.hpp"
#include "infergy/units.hpp"

#include <map>

namespace infergy::compare::paper {

std::optional<double> naive_error(const std::string& setup, const std::string& precision) {
  if (precision != "fp32") return std::nullopt;
  if (setup == "A100_PT") return 3.13;
  if (setup == "A100_TRT") return 3.16;
  return std::nullopt;
}

std::optional<std::pair<double, double>> runtime_reduction(const std::string& from,
                                                           const std::string& to) {
  if (from == "A100_PT" && to == "A100_TRT") return std::pair{3.89, 1.53};
  if (from == "H100_PT" && to == "H100_TRT") return std::pair{4.02, 1.55};
  return std::nullopt;
}

std::optional<std::pair<double, double>> setup_correlation(const std::string& a,
                                                           const std::string& b) {
  static const std::map<std::pair<std::string, std::string>, std::pair<double, double>> table = {
      {{"A100_PT", "A100_TRT"}, {0.8553, 0.9345}},
      {{"A100_TRT", "H100_TRT"}, {0.9840, 0.9943}},
      {{"A100_PT", "H100_PT"}, {0.9939, 0.9904}},
      {{"H100_PT", "H100_TRT"}, {0.8299, 0.9201}}};
  auto it = table.find(a < b ? std::pair{a, b} : std::pair{b, a});
  return it == table.end() ? std::nullopt : std::optional(it->second);
}

std::optional<double> property_correlation(const std::string& setup, const std::string& property) {
  if (setup != "A100_TRT") return std::nullopt;
  if (property == "params") return 0.6572;
  if (property == "flop_count") return 0.8683;
  if (property == "activations") return 0.8999;
  return std::nullopt;
}

std::optional<double> energy_for_full_accuracy(const std::string& setup) {
  if (setup == "H100_TRT") return units::from_mega(207) * units::kSecondsPerHour;  // 207 MWh in J
  return std::nullopt;
}

}  // namespace infergy::compare::paper
