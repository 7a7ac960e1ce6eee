// The analyses as JSON (CLI, API) with Yang et al.'s stated values beside ours.
#include <cmath>

#include "infergy/compare.hpp"
#include "paper_values.hpp"

namespace infergy::compare {
namespace {

nlohmann::json correlation_json(const stats::Correlation& c) {
  return {{"n", c.n}, {"r", c.r}, {"p_value", c.p_value}};
}

nlohmann::json maybe(const std::optional<double>& v) { return v ? nlohmann::json(*v) : nullptr; }

nlohmann::json naive_json(const NaiveEstimateError& e) {
  return {{"setup", e.setup},
          {"macs_tool", e.macs_tool},
          {"precision", e.precision},
          {"flop_per_joule", e.flop_per_joule},
          {"n", e.n},
          {"geometric_mean", e.geometric_mean},
          {"geometric_sd", e.geometric_sd},
          {"median", e.median},
          {"p05", e.p05},
          {"p95", e.p95},
          {"max", e.max},
          {"share_underestimated", e.share_underestimated},
          {"paper_geometric_mean", maybe(paper::naive_error(e.setup, e.precision))}};
}

nlohmann::json reduction_json(const RuntimeReduction& r) {
  auto paper = paper::runtime_reduction(r.from_setup, r.to_setup);
  return {{"gpu", r.gpu},
          {"from_setup", r.from_setup},
          {"to_setup", r.to_setup},
          {"n", r.n},
          {"geometric_mean", r.geometric_mean},
          {"geometric_sd", r.geometric_sd},
          {"min", r.min},
          {"max", r.max},
          {"paper_geometric_mean", paper ? nlohmann::json(paper->first) : nullptr},
          {"paper_geometric_sd", paper ? nlohmann::json(paper->second) : nullptr}};
}

nlohmann::json setup_correlation_json(const SetupCorrelation& c) {
  auto paper = paper::setup_correlation(c.setup_a, c.setup_b);
  return {{"setup_a", c.setup_a},
          {"setup_b", c.setup_b},
          {"pearson", correlation_json(c.pearson)},
          {"spearman", correlation_json(c.spearman)},
          {"paper_pearson", paper ? nlohmann::json(paper->first) : nullptr},
          {"paper_spearman", paper ? nlohmann::json(paper->second) : nullptr}};
}

nlohmann::json property_json(const PropertyCorrelation& c) {
  return {{"setup", c.setup},
          {"property", c.property},
          {"pearson", correlation_json(c.pearson)},
          {"spearman", correlation_json(c.spearman)},
          {"paper_pearson", maybe(paper::property_correlation(c.setup, c.property))}};
}

nlohmann::json front_json(const std::vector<FrontierPoint>& front) {
  auto out = nlohmann::json::array();
  for (const auto& p : front) {
    out.push_back({{"model", p.model}, {"accuracy_pct", p.accuracy_pct}, {"energy_j", p.energy_j}});
  }
  return out;
}

nlohmann::json returns_json(const DiminishingReturns& d) {
  auto targets = nlohmann::json::array();
  for (const auto& [accuracy, energy] : d.energy_j_for_accuracy) {
    double log10_energy = std::exp((accuracy - d.a) / d.b) - d.c;
    targets.push_back(
        {{"accuracy_pct", accuracy},
         {"energy_j", maybe(energy)},
         {"log10_energy_j", std::isfinite(log10_energy) ? nlohmann::json(log10_energy) : nullptr}});
  }
  return {{"setup", d.setup},
          {"formula", "accuracy_pct = a + b ln(log10(energy_j) + c)"},
          {"a", d.a},
          {"b", d.b},
          {"c", d.c},
          {"r2", d.r2},
          {"residual_sd", d.residual_sd},
          {"front_size", d.front_size},
          {"extrapolation", targets},
          {"paper_energy_j_for_100_pct", maybe(paper::energy_for_full_accuracy(d.setup))},
          {"front", front_json(d.front)}};
}

template <typename T, typename F>
nlohmann::json array_of(const std::vector<T>& items, F to) {
  auto out = nlohmann::json::array();
  for (const auto& item : items) out.push_back(to(item));
  return out;
}

}  // namespace

nlohmann::json to_json(const Analysis& a) {
  auto years = nlohmann::json::array();
  for (const auto& y : a.frontier_by_year) {
    years.push_back({{"year", y.year}, {"models", y.models}, {"front", front_json(y.front)}});
  }
  return {{"schema_version", 1},
          {"setups", a.setups},
          {"naive_estimate_errors", array_of(a.naive_errors, naive_json)},
          {"runtime_reductions", array_of(a.runtime_reductions, reduction_json)},
          {"setup_correlations", array_of(a.setup_correlations, setup_correlation_json)},
          {"property_correlations", array_of(a.property_correlations, property_json)},
          {"diminishing_returns", array_of(a.diminishing_returns, returns_json)},
          {"frontier_setup", a.frontier_setup},
          {"frontier_by_year", years},
          {"notes", a.notes}};
}

}  // namespace infergy::compare
