// gnuplot for the report and a run's figures: running it, and small helpers shared by
// the scripts of both studies and of runs (internal to report).
#pragma once
#include <cmath>
#include <filesystem>
#include <string>

#include <fmt/format.h>

namespace infergy::report::detail {

// Runs `gnuplot script` with its stderr in a log file. Throws Failure when gnuplot is
// missing or exits non-zero (quoting the log's tail).
void run_gnuplot(const std::string& gnuplot, const std::filesystem::path& script,
                 const std::filesystem::path& log);

}  // namespace infergy::report::detail

namespace infergy::report::detail::gp {

// A gnuplot string literal; quotes and backslashes become apostrophes.
inline std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) out += (c == '"' || c == '\\') ? '\'' : c;
  return out + "\"";
}

inline std::string num(double v) { return std::isfinite(v) ? fmt::format("{:.10g}", v) : "NaN"; }

// A file path as a single-quoted gnuplot string.
inline std::string path_in(const std::string& dir, const std::string& file) {
  std::string p = dir + "/" + file;
  std::string out = "'";
  for (char c : p) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

// Viridis at t in [0, 1], as '#rrggbb' (five stops, linear in between).
inline std::string viridis(double t) {
  static const int stops[5][3] = {{0x44, 0x01, 0x54},
                                  {0x3b, 0x52, 0x8b},
                                  {0x21, 0x91, 0x8c},
                                  {0x5e, 0xc9, 0x62},
                                  {0xfd, 0xe7, 0x25}};
  t = std::fmin(1.0, std::fmax(0.0, t)) * 4;
  int i = std::min(3, static_cast<int>(t));
  double f = t - i;
  auto mix = [&](int c) {
    return static_cast<int>(std::lround(stops[i][c] + (stops[i + 1][c] - stops[i][c]) * f));
  };
  return fmt::format("#{:02x}{:02x}{:02x}", mix(0), mix(1), mix(2));
}

// Ticks of a log axis on 1, 2 and 5 times powers of ten, labelled as plain numbers.
inline std::string log_ticks(const char* axis) {
  return fmt::format("set {0}tics format '%g'\nset m{0}tics 10\n", axis);
}

// The SVG and PNG terminals every figure is drawn with, at a size in pixels.
inline std::string svg_terminal(int width, int height) {
  return fmt::format(
      "set terminal svg size {},{} dynamic noenhanced font 'DejaVu Sans,14' "
      "background rgb 'white'\n",
      width, height);
}
inline std::string png_terminal(int width, int height) {
  return fmt::format(
      "set terminal pngcairo size {},{} noenhanced font 'DejaVu Sans,11' "
      "background rgb 'white'\n",
      width, height);
}

// Draws `body` once as SVG and once as PNG under figures_dir/stem.{svg,png}.
inline std::string both_terminals(const std::string& figures_dir, const std::string& stem,
                                  const std::string& body, int width = 1000, int height = 720) {
  return "reset\n" + svg_terminal(width, height) + "set output " +
         path_in(figures_dir, stem + ".svg") + "\n" + body + "unset output\nreset\n" +
         png_terminal(width, height) + "set output " + path_in(figures_dir, stem + ".png") + "\n" +
         body + "unset output\n";
}

}  // namespace infergy::report::detail::gp
