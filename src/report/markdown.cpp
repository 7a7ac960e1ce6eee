// report.md: every table and fitted number, the paper's stated value beside ours.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "infergy/output.hpp"
#include "infergy/report.hpp"
#include "study.hpp"

namespace infergy::report::detail {
namespace {

using analysis::ModelPoint;

// Up to `digits` significant digits, no exponent between 1e-4 and 1e9.
std::string g(double v, int digits = 4) { return format_number(v, digits); }

std::string trends_section(const Study& s) {
  std::string out =
      "## Exponential trends (Figs 3, 6, 7, 8, 9, 10)\n\n"
      "Each is a least-squares fit of log10(value) on the fractional release year; the factor "
      "per year is 10^slope and the doubling (or halving) time log10(2)/|slope|, both with 95% "
      "confidence intervals from the slope's t interval. The paper draws these lines but prints "
      "no fitted number; its column gives what its text says of each line.\n\n"
      "| series | figure | n | factor per year [95% CI] | doubling / halving time, years "
      "[95% CI] | R² | p | paper says |\n|---|---|--:|---|---|--:|--:|---|\n";
  for (const auto& id : s.series_ids) {
    const auto& f = s.fit(id);
    out += fmt::format("| `{}` | {} | {} | {} | {} | {:.3f} | {:.2g} | {} |\n", id, f.info.figure,
                       f.points.size(), factor_text(f.trend), doubling_text(f.trend),
                       f.trend.log10_fit.r2, f.trend.log10_fit.p_value, f.info.paper_says);
  }
  return out + "\n";
}

std::string correlation_row(const analysis::ParamsFlopsCorrelation& c) {
  return fmt::format("| {} | {} | {} | {:.3f} | {} | {:.3f} | {:.3f} | {:.3f} | {:.2g} |\n",
                     c.architecture, c.rows, c.distinct_points, c.pearson.r,
                     c.paper_r ? fmt::format("{:.3f}", *c.paper_r) : "-", c.pearson_rows.r,
                     c.pearson_log.r, c.spearman.r, c.pearson.p_value);
}

std::string fig1_section(const Study& s) {
  return "## Parameters vs FLOPs (Fig. 1)\n\n"
         "Pearson correlation of parameters (M) and GFLOPs of the CV models, on distinct "
         "(parameters, GFLOPs) points (identical rows such as EfficientNet-Bx and NoisyStudent-Bx "
         "counted once), raw values, as the paper's numbers evidently are.\n\n"
         "| architecture | rows | distinct points | Pearson r (ours) | paper | Pearson r, all rows "
         "| Pearson r, log-log | Spearman ρ | p |\n|---|--:|--:|--:|--:|--:|--:|--:|--:|\n" +
         correlation_row(s.cnn_correlation) + correlation_row(s.transformer_correlation) +
         fmt::format(
             "\nLog-log slopes: CNN GFLOPs ∝ params^{:.3f} (R² {:.3f}); Transformer "
             "GFLOPs ∝ params^{:.3f} (R² {:.3f}).\n\n",
             s.cnn_loglog.slope, s.cnn_loglog.r2, s.transformer_loglog.slope,
             s.transformer_loglog.r2);
}

// The rows the paper's Table 1 prints (display names as in the catalog).
const std::vector<std::string>& paper_table1() {
  static const std::vector<std::string> names = {
      "AlexNet",         "ZFNet",           "Inception V1/GoogleLeNet",  "MobileNet",
      "MobileNetV2 1.4", "EfficientNet-B1", "NoisyStudent-B1 [JFT 300M]"};
  return names;
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::string table1_section(const Study& s) {
  std::string out =
      "## Models with AlexNet-like FLOPs (Table 1)\n\n"
      "Rule (ours; the paper states none): per year, the model closest to AlexNet's GFLOPs "
      "(within a factor of 2.2, in log distance) that beats every earlier row's accuracy, with "
      "and without extra data.\n\n| model | year | top-1 accuracy (%) | GFLOPs | extra data | "
      "in the paper's Table 1 |\n|---|--:|--:|--:|---|---|\n";
  std::vector<std::string> ours;
  for (const auto& p : s.table1) {
    ours.push_back(p.name);
    out += fmt::format("| {} | {} | {} | {} | {} | {} |\n", p.name, p.release_date.year,
                       g(*p.accuracy_pct), g(p.gflop_count),
                       p.extra_data.empty() ? "no" : p.extra_data,
                       contains(paper_table1(), p.name) ? "yes" : "no");
  }
  std::string missing;
  for (const auto& name : paper_table1()) {
    if (!contains(ours, name)) missing += (missing.empty() ? "" : ", ") + name;
  }
  if (!missing.empty())
    out += "\nIn the paper's Table 1 but not picked by the rule: " + missing + ".\n";
  return out + "\n";
}

std::string hardware_section(const Study& s) {
  std::string out = fmt::format(
      "## Hardware (Figs 7-8, Tables 4 and 9)\n\n"
      "{} GPU rows (FP32 {}, FP16 {}, FP16/FP32 Tensor {}). Adapted efficiency = reference "
      "GPU's FP32 peak x the mean measured speed-up of Table 3 (unrounded), over the GPU's own "
      "TDP. Table 9 (and so Fig. 8) leaves out the FP32 rows of Tesla P100, A100 and A30; so "
      "do we.\n\n| task | GPU | mode | rows | mean speed-up | paper Table 4 | adapted TFLOPS | "
      "GFLOPS/W |\n|---|---|---|--:|--:|--:|--:|--:|\n",
      s.gpu_rows, s.fp32.size(), s.fp16.size(), s.tensor.size());
  for (const auto& r : s.adapted_rows) {
    std::string printed = "-";
    for (const auto& p : s.printed_ratios) {
      if (p.gpu == r.gpu && p.precision == r.precision) {
        printed = g(r.task == catalog::Domain::cv ? p.printed_cv_ratio : p.printed_nlp_ratio, 3);
      }
    }
    out += fmt::format("| {} | {} | {} | {} | {:.4f} | {} | {:.2f} | {:.2f} |\n",
                       r.task == catalog::Domain::cv ? "CNN" : "NLP", r.gpu, r.precision,
                       r.throughput_rows, r.mean_speedup, printed, r.adapted_tflop_per_second,
                       r.gflop_per_joule());
  }
  return out + "\n";
}

std::string model_rows(const std::vector<ModelPoint>& points, const std::string& metric) {
  std::string out = fmt::format(
      "| model | release date | {} | GFLOPs | energy per forward pass (J) "
      "|\n|---|---|--:|--:|--:|\n",
      metric);
  for (const auto& p : points) {
    out += fmt::format("| {} | {} | {} | {} | {} |\n", p.name, p.release_date.iso(),
                       p.accuracy_pct ? g(*p.accuracy_pct) : "-", g(p.gflop_count), g(p.energy_j));
  }
  return out + "\n";
}

std::string energy_section(const Study& s) {
  return "## Energy per forward pass (Eq. 1-2, Figs 9-12)\n\n"
         "Energy = FLOPs / (FLOPs per joule), the FLOPs per joule read off the adapted "
         "efficiency trend of the model's domain (CNN line for CV, NLP line for NLP) at the "
         "model's release date. Every model's value is in `data/models_energy.csv`.\n\n"
         "### CV: most accurate model of each year (Figs 3 and 9, dashed lines)\n\n" +
         model_rows(s.cv_best, "top-1 (%)") +
         "### NLP: most demanding model when released (Figs 6 and 10, dashed lines)\n\n" +
         model_rows(s.nlp_demanding, "GLUE") +
         "### Pareto frontier, CV accuracy vs GFLOPs (Fig. 4)\n\n" +
         model_rows(s.cv_pareto_gflop_count, "top-1 (%)") +
         "### Pareto frontier, CV accuracy vs energy (Fig. 11)\n\n" +
         model_rows(s.cv_pareto_energy, "top-1 (%)") +
         "### Pareto frontier, NLP GLUE vs energy (Fig. 12)\n\n" +
         model_rows(s.nlp_pareto_energy, "GLUE");
}

std::string human_section(const Study& s) {
  const auto& best = s.fit("cv-best-energy").trend;
  const auto& nlp = s.fit("nlp-demanding-energy").trend;
  auto at = [](const stats::ExponentialTrend& t, double year) {
    return std::pow(10.0, t.log10_fit.predict(year));
  };
  return fmt::format(
      "## Human references and the multiplicative effect (Figs 13-14)\n\n"
      "| reference | ours (W = J per second per person) | paper |\n|---|--:|--:|\n"
      "| internal (2,000 kcal/day) | {:.1f} | ≈ 100 |\n"
      "| external (79,897 kWh/year, USA 2019) | {:.0f} | ≈ 10,000 |\n\n"
      "One forward pass per second per person of the trend of the most accurate CV models "
      "costs {} J/s at 2021.5 ({:.2g}% of the internal reference) and {} J/s at 2025.5 "
      "(extrapolated). The trend of the most demanding NLP models gives {} J/s at 2021.5 "
      "(extrapolated past "
      "its last model, 2020). The paper reads Fig. 13 as: the best models' energy per inference "
      "\"approaches the energy consumed by the human body in one second but [is] still far from "
      "the "
      "external\", and for NLP \"the best models are growing much faster\". "
      "`infergy forecast` computes such figures for any rate, population, model or year, with "
      "CO2 and cost when given grid intensity and price.\n\n",
      s.human.internal_w, s.human.external_w, g(at(best, 2021.5), 3),
      100 * at(best, 2021.5) / s.human.internal_w, g(at(best, 2025.5), 3), g(at(nlp, 2021.5), 3));
}

std::string figures_section() {
  std::string out = "## Figures\n\n";
  for (const auto& f : figures()) {
    out += fmt::format(
        "### Fig. {}: {}\n\n![Fig. {}](figures/{}.png)\n\n[SVG](figures/{}.svg) · "
        "[data](data/{}.csv)\n\n",
        f.number, f.title, f.number, f.stem, f.stem, f.stem);
  }
  return out;
}

}  // namespace

std::string markdown(const Study& s) {
  return fmt::format(
             "# Compute and energy trends of DNN inference: a reproduction\n\n"
             "Reproduces Desislavov, Martínez-Plumed and Hernández-Orallo, *Compute and Energy "
             "Consumption Trends in Deep Learning Inference* (2023) from infergy's catalog: "
             "{} CV models, {} NLP models, {} GPU rows. Generated by `infergy report`; "
             "methods and every difference from the paper are in docs/methodology.md.\n\n",
             s.cv.size(), s.nlp.size(), s.gpu_rows) +
         trends_section(s) + fig1_section(s) + table1_section(s) + hardware_section(s) +
         energy_section(s) + human_section(s) + figures_section();
}

}  // namespace infergy::report::detail
