#include "fits.hpp"

#include "infergy/compare_figures.hpp"

#include <cmath>
#include <limits>

namespace infergy::compare {
namespace {

// The offsets c tried: c = -min(log10 E) + delta, delta log-spaced over 1e-3..1e3
// so that log10(E) + c stays positive; a large c tends to a plain log-linear fit.
std::vector<double> offset_grid(double min_log10_energy) {
  std::vector<double> grid;
  constexpr int kSteps = 241;
  for (int i = 0; i < kSteps; ++i) {
    double delta = std::pow(10.0, -3.0 + 6.0 * i / (kSteps - 1));
    grid.push_back(-min_log10_energy + delta);
  }
  return grid;
}

std::vector<double> nested_log(const std::vector<double>& log10_energy, double c) {
  std::vector<double> x;
  x.reserve(log10_energy.size());
  for (double e : log10_energy) x.push_back(std::log(e + c));
  return x;
}

// E such that a + b ln(log10(E) + c) = accuracy; nullopt when unreachable or out of range.
std::optional<double> energy_for(const DiminishingReturns& f, double accuracy_pct) {
  if (!(f.b > 0)) return std::nullopt;
  double log10_energy = std::exp((accuracy_pct - f.a) / f.b) - f.c;
  double energy = std::pow(10.0, log10_energy);
  return std::isfinite(energy) ? std::optional<double>(energy) : std::nullopt;
}

}  // namespace

double DiminishingReturns::predict_accuracy_pct(double energy_j) const {
  double inner = std::log10(energy_j) + c;
  return inner > 0 ? a + b * std::log(inner) : std::numeric_limits<double>::quiet_NaN();
}

namespace detail {

std::optional<DiminishingReturns> fit_diminishing_returns(const SetupView& view) {
  auto front = pareto(view, {kDefaultTestSet});
  if (front.size() < 4) return std::nullopt;
  DiminishingReturns best;
  best.setup = view.setup.name;
  best.front_size = front.size();
  std::vector<double> log10_energy, accuracy;
  for (size_t i : front) {
    const auto& m = view.models[i];
    log10_energy.push_back(std::log10(m.energy_j));
    accuracy.push_back(*m.mean_accuracy_pct({kDefaultTestSet}));
    best.front.push_back({m.model, accuracy.back(), m.energy_j});
  }
  double best_sse = std::numeric_limits<double>::infinity();
  for (double c : offset_grid(log10_energy.front())) {
    auto fit = stats::linear_fit(nested_log(log10_energy, c), accuracy);
    double sse = fit.residual_sd * fit.residual_sd * static_cast<double>(fit.n - 2);
    if (sse < best_sse) {
      best_sse = sse;
      best.a = fit.intercept;
      best.b = fit.slope;
      best.c = c;
      best.r2 = fit.r2;
      best.residual_sd = fit.residual_sd;
    }
  }
  if (!(best.b > 0)) return std::nullopt;
  for (double target : {90.0, 95.0, 99.0, 100.0}) {
    best.energy_j_for_accuracy.emplace_back(target, energy_for(best, target));
  }
  return best;
}

std::vector<FrontierYear> frontier_by_year(const SetupView& view) {
  std::vector<FrontierYear> years;
  int first = 0, last = 0;
  for (const auto& m : view.models) {
    auto year = release_year(m);
    if (!year || !m.mean_accuracy_pct({kDefaultTestSet})) continue;
    first = first == 0 ? *year : std::min(first, *year);
    last = std::max(last, *year);
  }
  if (first == 0) return years;
  for (int year = first; year <= last; ++year) {
    std::vector<size_t> index;
    std::vector<double> energy, accuracy;
    for (size_t i = 0; i < view.models.size(); ++i) {
      const auto& m = view.models[i];
      auto acc = m.mean_accuracy_pct({kDefaultTestSet});
      auto released = release_year(m);
      if (!released || !acc || *released > year) continue;
      index.push_back(i);
      energy.push_back(m.energy_j);
      accuracy.push_back(*acc);
    }
    FrontierYear y{year, index.size(), {}};
    for (size_t k : stats::pareto_front(energy, accuracy)) {
      y.front.push_back({view.models[index[k]].model, accuracy[k], energy[k]});
    }
    years.push_back(std::move(y));
  }
  return years;
}

}  // namespace detail
}  // namespace infergy::compare
