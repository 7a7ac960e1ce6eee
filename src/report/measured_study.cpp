// The measured study (Yang et al.): its analyses as a Markdown section of report.md.
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "infergy/output.hpp"
#include "study.hpp"
#include "yang_study.hpp"

namespace infergy::report::detail {
namespace {

using compare::Analysis;

std::string num(double v, int digits = 3) { return format_number(v, digits); }

void write_naive(std::ostream& out, const Analysis& a) {
  out << "\n### Naive estimate error (measured ÷ FLOPs/(peak FLOP/s ÷ TDP), FLOPs = 2 × MACs)\n\n"
      << "| setup | MACs counted by | peak | n | geometric mean | geometric SD | median | 5–95 % "
         "|\n"
      << "|---|---|---|---:|---:|---:|---:|---|\n";
  for (const auto& e : a.naive_errors) {
    out << fmt::format("| {} | {} | {} | {} | {}× | {} | {}× | {}–{}× |\n", e.setup, e.macs_tool,
                       e.precision, e.n, num(e.geometric_mean), num(e.geometric_sd), num(e.median),
                       num(e.p05), num(e.p95));
  }
  out << "\nYang et al. (Fig. 6) state a geometric mean of 3.13 and 3.16 on the A100.\n";
}

void write_reductions(std::ostream& out, const Analysis& a) {
  out << "\n### Energy reduction from one runtime to another (same GPU)\n\n"
      << "| GPU | from → to | n | geometric mean | geometric SD | range "
         "|\n|---|---|---:|---:|---:|---|\n";
  for (const auto& r : a.runtime_reductions) {
    out << fmt::format("| {} | {} → {} | {} | {}× | {} | {}–{}× |\n", r.gpu, r.from_setup,
                       r.to_setup, r.n, num(r.geometric_mean), num(r.geometric_sd), num(r.min),
                       num(r.max));
  }
  out << "\nYang et al. (Fig. 9): 3.89× (geometric SD 1.53) on the A100, 4.02× (1.55) on the "
         "H100.\n";
}

void write_correlations(std::ostream& out, const Analysis& a) {
  out << "\n### Correlations of energy per image\n\n| between | and | n | Pearson | Spearman |\n"
      << "|---|---|---:|---:|---:|\n";
  for (const auto& c : a.setup_correlations) {
    out << fmt::format("| {} | {} | {} | {} | {} |\n", c.setup_a, c.setup_b, c.pearson.n,
                       num(c.pearson.r, 4), num(c.spearman.r, 4));
  }
  for (const auto& c : a.property_correlations) {
    out << fmt::format("| {} energy | {} | {} | {} | {} |\n", c.setup, c.property, c.pearson.n,
                       num(c.pearson.r, 4), num(c.spearman.r, 4));
  }
}

void write_returns(std::ostream& out, const Analysis& a) {
  out << "\n### Diminishing returns on the Pareto front (top-1 = a + b ln(log10 E + c))\n\n"
      << "| setup | front | a | b | c | R² | energy for 95 % | for 100 % |\n"
      << "|---|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const auto& d : a.diminishing_returns) {
    auto energy = [&](double target) {
      for (const auto& [acc, e] : d.energy_j_for_accuracy) {
        if (acc == target) return e ? num(*e) + " J" : std::string("unreachable");
      }
      return std::string("-");
    };
    out << fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} |\n", d.setup, d.front_size,
                       num(d.a), num(d.b), num(d.c), num(d.r2), energy(95), energy(100));
  }
}

}  // namespace

std::string measured_study_markdown(const YangStudy* study) {
  std::ostringstream out;
  out << "## Accuracy and energy of measured models (Yang et al.)\n\n";
  if (!study) {
    out << "No measured setup has been imported (see `infergy import yang DIR`).\n";
    return out.str();
  }
  const auto& a = study->analysis;
  out << "Reproduces the analyses of Yang, Adamek and Armour, *Double-Exponential Increases "
         "in Inference Energy: The Cost of the Race for Accuracy* (2024), on the setups in the "
         "store. Setups: "
      << fmt::format("{}", fmt::join(a.setups, ", ")) << ".\n";
  write_naive(out, a);
  write_reductions(out, a);
  write_correlations(out, a);
  write_returns(out, a);
  if (!a.frontier_by_year.empty()) {
    out << fmt::format("\nEfficient frontier by year ({}):\n\n", a.frontier_setup);
    for (const auto& y : a.frontier_by_year) {
      out << fmt::format("- {}: {} models, {} on the front\n", y.year, y.models, y.front.size());
    }
  }
  out << "\nNotes:\n\n";
  for (const auto& n : a.notes) out << "- " << n << '\n';
  out << yang_figures_markdown(*study);
  return out.str();
}

}  // namespace infergy::report::detail
