// The data of Yang et al.'s Figs 2-9 from the compared setups. Pure.
#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "infergy/compare_figures.hpp"
#include "infergy/units.hpp"

namespace infergy::compare {
namespace {

double top1(const ModelPoint& m) {
  auto it = m.accuracy_pct_by_test_set.find(kDefaultTestSet);
  return it == m.accuracy_pct_by_test_set.end() ? std::nan("") : it->second;
}

const catalog::Gpu* gpu_row(const catalog::Catalog& catalog, const std::string& gpu,
                            catalog::Precision precision) {
  for (const auto* row : catalog.gpu_rows(gpu)) {
    if (row->precision == precision) return row;
  }
  return nullptr;
}

}  // namespace

std::optional<int> release_year(const ModelPoint& model) {
  if (model.release) return model.release->year;
  if (auto info = architecture_info(model.model)) return info->year;
  return std::nullopt;
}

std::vector<ArchitectureCentre> architecture_centres(const SetupView& view) {
  std::vector<ArchitectureCentre> out;
  for (auto type : architecture_types()) {
    const std::string name = to_string(type);
    std::vector<double> energies;
    double accuracy_sum = 0;
    for (const auto& m : view.models) {
      double acc = top1(m);
      if (m.architecture != name || std::isnan(acc) || !(m.energy_j > 0)) continue;
      energies.push_back(m.energy_j);
      accuracy_sum += acc;
    }
    if (energies.empty()) continue;
    out.push_back({name, energies.size(), stats::geometric_mean(energies),
                   accuracy_sum / static_cast<double>(energies.size())});
  }
  return out;
}

std::optional<InputSizeEffect> input_size_effect(const SetupView& view) {
  std::map<std::string, std::vector<const ModelPoint*>> by_name;
  for (const auto& m : view.models) {
    if (m.input_px > 0 && m.energy_j > 0 && !std::isnan(top1(m))) by_name[m.model].push_back(&m);
  }
  InputSizeEffect effect;
  effect.setup = view.setup.name;
  std::vector<double> size, energy, accuracy;
  for (auto& [name, points] : by_name) {
    if (points.size() < 2) continue;
    std::sort(points.begin(), points.end(),
              [](const ModelPoint* a, const ModelPoint* b) { return a->input_px < b->input_px; });
    const ModelPoint& base = *points.front();
    ++effect.models;
    for (size_t i = 1; i < points.size(); ++i) {
      const ModelPoint& m = *points[i];
      if (m.input_px == base.input_px) continue;
      InputSizeStep step{name,
                         base.input_px,
                         m.input_px,
                         (std::pow(static_cast<double>(m.input_px) / base.input_px, 2) - 1) * 100,
                         (m.energy_j / base.energy_j - 1) * 100,
                         (top1(m) / top1(base) - 1) * 100};
      size.push_back(step.size_increase_pct);
      energy.push_back(step.energy_increase_pct);
      accuracy.push_back(step.accuracy_increase_pct);
      effect.steps.push_back(std::move(step));
    }
  }
  if (effect.steps.size() < 3) return std::nullopt;
  auto varies = std::any_of(size.begin(), size.end(), [&](double s) { return s != size.front(); });
  if (!varies) return std::nullopt;
  effect.energy_fit = stats::linear_fit(size, energy);
  effect.accuracy_fit = stats::linear_fit(size, accuracy);
  return effect;
}

std::optional<NaiveErrorSample> naive_error_sample(const SetupView& view,
                                                   const catalog::Catalog& catalog,
                                                   catalog::Precision precision,
                                                   const std::string& macs_tool) {
  const catalog::Gpu* gpu = gpu_row(catalog, view.setup.gpu, precision);
  if (!gpu || !(gpu->flop_per_joule() > 0)) return std::nullopt;
  NaiveErrorSample sample{view.setup.name, macs_tool, catalog::to_string(precision), {}, 0};
  for (const auto& m : view.models) {
    const auto& macs = macs_tool == "torchinfo" ? m.macs_alt : m.macs;
    if (!macs || !(*macs > 0) || !(m.energy_j > 0)) continue;
    double naive_j = units::flop_count_from_macs(*macs) / gpu->flop_per_joule();
    sample.ratios.push_back(m.energy_j / naive_j);
  }
  if (sample.ratios.size() < 3) return std::nullopt;
  sample.geometric_mean = stats::geometric_mean(sample.ratios);
  return sample;
}

std::string naive_estimate_note(const std::vector<SetupView>& measured,
                                const catalog::Catalog& catalog) {
  std::string per_setup;
  for (const auto& view : measured) {
    auto sample = naive_error_sample(view, catalog, catalog::Precision::fp32);
    if (!sample) continue;
    double g = sample->geometric_mean;
    // measured / estimate: above 1 the estimate is too low, below 1 too high.
    per_setup +=
        fmt::format("{}{} {:.2f}x ({} by {:.1f}x)", per_setup.empty() ? "" : ", ", view.setup.name,
                    g, g >= 1 ? "under-estimates" : "over-estimates", g >= 1 ? g : 1 / g);
  }
  const std::string head = "an estimate from FLOPs and TDP, not a measurement";
  if (per_setup.empty()) {
    return head +
           "; import measured setups (infergy import yang data/reference/yang2024) to see how "
           "far such estimates are from measurements";
  }
  return head +
         "; measured / such an estimate (fp32 peak, geometric mean over models): " + per_setup;
}

std::vector<RuntimeComparison> runtime_comparisons(const std::vector<SetupView>& views) {
  std::vector<RuntimeComparison> out;
  for (const auto& from : views) {
    if (from.setup.runtime != "PyTorch") continue;
    std::map<std::pair<std::string, int>, const ModelPoint*> base;
    for (const auto& m : from.models) base[{m.model, m.input_px}] = &m;
    for (const auto& to : views) {
      if (&to == &from || to.setup.gpu != from.setup.gpu || to.setup.runtime == "PyTorch") continue;
      RuntimeComparison c{from.setup.gpu, from.setup.name, to.setup.name, {}};
      for (const auto& m : to.models) {
        auto it = base.find({m.model, m.input_px});
        if (it == base.end() || !(m.energy_j > 0) || !(it->second->energy_j > 0)) continue;
        c.pairs.push_back({m.model, m.input_px, it->second->energy_j, m.energy_j,
                           it->second->throughput_items_per_s, m.throughput_items_per_s});
      }
      if (!c.pairs.empty()) out.push_back(std::move(c));
    }
  }
  return out;
}

std::optional<double> tdp_w(const SetupView& view, const catalog::Catalog& catalog) {
  for (const auto* row : catalog.gpu_rows(view.setup.gpu)) {
    if (row->tdp_w > 0) return row->tdp_w;
  }
  return std::nullopt;
}

Histogram log_histogram(const std::vector<double>& values, int bins_per_decade) {
  Histogram h;
  std::vector<double> logs;
  for (double v : values) {
    if (v > 0 && std::isfinite(v)) logs.push_back(std::log10(v) * bins_per_decade);
  }
  if (logs.empty()) return h;
  auto [lo, hi] = std::minmax_element(logs.begin(), logs.end());
  const int first = static_cast<int>(std::floor(*lo));
  const int last = std::max(first + 1, static_cast<int>(std::floor(*hi)) + 1);
  for (int k = first; k <= last; ++k)
    h.edges.push_back(std::pow(10.0, double(k) / bins_per_decade));
  h.counts.assign(h.edges.size() - 1, 0);
  for (double l : logs) {
    auto bin = static_cast<size_t>(std::floor(l) - first);
    ++h.counts[std::min(bin, h.counts.size() - 1)];
  }
  return h;
}

}  // namespace infergy::compare
