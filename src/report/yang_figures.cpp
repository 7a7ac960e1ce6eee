// The gnuplot script for Yang et al.'s Figs 2-9: data as inline datablocks, each figure
// drawn as SVG and PNG. Architecture types keep one colour and symbol in every figure.
#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "gnuplot.hpp"
#include "infergy/compare_figures.hpp"
#include "yang_study.hpp"

namespace infergy::report::detail {
namespace {

using gp::num;
using gp::quoted;

struct Style {
  const char* colour;
  int point_type;
};
// In compare::architecture_types() order: CNN, Transformer, Hybrid, MLP, Other.
constexpr Style kStyles[] = {
    {"#1f77b4", 7}, {"#d62728", 9}, {"#2ca02c", 5}, {"#9467bd", 13}, {"#7f7f7f", 6}};
const char* const kSeriesColours[] = {"#1f77b4", "#e8590c", "#2b8a3e",
                                      "#7048e8", "#c2255c", "#0c8599"};

int type_index(const std::string& architecture) {
  auto types = compare::architecture_types();
  for (size_t i = 0; i < types.size(); ++i) {
    if (compare::to_string(types[i]) == architecture) return static_cast<int>(i);
  }
  return 4;
}

double top1(const compare::ModelPoint& m) {
  auto it = m.accuracy_pct_by_test_set.find(compare::kDefaultTestSet);
  return it == m.accuracy_pct_by_test_set.end() ? std::nan("") : it->second;
}

std::string opt(const std::optional<double>& v) { return v ? num(*v) : "NaN"; }

std::string common(const std::string& title, const std::string& xlabel, const std::string& ylabel) {
  return fmt::format(
      "set title {}\nset xlabel {}\nset ylabel {}\nset grid lc rgb '#e6e6e6'\nset border lw 1\n"
      "set key box opaque samplen 2 spacing 1.1 font ',10'\n",
      quoted(title), quoted(xlabel), quoted(ylabel));
}

// ---------------------------------------------------------------- datablocks

// Columns: energy accuracy type params flop_count activations throughput "model"
std::string models_block(size_t i, const compare::SetupView& v) {
  std::string out = fmt::format("$models{} << EOD\n", i);
  for (const auto& m : v.models) {
    out += fmt::format(
        "{} {} {} {} {} {} {} {}\n", num(m.energy_j), num(top1(m)), type_index(m.architecture),
        opt(m.params), opt(m.flop_count), opt(m.activations),
        m.throughput_items_per_s > 0 ? num(m.throughput_items_per_s) : "NaN", quoted(m.model));
  }
  return out + "EOD\n";
}

std::string histogram_block(const std::string& name, const std::vector<double>& values) {
  auto h = compare::log_histogram(values, 10);
  std::string out = "$" + name + " << EOD\n";
  for (size_t k = 0; k < h.counts.size(); ++k) {
    out += fmt::format("{} {} {}\n", num(h.edges[k]), num(h.edges[k + 1]), h.counts[k]);
  }
  return out + "EOD\n";
}

std::string datablocks(const YangStudy& s) {
  std::string out;
  for (size_t i = 0; i < s.panels.size(); ++i) {
    const auto& p = s.panels[i];
    out += models_block(i, *p.view);
    out += fmt::format("$centres{} << EOD\n", i);
    for (const auto& c : p.centres) {
      out +=
          fmt::format("{} {} {}\n", num(c.energy_j), num(c.accuracy_pct), quoted(c.architecture));
    }
    out += fmt::format("EOD\n$front{} << EOD\n", i);
    for (const auto& f : p.front) out += num(f.energy_j) + " " + num(f.accuracy_pct) + "\n";
    out += "EOD\n";
    if (p.naive) out += histogram_block(fmt::format("naive{}", i), p.naive->ratios);
  }
  for (const auto& y : s.analysis.frontier_by_year) {
    out += fmt::format("$year{} << EOD\n", y.year);
    for (const auto& f : y.front) out += num(f.energy_j) + " " + num(f.accuracy_pct) + "\n";
    out += "EOD\n";
  }
  if (s.input_size) {
    out += "$size << EOD\n";
    for (const auto& st : s.input_size->steps) {
      out += fmt::format("{} {} {}\n", num(st.size_increase_pct), num(st.energy_increase_pct),
                         num(st.accuracy_increase_pct));
    }
    out += "EOD\n";
  }
  for (size_t c = 0; c < s.runtimes.size(); ++c) {
    out += fmt::format("$runtime{} << EOD\n", c);
    std::vector<double> reductions;
    for (const auto& p : s.runtimes[c].pairs) {
      auto tp = [](double v) { return v > 0 ? num(v) : std::string("NaN"); };
      out += fmt::format("{} {} {} {}\n", num(p.from_energy_j), num(p.to_energy_j),
                         tp(p.from_throughput_items_per_s), tp(p.to_throughput_items_per_s));
      reductions.push_back(p.from_energy_j / p.to_energy_j);
    }
    out += "EOD\n" + histogram_block(fmt::format("reduction{}", c), reductions);
  }
  for (size_t k = 0; k < s.sweeps.size(); ++k) {
    out += fmt::format("$sweep{} << EOD\n", k);
    for (const auto& p : s.sweeps[k].points) {
      out += fmt::format("{} {} {}\n", p.batch_size, num(p.energy_per_item_j),
                         num(p.throughput_items_per_s));
    }
    out += "EOD\n";
  }
  return out;
}

// ---------------------------------------------------------------- figures

std::string panel_title(const compare::SetupView& v) {
  return fmt::format("{} ({} {}, {} models)", v.setup.name, v.setup.gpu, v.setup.runtime,
                     v.models.size());
}

// Points of panel i by architecture type: x and y are gnuplot expressions of columns.
std::string typed_points(size_t i, const std::string& x, const std::string& y, double size) {
  std::string out;
  auto types = compare::architecture_types();
  for (size_t k = 0; k < types.size(); ++k) {
    out += fmt::format(
        "$models{} using ($3=={} ? {} : NaN):({}) with points pt {} ps {} lc rgb '{}' title {}, ",
        i, k, x, y, kStyles[k].point_type, size, kStyles[k].colour,
        quoted(compare::to_string(types[k])));
  }
  return out;
}

std::string multiplot(size_t panels, size_t columns) {
  size_t rows = (panels + columns - 1) / columns;
  return fmt::format("set multiplot layout {},{}\n", rows, std::min(panels, columns));
}

std::string fig02(const YangStudy& s) {
  std::string out = multiplot(s.panels.size(), 2);
  for (size_t i = 0; i < s.panels.size(); ++i) {
    const auto& p = s.panels[i];
    out += common(panel_title(*p.view), "Energy per image (J)", "ImageNet top-1 (%)") +
           "set logscale x\n" + gp::log_ticks("x") + "set key top left font ',9'\n";
    std::string fit;
    if (p.fit && !p.front.empty()) {
      out += fmt::format("f{}(x) = log10(x) + {} > 0 ? {} + {} * log(log10(x) + {}) : NaN\n", i,
                         num(p.fit->c), num(p.fit->a), num(p.fit->b), num(p.fit->c));
      fit = fmt::format("[x={}:{}] f{}(x) with lines dt 2 lw 2 lc rgb 'black' title {}, ",
                        num(p.front.front().energy_j), num(p.front.back().energy_j * 10), i,
                        quoted(fmt::format("Nested-log fit (R2 {:.3f})", p.fit->r2)));
    }
    out += "plot " + typed_points(i, "$1", "$2", 0.55) +
           fmt::format("$front{} using 1:2 with steps lw 2 lc rgb '#495057' title 'Pareto front', ",
                       i) +
           fit +
           fmt::format(
               "$centres{0} using 1:2 with points pt 7 ps 2.6 lc rgb 'black' title 'Type centre', "
               "$centres{0} using 1:2:3 with labels left offset 1.2,-0.9 font ',9' tc rgb 'black' "
               "notitle\n",
               i);
  }
  return out + "unset multiplot\n";
}

std::string fig03(const YangStudy& s) {
  const auto& years = s.analysis.frontier_by_year;
  size_t main = static_cast<size_t>(s.main - s.panels.data());
  std::string out =
      common(fmt::format("Efficient frontier by year ({}; a model counts from its release year)",
                         s.analysis.frontier_setup),
             "Energy per image (J)", "ImageNet top-1 (%)") +
      "set logscale x\n" + gp::log_ticks("x") + "set key outside right top title 'Up to'\n" +
      fmt::format(
          "plot $models{} using 1:2 with points pt 7 ps 0.4 lc rgb '#ced4da' "
          "title 'All models', ",
          main);
  for (size_t k = 0; k < years.size(); ++k) {
    double t = years.size() > 1 ? double(k) / double(years.size() - 1) : 1.0;
    out += fmt::format("$year{} using 1:2 with steps lw 2 lc rgb '{}' title '{}'{}", years[k].year,
                       gp::viridis(t), years[k].year, k + 1 < years.size() ? ", " : "\n");
  }
  return out;
}

std::string fig04(const YangStudy& s) {
  size_t main = static_cast<size_t>(s.main - s.panels.data());
  const std::string setup = s.main->view->setup.name;
  struct Panel {
    const char* property;
    const char* label;
    int column;
  };
  const Panel panels[] = {{"params", "Parameters", 4},
                          {"flop_count", "FLOPs per image", 5},
                          {"activations", "Activations per image", 6}};
  std::string out = "set multiplot layout 1,3 title " +
                    quoted(fmt::format("Energy per image against model size ({})", setup)) + "\n";
  for (const auto& panel : panels) {
    std::string r = "n/a";
    for (const auto& c : s.analysis.property_correlations) {
      if (c.setup == setup && c.property == panel.property) r = fmt::format("{:.3f}", c.pearson.r);
    }
    auto paper = compare::paper::property_correlation(setup, panel.property);
    out += common(fmt::format("Pearson r {}{}", r,
                              paper ? fmt::format(" (paper {:.4f})", *paper) : std::string()),
                  panel.label, "Energy per image (J)") +
           "set logscale xy\n" + gp::log_ticks("x") + gp::log_ticks("y") +
           (panel.column == 4 ? "set key top left\n" : "unset key\n") + "plot " +
           typed_points(main, fmt::format("${}", panel.column), "$1", 0.5);
    out.erase(out.size() - 2);
    out += "\n";
  }
  return out + "unset multiplot\n";
}

std::string fig05(const YangStudy& s) {
  const auto& e = *s.input_size;
  return common(fmt::format("Increase over the smallest input size ({}, {} models, {} steps)",
                            e.setup, e.models, e.steps.size()),
                "Input size increase (%, pixels per image)", "Increase (%)") +
         "set key top left\n" +
         fmt::format("en(x) = {} + {}*x\nac(x) = {} + {}*x\n", num(e.energy_fit.intercept),
                     num(e.energy_fit.slope), num(e.accuracy_fit.intercept),
                     num(e.accuracy_fit.slope)) +
         "plot $size using 1:2 with points pt 7 ps 0.8 lc rgb '#e8590c' title 'Energy', "
         "$size using 1:3 with points pt 5 ps 0.8 lc rgb '#1971c2' title 'Accuracy', " +
         fmt::format("en(x) with lines lw 2 lc rgb '#e8590c' title {}, ",
                     quoted(fmt::format("Energy: {:.2f} x size + {:.2f} (paper 0.96 x + 1.44)",
                                        e.energy_fit.slope, e.energy_fit.intercept))) +
         fmt::format("ac(x) with lines lw 2 lc rgb '#1971c2' title {}\n",
                     quoted(fmt::format("Accuracy: {:.3f} x size + {:.2f} (paper 0.01 x + 0.29)",
                                        e.accuracy_fit.slope, e.accuracy_fit.intercept)));
}

std::string histogram_panel(const std::string& block, const std::string& title,
                            const std::string& xlabel, double geomean, const char* colour) {
  return common(title, xlabel, "Models") + "set logscale x\n" + gp::log_ticks("x") +
         "set key top right\nset yrange [0:*]\nset offsets graph 0.04, graph 0.04, graph 0.3, 0\n"
         "set style fill solid 0.75 border rgb 'white'\n" +
         fmt::format(
             "set arrow 1 from {0}, graph 0 to {0}, graph 1 nohead front lw 2.5 lc rgb 'black'\n"
             "set arrow 2 from 1, graph 0 to 1, graph 1 nohead front lw 1.5 dt 2 lc rgb "
             "'#868e96'\n"
             "plot ${1} using (sqrt($1*$2)):($3/2):1:2:(0):3 with boxxyerror lc rgb '{2}' "
             "title 'Models', NaN with lines lw 2.5 lc rgb 'black' title {3}, "
             "NaN with lines lw 1.5 dt 2 lc rgb '#868e96' title 'Ratio 1'\n"
             "unset arrow\n",
             num(geomean), block, colour, quoted(fmt::format("Geometric mean {:.2f}x", geomean)));
}

std::string fig06(const YangStudy& s) {
  size_t n = std::count_if(s.panels.begin(), s.panels.end(),
                           [](const YangPanel& p) { return p.naive.has_value(); });
  std::string out = multiplot(n, 2);
  for (size_t i = 0; i < s.panels.size(); ++i) {
    const auto& naive = s.panels[i].naive;
    if (!naive) continue;
    auto paper = compare::paper::naive_error(naive->setup, naive->precision);
    out +=
        histogram_panel(fmt::format("naive{}", i),
                        fmt::format("{}: {:.2f}x{}", naive->setup, naive->geometric_mean,
                                    paper ? fmt::format(" (paper {:.2f})", *paper) : std::string()),
                        "Measured / naive estimate (2 x ptflops MACs / fp32 peak x TDP)",
                        naive->geometric_mean, kSeriesColours[i % 6]);
  }
  return out + "unset multiplot\n";
}

std::string tdp_line(double tdp, const char* colour) {
  return fmt::format("{} / x with lines lw 2 dt 2 lc rgb '{}' title {}", num(tdp), colour,
                     quoted(fmt::format("TDP {:.0f} W (energy x throughput)", tdp)));
}

std::string fig07(const YangStudy& s) {
  std::string out =
      "set multiplot layout 1,2\n" +
      common("Energy per item against batch size", "Batch size", "Energy per item (J)") +
      "set logscale xy 2\nset logscale y 10\n" + gp::log_ticks("y") +
      "set xtics format '%g'\nset key top right\nplot ";
  std::string right =
      common("Throughput against energy per item", "Energy per item (J)", "Throughput (items/s)") +
      "set logscale xy\n" + gp::log_ticks("x") + gp::log_ticks("y") + "set key bottom left\nplot ";
  std::set<double> tdps;
  for (size_t k = 0; k < s.sweeps.size(); ++k) {
    const char* colour = kSeriesColours[k % 6];
    std::string sep = k + 1 < s.sweeps.size() ? ", " : "";
    out += fmt::format("$sweep{} using 1:2 with linespoints pt 7 lw 2 lc rgb '{}' title {}{}", k,
                       colour, quoted(s.sweeps[k].label), sep);
    right += fmt::format("$sweep{} using 2:3 with linespoints pt 7 lw 2 lc rgb '{}' notitle{}", k,
                         colour, sep);
    if (s.sweeps[k].tdp_w) tdps.insert(*s.sweeps[k].tdp_w);
  }
  for (double tdp : tdps) right += ", " + tdp_line(tdp, "#c92a2a");
  return out + "\n" + right + "\nunset multiplot\n";
}

std::string fig08(const YangStudy& s) {
  const auto& first = s.runtimes.front();
  std::optional<double> tdp;
  for (const auto& p : s.panels) {
    if (p.view->setup.name == first.from_setup) tdp = p.tdp_w;
  }
  std::string out =
      "set multiplot layout 1,2\n" +
      common(fmt::format("{} and {}: most efficient batch size", first.from_setup, first.to_setup),
             "Energy per image (J)", "Throughput (images/s)") +
      "set logscale xy\n" + gp::log_ticks("x") + gp::log_ticks("y") + "set key bottom left\n" +
      fmt::format(
          "plot $runtime0 using 1:3 with points pt 7 ps 0.5 lc rgb '#1971c2' title {}, "
          "$runtime0 using 2:4 with points pt 9 ps 0.5 lc rgb '#e8590c' title {}",
          quoted(first.from_setup), quoted(first.to_setup)) +
      (tdp ? ", " + tdp_line(*tdp, "#c92a2a") : std::string()) + "\n" +
      common("Gain from PyTorch to the other runtime", "Throughput gain (to / from)",
             "Energy reduction (from / to)") +
      "set logscale xy\n" + gp::log_ticks("x") + gp::log_ticks("y") +
      "set key top left\nplot x with lines lw 1.5 dt 2 lc rgb '#868e96' title 'Equal gain', ";
  for (size_t c = 0; c < s.runtimes.size(); ++c) {
    out += fmt::format(
        "$runtime{} using ($4/$3):($1/$2) with points pt 7 ps 0.5 lc rgb '{}' title {}{}", c,
        kSeriesColours[c % 6], quoted(s.runtimes[c].from_setup + " -> " + s.runtimes[c].to_setup),
        c + 1 < s.runtimes.size() ? ", " : "\n");
  }
  return out + "unset multiplot\n";
}

std::string fig09(const YangStudy& s) {
  std::string out = multiplot(s.runtimes.size(), 2);
  for (size_t c = 0; c < s.runtimes.size(); ++c) {
    const auto& r = s.runtimes[c];
    std::vector<double> ratios;
    for (const auto& p : r.pairs) ratios.push_back(p.from_energy_j / p.to_energy_j);
    double gm = stats::geometric_mean(ratios);
    auto paper = compare::paper::runtime_reduction(r.from_setup, r.to_setup);
    out += histogram_panel(
        fmt::format("reduction{}", c),
        fmt::format("{} -> {}: {:.2f}x, GSD {:.2f}{}", r.from_setup, r.to_setup, gm,
                    stats::geometric_sd(ratios),
                    paper ? fmt::format(" (paper {:.2f}x, {:.2f})", paper->first, paper->second)
                          : std::string()),
        "Energy reduction (PyTorch energy / other runtime's)", gm, kSeriesColours[c % 6]);
  }
  return out + "unset multiplot\n";
}

std::string body(const YangStudy& s, int number) {
  switch (number) {
    case 2:
      return fig02(s);
    case 3:
      return fig03(s);
    case 4:
      return fig04(s);
    case 5:
      return fig05(s);
    case 6:
      return fig06(s);
    case 7:
      return fig07(s);
    case 8:
      return fig08(s);
    case 9:
      return fig09(s);
  }
  return "";
}

}  // namespace

std::string yang_figure_script(const YangStudy& s, const std::string& figures_dir) {
  std::string out = "# Yang et al.'s figures (Figs 2-9), drawn by infergy report.\n" +
                    std::string("set encoding utf8\nset datafile missing NaN\n") + datablocks(s);
  size_t naive_panels = std::count_if(s.panels.begin(), s.panels.end(),
                                      [](const YangPanel& p) { return p.naive.has_value(); });
  for (const auto& f : s.figures()) {
    // Panels two to a row for the per-setup figures; one row for the others.
    size_t panels = f.number == 2   ? s.panels.size()
                    : f.number == 6 ? naive_panels
                    : f.number == 9 ? s.runtimes.size()
                                    : 0;
    int height = panels ? static_cast<int>((panels + 1) / 2) * 470 : (f.number == 4 ? 520 : 620);
    int width = f.number == 3 || f.number == 5 ? 1100 : 1300;
    out += fmt::format("\n# ---- Yang et al. Fig. {}: {}\n", f.number, f.title);
    out += gp::both_terminals(figures_dir, f.stem, body(s, f.number), width, height);
  }
  return out;
}

}  // namespace infergy::report::detail
