// report.md's figures of Yang et al.: each figure with what it shows, ours beside the
// paper's value where the paper states one.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "infergy/output.hpp"
#include "yang_study.hpp"

namespace infergy::report::detail {
namespace {

std::string g(double v, int digits = 3) { return format_number(v, digits); }

std::string figure_block(const FigureInfo& f) {
  return fmt::format(
      "\n#### Fig. {}: {}\n\n{}\n\n![Yang et al. Fig. {}](figures/{}.png)\n\n[SVG](figures/{}.svg) "
      "· [data](data/{}.csv)\n\n",
      f.number, f.title, f.caption, f.number, f.stem, f.stem, f.stem);
}

std::string fig02_text(const YangStudy& s) {
  std::string out =
      "| setup | type | models | centre: energy (geometric mean) | centre: top-1 (mean) |\n"
      "|---|---|---:|---:|---:|\n";
  for (const auto& p : s.panels) {
    for (const auto& c : p.centres) {
      out += fmt::format("| {} | {} | {} | {} J | {} % |\n", p.view->setup.name, c.architecture,
                         c.n, g(c.energy_j), g(c.accuracy_pct, 4));
    }
  }
  out +=
      "\nThe paper: CNNs sit at lower accuracy and energy, Transformers at higher, hybrids "
      "between; MLPs are less accurate for more energy. Its nested-log fit on the H100_TRT "
      "front needs 207 MWh per image for 100 % top-1";
  for (const auto& p : s.panels) {
    if (p.view->setup.name != "H100_TRT" || !p.fit) continue;
    for (const auto& [acc, e] : p.fit->energy_j_for_accuracy) {
      if (acc == 100) {
        out += e ? fmt::format("; ours needs {} J ({} Wh) on this sample", g(*e), g(*e / 3600))
                 : std::string("; ours never reaches it");
      }
    }
  }
  return out + ".\n";
}

std::string fig03_text(const YangStudy& s) {
  const auto& years = s.analysis.frontier_by_year;
  return fmt::format(
      "{} models of {} counted from {} to {}; the last front has {} models. A model counts "
      "from its stored release date, else from its family's first paper (an approximation "
      "for later variants and training recipes). The paper (no figure values): each year "
      "pushes the front up at high energy and left at low accuracy, the middle moves less.\n",
      years.back().models, s.analysis.frontier_setup, years.front().year, years.back().year,
      years.back().front.size());
}

std::string fig04_text(const YangStudy& s) {
  std::string out =
      "| setup | statistic | n | Pearson r (ours) | paper | Spearman ρ |\n"
      "|---|---|---:|---:|---:|---:|\n";
  for (const auto& c : s.analysis.property_correlations) {
    auto paper = compare::paper::property_correlation(c.setup, c.property);
    out +=
        fmt::format("| {} | {} | {} | {:.4f} | {} | {:.4f} |\n", c.setup, c.property, c.pearson.n,
                    c.pearson.r, paper ? fmt::format("{:.4f}", *paper) : "-", c.spearman.r);
  }
  return out;
}

std::string fig05_text(const YangStudy& s) {
  const auto& e = *s.input_size;
  namespace p = compare::paper;
  return fmt::format(
      "{}: {} models measured at two or more input sizes, {} steps over their smallest size. "
      "Energy increase = {:.3f} × size increase + {:.2f} (R² {:.2f}; paper {} × + {}); accuracy "
      "increase = {:.4f} × size increase + {:.2f} (R² {:.2f}; paper {} × + {}), all in %.\n",
      e.setup, e.models, e.steps.size(), e.energy_fit.slope, e.energy_fit.intercept,
      e.energy_fit.r2, p::kInputSizeEnergySlope, p::kInputSizeEnergyIntercept, e.accuracy_fit.slope,
      e.accuracy_fit.intercept, e.accuracy_fit.r2, p::kInputSizeAccuracySlope,
      p::kInputSizeAccuracyIntercept);
}

std::string fig06_text(const YangStudy& s) {
  std::string out =
      "Convention: error = measured energy / naive estimate, naive = FLOPs / (peak FLOP/s ÷ "
      "TDP) of the setup's catalog GPU at its fp32 dense peak, FLOPs = 2 × ptflops MACs; > 1 "
      "means the naive estimate is too low.\n\n| setup | n | geometric mean | paper | share "
      "under-estimated |\n|---|---:|---:|---:|---:|\n";
  for (const auto& p : s.panels) {
    if (!p.naive) continue;
    auto paper = compare::paper::naive_error(p.naive->setup, p.naive->precision);
    double under = static_cast<double>(std::count_if(p.naive->ratios.begin(), p.naive->ratios.end(),
                                                     [](double r) { return r > 1; })) /
                   static_cast<double>(p.naive->ratios.size());
    out +=
        fmt::format("| {} | {} | {}× | {} | {:.0f} % |\n", p.naive->setup, p.naive->ratios.size(),
                    g(p.naive->geometric_mean), paper ? g(*paper) + "×" : "-", 100 * under);
  }
  return out;
}

std::string fig07_text(const YangStudy& s) {
  std::string out =
      "| sweep | batch sizes | most efficient batch | J/item there |\n"
      "|---|---:|---:|---:|\n";
  for (const auto& sw : s.sweeps) {
    auto best = std::min_element(sw.points.begin(), sw.points.end(), [](auto& a, auto& b) {
      return a.energy_per_item_j < b.energy_per_item_j;
    });
    out += fmt::format("| {} | {} | {} | {} |\n", sw.label, sw.points.size(), best->batch_size,
                       g(best->energy_per_item_j));
  }
  return out +
         "\nThe paper (EfficientViT on the H100): energy per image falls with batch size "
         "until the GPU saturates, then flattens.\n";
}

std::string fig08_text(const YangStudy& s) {
  std::string out =
      "Average power = energy per image × images per second; the paper: \"all models lie on "
      "the TDP line\" at their most efficient batch size.\n\n| setup | TDP | models | median "
      "power / TDP | share ≥ 80 % of TDP |\n|---|---:|---:|---:|---:|\n";
  for (const auto& p : s.panels) {
    if (!p.tdp_w) continue;
    std::vector<double> share;
    for (const auto& m : p.view->models) {
      if (m.throughput_items_per_s > 0)
        share.push_back(m.energy_j * m.throughput_items_per_s / *p.tdp_w);
    }
    if (share.empty()) continue;
    std::sort(share.begin(), share.end());
    double high = static_cast<double>(std::count_if(share.begin(), share.end(),
                                                    [](double v) { return v >= 0.8; })) /
                  static_cast<double>(share.size());
    out += fmt::format("| {} | {:.0f} W | {} | {:.2f} | {:.0f} % |\n", p.view->setup.name, *p.tdp_w,
                       share.size(), share[share.size() / 2], 100 * high);
  }
  return out;
}

std::string fig09_text(const YangStudy& s) {
  std::string out =
      "| from → to | n | geometric mean | geometric SD | paper |\n"
      "|---|---:|---:|---:|---|\n";
  for (const auto& r : s.analysis.runtime_reductions) {
    auto paper = compare::paper::runtime_reduction(r.from_setup, r.to_setup);
    out +=
        fmt::format("| {} → {} | {} | {}× | {} | {} |\n", r.from_setup, r.to_setup, r.n,
                    g(r.geometric_mean), g(r.geometric_sd),
                    paper ? fmt::format("{}× (GSD {})", g(paper->first), g(paper->second)) : "-");
  }
  return out;
}

}  // namespace

std::string yang_figures_markdown(const YangStudy& s) {
  std::string out = "\n### Figures of Yang et al.\n";
  for (const auto& f : s.figures()) {
    out += figure_block(f);
    switch (f.number) {
      case 2:
        out += fig02_text(s);
        break;
      case 3:
        out += fig03_text(s);
        break;
      case 4:
        out += fig04_text(s);
        break;
      case 5:
        out += fig05_text(s);
        break;
      case 6:
        out += fig06_text(s);
        break;
      case 7:
        out += fig07_text(s);
        break;
      case 8:
        out += fig08_text(s);
        break;
      case 9:
        out += fig09_text(s);
        break;
    }
  }
  if (s.sweeps.empty()) {
    out +=
        "\nFig. 7 (energy against batch size) needs per-batch data, which the published files "
        "do not keep: measure a model with `infergy measure` and run the report again.\n";
  }
  return out;
}

}  // namespace infergy::report::detail
