// Over 400 lines: the 14 figures share their helpers, datablocks and style; a file per
// figure would scatter them. New figures go in a file of their own.
// The gnuplot script for Figs 1-14: data as inline datablocks, each figure drawn
// twice (SVG, then PNG). Styles follow the paper: log axes, viridis colour by
// year or accuracy, circles without and triangles with extra data, labelled fits.
#include <cmath>
#include <sstream>

#include <fmt/format.h>

#include "infergy/report.hpp"
#include "study.hpp"

namespace infergy::report {

constexpr const char* kTrendStudy = "Desislavov et al. 2023";

const std::vector<FigureInfo>& figures() {
  static const std::vector<FigureInfo> list = {
      {1, "fig01_params_vs_flops", "Parameters vs GFLOPs (CV)", kTrendStudy,
       "Parameters against FLOPs of the CV models, with log-log fits per architecture and "
       "Pearson's r beside the paper's."},
      {2, "fig02_cv_accuracy_over_time", "ImageNet accuracy over time", kTrendStudy,
       "ImageNet top-1 accuracy of the CV models by release date; point size grows with GFLOPs."},
      {3, "fig03_cv_gflops_over_time", "GFLOPs per forward pass over time (CV)", kTrendStudy,
       "GFLOPs per forward pass of the CV models by release date, with exponential fits of all "
       "models and of the most accurate per year."},
      {4, "fig04_cv_accuracy_vs_gflops", "ImageNet accuracy vs GFLOPs", kTrendStudy,
       "ImageNet accuracy against GFLOPs, coloured by release year, with the Pareto frontier."},
      {5, "fig05_nlp_glue_vs_gflops", "GLUE score vs GFLOPs (NLP)", kTrendStudy,
       "GLUE score against GFLOPs of the NLP models, with the Pareto frontier."},
      {6, "fig06_nlp_gflops_over_time", "GFLOPs per forward pass over time (NLP)", kTrendStudy,
       "GFLOPs per forward pass of the NLP models by release date, by input length, with "
       "exponential fits."},
      {7, "fig07_gpu_peak_efficiency", "GPU peak GFLOPS per watt", kTrendStudy,
       "Theoretical GFLOPS per watt of NVIDIA GPUs by launch date (FP32, FP16, tensor cores), with "
       "fits."},
      {8, "fig08_gpu_adapted_efficiency", "GPU GFLOPS per watt adapted for CNN and NLP",
       kTrendStudy,
       "GFLOPS per watt adapted to CNN and NLP workloads with measured speed-ups, with fits."},
      {9, "fig09_cv_energy_over_time", "Energy per forward pass over time (CV)", kTrendStudy,
       "Estimated energy per forward pass of the CV models by release date, with exponential "
       "fits."},
      {10, "fig10_nlp_energy_over_time", "Energy per forward pass over time (NLP)", kTrendStudy,
       "Estimated energy per forward pass of the NLP models by release date, with exponential "
       "fits."},
      {11, "fig11_cv_accuracy_vs_energy", "ImageNet accuracy vs energy per forward pass",
       kTrendStudy,
       "ImageNet accuracy against estimated energy per forward pass, with the Pareto frontier."},
      {12, "fig12_nlp_glue_vs_energy", "GLUE score vs energy per forward pass", kTrendStudy,
       "GLUE score against estimated energy per forward pass, with the Pareto frontier."},
      {13, "fig13_cv_energy_vs_human", "Energy per forward pass vs human consumption (CV)",
       kTrendStudy,
       "Energy per forward pass of the CV models against a human's energy use in one second, "
       "extrapolated to 2025."},
      {14, "fig14_nlp_energy_vs_human", "Energy per forward pass vs human consumption (NLP)",
       kTrendStudy,
       "Energy per forward pass of the NLP models against a human's energy use in one second, "
       "extrapolated to 2025."},
  };
  return list;
}

namespace detail {
namespace {

using analysis::GpuPoint;
using analysis::ModelPoint;
using analysis::TrendPoint;

std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) out += (c == '"' || c == '\\') ? '\'' : c;
  return out + "\"";
}

std::string num(double v) { return fmt::format("{:.10g}", v); }

// Columns: year value accuracy extra(0/1) gflop_count tokens "name"
std::string model_block(const std::string& name, const std::vector<ModelPoint>& points,
                        analysis::Quantity quantity) {
  std::string out = "$" + name + " << EOD\n";
  for (const auto& p : points) {
    out +=
        fmt::format("{} {} {} {} {} {} {} {}\n", num(p.year),
                    num(quantity == analysis::Quantity::gflop_count ? p.gflop_count : p.energy_j),
                    p.accuracy_pct ? num(*p.accuracy_pct) : "NaN", p.extra_data.empty() ? 0 : 1,
                    num(p.gflop_count), p.input_tokens.value_or(0),
                    p.params_m ? num(*p.params_m) : "NaN", quoted(p.name));
  }
  return out + "EOD\n";
}

std::string trend_block(const std::string& name, const std::vector<TrendPoint>& points) {
  std::string out = "$" + name + " << EOD\n";
  for (const auto& p : points) out += num(p.year) + " " + num(p.value) + "\n";
  return out + "EOD\n";
}

std::string gpu_block(const std::string& name, const std::vector<GpuPoint>& points,
                      const std::string& precision = "") {
  std::string out = "$" + name + " << EOD\n";
  for (const auto& p : points) {
    if (!precision.empty() && p.precision != precision) continue;
    out += num(p.year) + " " + num(p.gflop_per_joule) + " " + quoted(p.name) + "\n";
  }
  return out + "EOD\n";
}

// 10^(a + b x) as a gnuplot function, and a legend title with its rates.
std::string trend_function(const std::string& fn, const stats::ExponentialTrend& t) {
  return fmt::format("{}(x) = 10**({} + {}*x)\n", fn, num(t.log10_fit.intercept),
                     num(t.log10_fit.slope));
}

std::string fit_title(const std::string& label, const stats::ExponentialTrend& t) {
  return quoted(fmt::format("{} (x{:.2f}/yr, {} {:.2g} y, R2 {:.2f})", label, t.factor_per_year,
                            t.halving ? "halving" : "doubling", t.doubling_years, t.log10_fit.r2));
}

constexpr const char* kPalette =
    "set palette defined (0 '#440154', 1 '#3b528b', 2 '#21918c', 3 '#5ec962', 4 '#fde725')\n";

std::string common(const std::string& title, const std::string& xlabel, const std::string& ylabel) {
  return fmt::format(
      "set title {}\nset xlabel {}\nset ylabel {}\nset grid lc rgb '#dddddd'\n"
      "set key top left box opaque\nset border lw 1\n{}",
      quoted(title), quoted(xlabel), quoted(ylabel), kPalette);
}

// The legend under the plot, clear of the x label: a bottom margin sized to its entries.
std::string key_below(int entries) {
  return fmt::format(
      "set bmargin {}\nset key at screen 0.5, screen 0.012 center bottom vertical nobox "
      "spacing 1.05\n",
      4 + entries * 1.25);
}

std::string date_axis(double from, double to) {
  return fmt::format("set xrange [{}:{}]\nset xtics 1 format '%.0f'\n", from, to);
}

// Scatter of models: circles (no extra data) and triangles (extra data), coloured by column `c`.
std::string model_scatter(const std::string& block, const std::string& x, const std::string& y,
                          const std::string& c) {
  return fmt::format(
      "${0} using ({1}):($4==0 ? ({2}) : NaN):({3}) with points pt 7 ps 1.1 lc palette "
      "title 'No extra data', "
      "${0} using ({1}):($4==1 ? ({2}) : NaN):({3}) with points pt 9 ps 1.4 lc palette "
      "title 'Extra data'",
      block, x, y, c);
}

std::string fig01(const Study& s) {
  return common("Fig. 1: parameters vs GFLOPs (CV models, log-log)", "Parameters (millions)",
                "GFLOPs per forward pass") +
         "set logscale xy\nset key top left\n" +
         fmt::format("cnn(x) = 10**({})*x**({})\ntrf(x) = 10**({})*x**({})\n",
                     num(s.cnn_loglog.intercept), num(s.cnn_loglog.slope),
                     num(s.transformer_loglog.intercept), num(s.transformer_loglog.slope)) +
         fmt::format(
             "plot $cv using (strcol(9) eq 'CNN' ? $7 : NaN):2 with points pt 7 "
             "lc rgb '#3b528b' title {}, "
             "$cv using (strcol(9) eq 'Transformer' ? $7 : NaN):2 with points pt 9 ps 1.3 "
             "lc rgb '#e8590c' title {}, "
             "$cv using (strcol(9) eq 'Hybrid' ? $7 : NaN):2 with points pt 5 lc rgb '#2b8a3e' "
             "title 'Hybrid', "
             "cnn(x) with lines lw 2 lc rgb '#3b528b' title 'CNN log-log fit', "
             "trf(x) with lines lw 2 dt 2 lc rgb '#e8590c' title 'Transformer log-log fit'\n",
             quoted(
                 fmt::format("CNN (Pearson r = {:.3f}; paper 0.772)", s.cnn_correlation.pearson.r)),
             quoted(fmt::format("Transformer (r = {:.3f}; paper 0.994)",
                                s.transformer_correlation.pearson.r)));
}

// The bubble size of Fig. 2 for a GFLOPs count, and the key entries that explain it.
std::string bubble_size(const std::string& gflops) { return "(0.6+0.9*log10(" + gflops + "+1))"; }

std::string fig02(const Study&) {
  std::string sizes;
  for (double g : {1.0, 10.0, 100.0, 1000.0}) {
    sizes += fmt::format(", NaN with points pt 6 ps {:.3f} lc rgb '#495057' title '{:g} GFLOPs'",
                         0.6 + 0.9 * std::log10(g + 1), g);
  }
  return common("Fig. 2: ImageNet top-1 accuracy over time (point size: GFLOPs)", "Release date",
                "Top-1 accuracy (%)") +
         date_axis(2012, 2022) + "set key bottom right spacing 1.5\n" +
         "plot $cv using 1:($4==0 ? $3 : NaN):" + bubble_size("$5") +
         " with points pt 6 ps variable lc rgb '#d6336c' title 'No extra data', "
         "$cv using 1:($4==1 ? $3 : NaN):" +
         bubble_size("$5") + " with points pt 8 ps variable lc rgb '#1971c2' title 'Extra data'" +
         sizes + "\n";
}

// A span of years, "[x=first:last] ", so a fitted line covers the years of its points
// (or runs on to `until`, for the extrapolation of Figs 13-14).
std::string span(const analysis::TrendSeries& series, double until = 0) {
  double first = series.points.front().year;
  double last = first;
  for (const auto& p : series.points) {
    first = std::min(first, p.year);
    last = std::max(last, p.year);
  }
  return fmt::format("[x={}:{}] ", num(first), num(std::max(last, until)));
}

// The fitted lines of an over-time figure: function definitions, then plot elements.
struct FitLines {
  std::string definitions;
  std::string elements;
};

FitLines trend_lines(const Study& s, const std::string& all, const std::string& best,
                     const std::string& best_label, const std::string& average_block) {
  return {trend_function("fall", s.fit(all).trend) + trend_function("fbest", s.fit(best).trend),
          fmt::format("{}fall(x) with lines lw 2 lc rgb 'black' title {}, "
                      "{}fbest(x) with lines lw 2 dt 2 lc rgb 'black' title {}, "
                      "${} using 1:2 with linespoints lw 1.5 dt 3 pt 1 lc rgb '#555555' "
                      "title 'Average per year'",
                      span(s.fit(all)), fit_title("All models", s.fit(all).trend),
                      span(s.fit(best)), fit_title(best_label, s.fit(best).trend), average_block)};
}

std::string over_time_cv(const Study& s, const std::string& title, const std::string& ylabel,
                         const std::string& quantity) {
  std::string block = quantity == "gflops" ? "cvg" : "cve";
  auto lines = trend_lines(s, "cv-all-" + quantity, "cv-best-" + quantity, "Most accurate per year",
                           quantity == "gflops" ? "cv_avg_g" : "cv_avg_e");
  return common(title, "Release date", ylabel) + date_axis(2012, 2022) +
         "set logscale y\nset format y '%g'\nset cbrange [55:91]\nset cblabel 'Top-1 accuracy "
         "(%)'\n" +
         key_below(5) + lines.definitions + "plot " + model_scatter(block, "$1", "$2", "$3") +
         ", " + lines.elements + "\n";
}

std::string accuracy_vs(const Study&, const std::string& title, const std::string& xlabel,
                        const std::string& block, const std::string& pareto,
                        const std::string& metric) {
  return common(title, xlabel, metric) +
         "set logscale x\nset format x '%g'\nset cbrange [2012:2022]\nset cbtics 2 format '%.0f'\n"
         "set cblabel 'Release year'\nset key bottom right\n"
         "plot $" +
         pareto + " using 2:3 with steps lw 3 lc rgb '#aaaaaa' title 'Pareto frontier', " +
         model_scatter(block, "$2", "$3", "$1") + "\n";
}

std::string nlp_scatter(const std::string& title, const std::string& xlabel,
                        const std::string& block, const std::string& pareto) {
  return common(title, xlabel, "GLUE score") +
         "set logscale x\nset format x '%g'\nset cbrange [2017:2021]\nset cbtics 1 format '%.0f'\n"
         "set cblabel 'Release year'\n"
         "set key top left\nset offsets graph 0.05, graph 0.25, 0.5, 0.5\n"
         "plot $" +
         pareto +
         " using 2:3 with steps lw 3 lc rgb '#aaaaaa' title 'Pareto frontier', "
         "$" +
         block +
         " using ($3==$3 ? $2 : NaN):3:1 with points pt 7 ps 1.5 lc palette "
         "title 'NLP models with a GLUE score', "
         "$" +
         block +
         " using ($3==$3 && int($0)%2==0 ? $2 : NaN):3:8 with labels left offset 0.8,0.45 "
         "font ',9' notitle, $" +
         block +
         " using ($3==$3 && int($0)%2==1 ? $2 : NaN):3:8 with labels left offset 0.8,-0.45 "
         "font ',9' notitle\n";
}

std::string token_points(const std::string& block) {
  std::string out;
  const std::vector<std::pair<int, std::string>> tokens = {
      {128, "#d6336c"}, {512, "#7048e8"}, {1024, "#1971c2"}, {2048, "#0ca678"}};
  for (const auto& [n, colour] : tokens) {
    out += fmt::format(
        "${} using 1:($6=={} ? $2 : NaN) with points pt 7 ps 1.4 lc rgb '{}' title '{} tokens', ",
        block, n, colour, n);
  }
  return out;
}

std::string over_time_nlp(const Study& s, const std::string& title, const std::string& ylabel,
                          const std::string& quantity) {
  std::string block = quantity == "gflops" ? "nlpg" : "nlpe";
  auto lines =
      trend_lines(s, "nlp-all-" + quantity, "nlp-demanding-" + quantity,
                  "Most demanding when released", quantity == "gflops" ? "nlp_avg_g" : "nlp_avg_e");
  return common(title, "Release date", ylabel) + date_axis(2017, 2021) +
         "set logscale y\nset format y '%g'\n" + key_below(7) + lines.definitions + "plot " +
         token_points(block) + lines.elements + "\n";
}

std::string fig07(const Study& s) {
  const auto& s32 = s.fit("gpu-fp32-gflops-per-watt");
  const auto& s16 = s.fit("gpu-fp16-gflops-per-watt");
  const auto& sten = s.fit("gpu-tensor-gflops-per-watt");
  const auto& f32 = s32.trend;
  const auto& f16 = s16.trend;
  const auto& ten = sten.trend;
  return common("Fig. 7: theoretical NVIDIA GPU GFLOPS per watt (Table 8)", "Launch date",
                "GFLOPS/W") +
         date_axis(2010, 2022) + "set logscale y\nset key bottom right\n" +
         trend_function("f32", f32) + trend_function("f16", f16) + trend_function("ften", ten) +
         fmt::format(
             "plot $fp32 using 1:2 with points pt 7 ps 1.2 lc rgb '#fab005' title 'FP32', "
             "$fp16 using 1:2 with points pt 5 ps 1.2 lc rgb '#212529' title 'FP16', "
             "$tensor using 1:2 with points pt 9 ps 1.4 lc rgb '#1971c2' title 'FP16/FP32 Tensor', "
             "{}f32(x) with lines lc rgb '#fab005' lw 2 title {}, "
             "{}f16(x) with lines lc rgb '#212529' lw 2 dt 2 title {}, "
             "{}ften(x) with lines lc rgb '#1971c2' lw 2 dt 4 title {}\n",
             span(s32), fit_title("FP32 fit", f32), span(s16), fit_title("FP16 fit", f16),
             span(sten), fit_title("Tensor fit", ten));
}

std::string adapted_panel(const std::string& title, const std::string& block,
                          const stats::ExponentialTrend& t, const std::string& fn) {
  return fmt::format(
      "set title {0}\n{1}"
      "plot ${2}_fp32 using 1:2 with points pt 7 ps 1.2 lc rgb '#3b528b' title 'FP32', "
      "${2}_mixed using 1:2 with points pt 5 ps 1.4 lc rgb '#4dabf7' title 'Mixed', "
      "${2}_tf32 using 1:2 with points pt 9 ps 1.5 lc rgb '#fab005' title 'TF32', "
      "{3}(x) with lines lw 2 lc rgb 'black' title {4}\n",
      quoted(title), trend_function(fn, t), block, fn, fit_title("Fit", t));
}

std::string fig08(const Study& s) {
  return common("", "Launch date", "GFLOPS/W") + date_axis(2010, 2021.5) +
         "set xtics 2\nset logscale y\nset yrange [2:600]\n"
         "set ytics (2, 5, 10, 20, 50, 100, 200, 500)\nset key bottom right font ',9' spacing 0.9\n"
         "set multiplot layout 1,2\n" +
         adapted_panel("Fig. 8a: GFLOPS/W adapted for CNNs (Table 9)", "cnn",
                       s.fit("gpu-cnn-adapted-gflops-per-watt").trend, "fcnn") +
         adapted_panel("Fig. 8b: GFLOPS/W adapted for NLP (Table 9)", "nlp",
                       s.fit("gpu-nlp-adapted-gflops-per-watt").trend, "fnlp") +
         "unset multiplot\n";
}

std::string versus_human(const Study& s, const std::string& title, const std::string& prefix,
                         const std::string& best_id, const std::string& best_label,
                         const std::string& points) {
  const auto& all_series = s.fit(prefix + "-all-energy");
  const auto& best_series = s.fit(best_id);
  const auto& all = all_series.trend;
  const auto& best = best_series.trend;
  return common(title, "Date", "Joules") + date_axis(prefix == "cv" ? 2012 : 2017, 2025) +
         "set logscale y\nset yrange [0.001:100000]\nset format y '%g'\n" + key_below(5) +
         "set cbrange [55:91]\n"
         "set cblabel 'Top-1 accuracy (%)'\n" +
         trend_function("fall", all) + trend_function("fbest", best) +
         fmt::format(
             "plot {} "
             "{}fall(x) with lines lw 2 lc rgb 'black' title {}, "
             "{}fbest(x) with lines lw 2 dt 2 lc rgb 'black' title {}, "
             "{} with lines lw 2 lc rgb '#2f9e44' title {}, "
             "{} with lines lw 2 lc rgb '#e03131' title {}\n",
             points, span(all_series, 2025), fit_title("All models (extrapolated to 2025)", all),
             span(best_series, 2025), fit_title(best_label + " (extrapolated)", best),
             num(s.human.internal_w),
             quoted(
                 fmt::format("Human internal consumption in 1 s ({:.0f} J)", s.human.internal_w)),
             num(s.human.external_w),
             quoted(
                 fmt::format("Human external consumption in 1 s ({:.0f} J)", s.human.external_w)));
}

std::string datablocks(const Study& s) {
  using analysis::Quantity;
  std::string out;
  // Fig. 1 needs architecture: column 9 appended for CV models.
  out += "$cv << EOD\n";
  for (const auto& p : s.cv) {
    out += fmt::format("{} {} {} {} {} {} {} {} {}\n", num(p.year), num(p.gflop_count),
                       p.accuracy_pct ? num(*p.accuracy_pct) : "NaN", p.extra_data.empty() ? 0 : 1,
                       num(p.gflop_count), 0, p.params_m ? num(*p.params_m) : "NaN", quoted(p.name),
                       quoted(p.architecture));
  }
  out += "EOD\n";
  out += model_block("cvg", s.cv, Quantity::gflop_count) +
         model_block("cve", s.cv, Quantity::energy_j);
  out += model_block("nlpg", s.nlp, Quantity::gflop_count) +
         model_block("nlpe", s.nlp, Quantity::energy_j);
  out += model_block("cv_pareto_g", s.cv_pareto_gflop_count, Quantity::gflop_count);
  out += model_block("cv_pareto_e", s.cv_pareto_energy, Quantity::energy_j);
  out += model_block("nlp_pareto_g", s.nlp_pareto_gflop_count, Quantity::gflop_count);
  out += model_block("nlp_pareto_e", s.nlp_pareto_energy, Quantity::energy_j);
  out += trend_block("cv_avg_g", s.cv_average_gflop_count) +
         trend_block("cv_avg_e", s.cv_average_energy);
  out += trend_block("nlp_avg_g", s.nlp_average_gflop_count) +
         trend_block("nlp_avg_e", s.nlp_average_energy);
  out += gpu_block("fp32", s.fp32) + gpu_block("fp16", s.fp16) + gpu_block("tensor", s.tensor);
  for (const auto& [name, pts] : {std::pair{"cnn", &s.cnn_adapted}, {"nlp", &s.nlp_adapted}}) {
    out += gpu_block(std::string(name) + "_fp32", *pts, "FP32");
    out += gpu_block(std::string(name) + "_mixed", *pts, "Mixed");
    out += gpu_block(std::string(name) + "_tf32", *pts, "TF32");
  }
  return out;
}

// Pareto blocks hold (year, cost, accuracy) like model blocks: columns 2 and 3 are cost, accuracy.
std::string figure_body(const Study& s, int number) {
  switch (number) {
    case 1:
      return fig01(s);
    case 2:
      return fig02(s);
    case 3:
      return over_time_cv(s, "Fig. 3: GFLOPs per forward pass over time (CV, ImageNet)",
                          "GFLOPs per forward pass", "gflops");
    case 4:
      return accuracy_vs(s, "Fig. 4: ImageNet accuracy vs GFLOPs (grey: Pareto frontier)",
                         "GFLOPs per forward pass", "cvg", "cv_pareto_g", "Top-1 accuracy (%)");
    case 5:
      return nlp_scatter("Fig. 5: GLUE score vs GFLOPs (NLP, 128 tokens)",
                         "GFLOPs per forward pass", "nlpg", "nlp_pareto_g");
    case 6:
      return over_time_nlp(s, "Fig. 6: GFLOPs per forward pass over time (NLP)",
                           "GFLOPs per forward pass", "gflops");
    case 7:
      return fig07(s);
    case 8:
      return fig08(s);
    case 9:
      return over_time_cv(s, "Fig. 9: estimated energy per forward pass (CV)",
                          "Joules per forward pass", "energy");
    case 10:
      return over_time_nlp(s, "Fig. 10: estimated energy per forward pass (NLP)",
                           "Joules per forward pass", "energy");
    case 11:
      return accuracy_vs(s, "Fig. 11: ImageNet accuracy vs energy (grey: Pareto frontier)",
                         "Joules per forward pass", "cve", "cv_pareto_e", "Top-1 accuracy (%)");
    case 12:
      return nlp_scatter("Fig. 12: GLUE score vs energy per forward pass (NLP)",
                         "Joules per forward pass", "nlpe", "nlp_pareto_e");
    case 13:
      return versus_human(
          s, "Fig. 13: energy per forward pass vs human consumption in 1 s (CV)", "cv",
          "cv-best-energy", "Most accurate per year",
          "$cve using 1:2:3 with points pt 7 ps 0.9 lc palette notitle, "
          "NaN with points pt 7 ps 1.2 lc rgb '#21918c' title 'CV models (colour: top-1 "
          "accuracy)',");
    case 14:
      return versus_human(
          s, "Fig. 14: energy per forward pass vs human consumption in 1 s (NLP)", "nlp",
          "nlp-demanding-energy", "Most demanding when released",
          "$nlpe using 1:2 with points pt 7 ps 1.2 lc rgb '#7048e8' title 'NLP models',");
  }
  return "";
}

std::string path_in(const std::string& dir, const std::string& file) {
  std::string p = dir + "/" + file;
  std::string out = "'";
  for (char c : p) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

}  // namespace

std::string figure_script(const Study& s, const std::string& figures_dir) {
  std::string out = "# Generated by infergy report: draws Figs 1-14 as SVG and PNG.\n";
  out += "set encoding utf8\nset datafile missing NaN\n";
  out += datablocks(s);
  for (const auto& f : figures()) {
    std::string body = figure_body(s, f.number);
    out += fmt::format("\n# ---- Fig. {}: {}\nreset\n", f.number, f.title);
    out +=
        "set terminal svg size 1000,720 dynamic noenhanced font 'DejaVu Sans,14' "
        "background rgb 'white'\n";
    out += "set output " + path_in(figures_dir, f.stem + ".svg") + "\n" + body;
    out += "unset output\nreset\n";
    out +=
        "set terminal pngcairo size 1000,720 noenhanced font 'DejaVu Sans,11' "
        "background rgb 'white'\n";
    out += "set output " + path_in(figures_dir, f.stem + ".png") + "\n" + body;
    out += "unset output\n";
  }
  return out;
}

}  // namespace detail
}  // namespace infergy::report
