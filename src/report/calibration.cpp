// The calibrated estimator in the report: its evaluation on the measured setups (the
// table `infergy calibrate evaluate` prints), the transfer between GPUs, and a figure of
// predicted against measured energy for the naive and the calibrated estimate.
#include <sstream>

#include <fmt/format.h>

#include "infergy/calibrate.hpp"
#include "infergy/error.hpp"
#include "infergy/output.hpp"
#include "study.hpp"

namespace infergy::report::detail {
namespace {

constexpr const char* kStem = "calibration_predicted_vs_measured";

std::string num(double v, int digits = 3) { return format_number(v, digits); }
std::string pct(double share) { return format_number(100 * share, 3) + " %"; }

std::string optional_pct(const std::optional<double>& share) {
  return share ? pct(*share) : std::string("–");
}

void write_tables(std::ostream& out, const calibrate::Evaluation& ev) {
  out << fmt::format(
      "\n{}-fold cross-validation (fold = FNV-1a of the model name) and leave-one-family-out, "
      "{} % intervals; factor = exp(mean |ln(predicted / measured)|).\n\n",
      ev.options.folds, num(100 * ev.options.level));
  out << "| setup | points | families | CV factor | CV median abs. rel. err. | CV within ±20 % | "
         "CV coverage | LOFO factor | LOFO coverage | naive factor | adapted factor |\n"
      << "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const auto& s : ev.setups) {
    out << fmt::format(
        "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", s.setup.name,
        s.cross_validated.n, s.families, num(s.cross_validated.error_factor),
        pct(s.cross_validated.median_abs_rel_error), pct(s.cross_validated.within_20pct),
        optional_pct(s.cross_validated.coverage), num(s.leave_family_out.error_factor),
        optional_pct(s.leave_family_out.coverage), num(s.naive.error_factor),
        s.adapted ? num(s.adapted->error_factor) : std::string("–"));
  }
  out << "\nNaive: 2 × MACs / (FP32 peak FLOP/s / TDP); adapted: the paper's adapted "
         "mixed-precision efficiency where it has one.\n";
  if (ev.transfers.empty()) return;
  out << "\n### Transfer to a GPU without a measured setup\n\n"
      << "Trained on the source GPU's setups, scaled by the roofline, against the target's "
         "measurements.\n\n"
      << "| runtime | source → target | points | CV factor | CV median abs. rel. err. | CV "
         "coverage "
         "|\n|---|---|---:|---:|---:|---:|\n";
  for (const auto& t : ev.transfers) {
    out << fmt::format("| {} | {} → {} | {} | {} | {} | {} |\n", t.runtime, t.source_gpu,
                       t.target_gpu, t.cross_validated.n, num(t.cross_validated.error_factor),
                       pct(t.cross_validated.median_abs_rel_error),
                       optional_pct(t.cross_validated.coverage));
  }
}

std::string points_csv(const calibrate::Evaluation& ev) {
  std::ostringstream out;
  out << "setup,model,input_px,measured_j,calibrated_j,naive_j\n";
  for (const auto& p : ev.points) {
    out << fmt::format("{},{},{},{:.10g},{:.10g},{:.10g}\n", p.setup, p.model, p.input_px,
                       p.measured_j, p.calibrated_j, p.naive_j);
  }
  return out.str();
}

std::string quoted_path(const std::string& dir, const std::string& file) {
  std::string out = "'";
  for (char c : dir + "/" + file) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

// Two panels, log-log: naive and calibrated (out of fold) against measured, with
// y = x and the ±20 % band.
std::string figure_script(const calibrate::Evaluation& ev, const std::string& figures_dir) {
  std::string out = "\n# ---- the calibrated estimator: predicted vs measured\nreset\n";
  out += "$calibration << EOD\n";
  for (const auto& p : ev.points) {
    if (p.calibrated_j > 0 && p.naive_j > 0) {
      out += fmt::format("{:.10g} {:.10g} {:.10g}\n", p.measured_j, p.naive_j, p.calibrated_j);
    }
  }
  out += "EOD\n";
  const std::string body =
      "set multiplot layout 1,2 title 'Predicted vs measured energy per image (all setups)'\n"
      "set logscale xy\nset xlabel 'measured energy (J)'\nset ylabel 'predicted energy (J)'\n"
      "set key top left\nset grid\nset format xy '%g'\n"
      "stats $calibration using 1 nooutput\nlo = STATS_min / 2; hi = STATS_max * 2\n"
      "set xrange [lo:hi]\nset yrange [lo/10:hi*10]\n"
      "set title 'naive: FLOPs / (FP32 peak / TDP)'\n"
      "plot '+' using 1:($1*0.8):($1*1.2) with filledcurves fc rgb '#cce5cc' title '±20 %', "
      "x with lines lc rgb 'black' title 'y = x', "
      "$calibration using 1:2 with points pt 7 ps 0.3 lc rgb '#c0392b' title 'naive'\n"
      "set title 'calibrated (10-fold, out of fold)'\n"
      "plot '+' using 1:($1*0.8):($1*1.2) with filledcurves fc rgb '#cce5cc' title '±20 %', "
      "x with lines lc rgb 'black' title 'y = x', "
      "$calibration using 1:3 with points pt 7 ps 0.3 lc rgb '#2c6fbb' title 'calibrated'\n"
      "unset multiplot\n";
  out +=
      "set terminal svg size 1400,680 dynamic noenhanced font 'DejaVu Sans,14' background rgb "
      "'white'\n";
  out += "set output " + quoted_path(figures_dir, std::string(kStem) + ".svg") + "\n" + body;
  out += "unset output\n";
  out +=
      "set terminal pngcairo size 1400,680 noenhanced font 'DejaVu Sans,11' background rgb "
      "'white'\n";
  out += "set output " + quoted_path(figures_dir, std::string(kStem) + ".png") + "\n" + body;
  out += "unset output\n";
  return out;
}

}  // namespace

CalibrationSection calibration_section(const std::vector<compare::SetupView>& measured,
                                       const catalog::Catalog& catalog,
                                       const std::string& figures_dir) {
  CalibrationSection section;
  std::ostringstream out;
  out << "\n## Calibrated estimate (learned from the measured setups)\n";
  try {
    const auto ev = calibrate::evaluate(calibrate::training_data(measured), catalog);
    write_tables(out, ev);
    out << fmt::format("\n![Predicted vs measured](figures/{}.svg)\n", kStem);
    out << "\nMethod and limits: docs/estimation.md.\n";
    section.data_files.emplace_back("calibration_points.csv", points_csv(ev));
    section.figure_script = figure_script(ev, figures_dir);
    FigureInfo figure;
    figure.number = 1;
    figure.stem = kStem;
    figure.title = "Calibrated and naive estimates against measured energy";
    figure.study = "Calibrated estimate";
    figure.caption =
        "Energy per inference predicted in 10-fold cross-validation against Yang et al.'s "
        "measurements, per setup, log-log, with y = x and a +-20% band: the naive estimate "
        "beside the calibrated one.";
    figure.data_file = "calibration_points.csv";
    section.figures.push_back(figure);
  } catch (const InputError& e) {
    out << "\nNot evaluated: " << e.what() << "\n";
  }
  section.markdown = out.str();
  return section;
}

}  // namespace infergy::report::detail
