// The analyses of Yang et al. (2024), section 4, over the measured setups. Pure.
#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "fits.hpp"
#include "infergy/compare.hpp"
#include "infergy/compare_figures.hpp"
#include "infergy/error.hpp"
#include "infergy/units.hpp"

namespace infergy::compare {
namespace {

using PointKey = std::pair<std::string, int>;
using Series = std::map<PointKey, double>;

Series energies(const SetupView& view) {
  Series s;
  for (const auto& m : view.models) s[{m.model, m.input_px}] = m.energy_j;
  return s;
}

// Paired values of the keys both series hold.
std::pair<std::vector<double>, std::vector<double>> paired(const Series& a, const Series& b) {
  std::vector<double> x, y;
  for (const auto& [key, value] : a) {
    if (auto it = b.find(key); it != b.end()) {
      x.push_back(value);
      y.push_back(it->second);
    }
  }
  return {x, y};
}

// Correlation is undefined on a constant series; such pairs are left out.
bool correlatable(const std::vector<double>& x, const std::vector<double>& y) {
  auto varies = [](const std::vector<double>& v) {
    return std::any_of(v.begin(), v.end(), [&](double e) { return e != v.front(); });
  };
  return x.size() >= 3 && varies(x) && varies(y);
}

NaiveEstimateError summarise(const NaiveErrorSample& sample, double flop_per_joule) {
  const auto& ratios = sample.ratios;
  NaiveEstimateError e;
  e.setup = sample.setup;
  e.macs_tool = sample.macs_tool;
  e.precision = sample.precision;
  e.flop_per_joule = flop_per_joule;
  e.n = ratios.size();
  e.geometric_mean = sample.geometric_mean;
  e.geometric_sd = stats::geometric_sd(ratios);
  e.median = stats::median(ratios);
  e.p05 = stats::quantile(ratios, 0.05);
  e.p95 = stats::quantile(ratios, 0.95);
  e.max = *std::max_element(ratios.begin(), ratios.end());
  e.share_underestimated = static_cast<double>(std::count_if(ratios.begin(), ratios.end(),
                                                             [](double r) { return r > 1; })) /
                           static_cast<double>(ratios.size());
  return e;
}

void add_naive_errors(Analysis& a, const catalog::Catalog& catalog,
                      const std::vector<SetupView>& views) {
  for (const auto& view : views) {
    if (catalog.gpu_rows(view.setup.gpu).empty()) {
      a.notes.push_back(fmt::format("{}: GPU '{}' is not in the catalog, no naive estimate",
                                    view.setup.name, view.setup.gpu));
      continue;
    }
    for (auto precision : {catalog::Precision::fp32, catalog::Precision::fp16_tensor}) {
      for (const auto* gpu : catalog.gpu_rows(view.setup.gpu)) {
        if (gpu->precision != precision) continue;
        for (const char* tool : {"ptflops", "torchinfo"}) {
          if (auto sample = naive_error_sample(view, catalog, precision, tool))
            a.naive_errors.push_back(summarise(*sample, gpu->flop_per_joule()));
        }
        break;
      }
    }
  }
}

void add_runtime_reductions(Analysis& a, const std::vector<SetupView>& views) {
  for (const auto& c : runtime_comparisons(views)) {
    if (c.pairs.size() < 2) continue;
    std::vector<double> ratios;
    for (const auto& p : c.pairs) ratios.push_back(p.from_energy_j / p.to_energy_j);
    a.runtime_reductions.push_back({c.gpu, c.from_setup, c.to_setup, ratios.size(),
                                    stats::geometric_mean(ratios), stats::geometric_sd(ratios),
                                    *std::min_element(ratios.begin(), ratios.end()),
                                    *std::max_element(ratios.begin(), ratios.end())});
  }
}

void add_setup_correlations(Analysis& a, const std::vector<SetupView>& views) {
  for (size_t i = 0; i < views.size(); ++i) {
    for (size_t j = i + 1; j < views.size(); ++j) {
      auto [x, y] = paired(energies(views[i]), energies(views[j]));
      if (!correlatable(x, y)) continue;
      a.setup_correlations.push_back(
          {views[i].setup.name, views[j].setup.name, stats::pearson(x, y), stats::spearman(x, y)});
    }
  }
}

void add_property_correlations(Analysis& a, const std::vector<SetupView>& views) {
  using Getter = std::optional<double> (*)(const ModelPoint&);
  const std::vector<std::pair<std::string, Getter>> properties = {
      {"params", [](const ModelPoint& m) { return m.params; }},
      {"flop_count", [](const ModelPoint& m) { return m.flop_count; }},
      {"activations", [](const ModelPoint& m) { return m.activations; }}};
  for (const auto& view : views) {
    for (const auto& [name, get] : properties) {
      std::vector<double> x, y;
      for (const auto& m : view.models) {
        if (auto v = get(m)) {
          x.push_back(*v);
          y.push_back(m.energy_j);
        }
      }
      if (!correlatable(x, y)) continue;
      a.property_correlations.push_back(
          {view.setup.name, name, stats::pearson(x, y), stats::spearman(x, y)});
    }
  }
}

}  // namespace

Analysis analyze(const std::vector<SetupView>& views, const catalog::Catalog& catalog) {
  Analysis a;
  for (const auto& view : views) a.setups.push_back(view.setup.name);
  if (views.empty()) throw InputError("no setup imported yet (see 'infergy import yang DIR')");
  a.notes.emplace_back(
      "naive estimate = 2 x MACs / (peak FLOP/s / TDP) of the setup's catalog GPU (fp32 and "
      "fp16-tensor dense peaks); error = measured / naive, > 1 = the naive estimate is too low");
  a.notes.emplace_back("correlations are of energy per image (J) over the models both sides share");
  a.notes.emplace_back(
      "Yang et al.'s Fig. 6 states naive-estimate errors of 3.13 and 3.16 on the A100 without "
      "saying which figure is which runtime or counter; paper values pair them with A100_PT "
      "and A100_TRT at the fp32 peak, our reading");
  add_naive_errors(a, catalog, views);
  add_runtime_reductions(a, views);
  add_setup_correlations(a, views);
  add_property_correlations(a, views);
  for (const auto& view : views) {
    if (auto fit = detail::fit_diminishing_returns(view)) a.diminishing_returns.push_back(*fit);
  }
  auto chosen = std::find_if(views.begin(), views.end(),
                             [](const SetupView& v) { return v.setup.name == "A100_TRT"; });
  const auto& frontier_view = chosen != views.end() ? *chosen : views.front();
  a.frontier_setup = frontier_view.setup.name;
  a.frontier_by_year = detail::frontier_by_year(frontier_view);
  if (a.frontier_by_year.empty()) {
    a.notes.emplace_back(
        "no release years known: the yearly frontier needs 'infergy import "
        "model-dates FILE' or models of known families");
  } else {
    a.notes.emplace_back(
        "yearly frontier: a model counts from its stored release date's year, else from "
        "the year of its family's first paper (an approximation for later variants)");
  }
  return a;
}

}  // namespace infergy::compare
