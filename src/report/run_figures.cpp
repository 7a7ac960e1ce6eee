// A run's figures: one gnuplot script with the batches (and samples) as datablocks.
#include "infergy/run_figures.hpp"

#include <filesystem>
#include <fstream>
#include <map>

#include <fmt/format.h>

#include "gnuplot.hpp"
#include "infergy/error.hpp"

namespace infergy::report {
namespace {

namespace fs = std::filesystem;

std::string num(double v) { return fmt::format("{:.10g}", v); }

std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) out += (c == '"' || c == '\\') ? '\'' : c;
  return out + "\"";
}

// Columns: batch_size energy_per_item_j ci_j throughput latency_p50_ms latency_p99_ms avg_power_w
std::string batch_block(const std::vector<measure::BatchResult>& batches) {
  std::string out = "$batches << EOD\n";
  for (const auto& b : batches) {
    out +=
        fmt::format("{} {} {} {} {} {} {}\n", b.batch_size, num(b.energy_per_item_j),
                    num(b.energy_per_item_ci95_j.value_or(0)), num(b.throughput_items_per_s),
                    num(b.latency_p50_s * 1000), num(b.latency_p99_s * 1000), num(b.avg_power_w));
  }
  return out + "EOD\n";
}

// One datablock per batch size: time_s power_w.
std::string sample_blocks(const std::vector<measure::StoredSample>& samples,
                          std::vector<int>& sizes) {
  std::map<int, std::string> blocks;
  for (const auto& s : samples) blocks[s.batch_size] += num(s.time_s) + " " + num(s.power_w) + "\n";
  std::string out;
  for (const auto& [size, rows] : blocks) {
    out += fmt::format("$trace{} << EOD\n{}EOD\n", size, rows);
    sizes.push_back(size);
  }
  return out;
}

const char* kCommon =
    "set grid lc rgb '#dddddd'\nset logscale x 2\nset xlabel 'batch size'\n"
    "set key top left box opaque\nset offsets graph 0.05, graph 0.05, graph 0.05, 0\n";

std::string energy_body(const std::string& title) {
  return fmt::format(
      "{}set title {}\nset ylabel 'energy per item (J)'\nset yrange [0:*]\n"
      "plot $batches using 1:2:3 with yerrorbars pt 7 ps 1.2 lc rgb '#1f77b4' "
      "title 'J/item with 95% CI', '' using 1:2 with lines lc rgb '#1f77b4' notitle\n",
      kCommon, quoted(title));
}

std::string throughput_body(const std::string& title) {
  return fmt::format(
      "{}set title {}\nset ylabel 'throughput (items/s)'\nset y2label 'latency (ms)'\n"
      "set ytics nomirror\nset y2tics\nset yrange [0:*]\nset y2range [0:*]\n"
      "plot $batches using 1:4 with linespoints pt 7 lc rgb '#2ca02c' title 'throughput', "
      "'' using 1:5 axes x1y2 with linespoints pt 5 lc rgb '#d62728' title 'latency p50', "
      "'' using 1:6 axes x1y2 with linespoints pt 4 dt 2 lc rgb '#d62728' title 'latency p99'\n",
      kCommon, quoted(title));
}

std::string power_body(const std::string& title, const RunFigureOptions& o) {
  std::string tdp;
  if (o.tdp_w) {
    tdp = fmt::format(
        ", {} with lines dt 2 lw 2 lc rgb '#7f7f7f' title {}", num(*o.tdp_w),
        quoted(fmt::format("TDP {} W{}", num(*o.tdp_w), o.gpu.empty() ? "" : " (" + o.gpu + ")")));
  }
  return fmt::format(
      "{}set title {}\nset ylabel 'average power (W)'\nset yrange [0:*]\n"
      "plot $batches using 1:7 with linespoints pt 7 lc rgb '#ff7f0e' title 'average power'{}\n",
      kCommon, quoted(title), tdp);
}

std::string trace_body(const std::string& title, const std::vector<int>& sizes) {
  std::string plots;
  for (int size : sizes) {
    plots += fmt::format("{}$trace{} using 1:2 with lines title 'batch {}'",
                         plots.empty() ? "" : ", ", size, size);
  }
  return fmt::format(
      "set grid lc rgb '#dddddd'\nset title {}\nset xlabel 'time in the batch size (s)'\n"
      "set ylabel 'power (W)'\nset yrange [0:*]\nset key outside right\nplot {}\n",
      quoted(title), plots);
}

std::string path_in(const fs::path& dir, const std::string& file) {
  return quoted((dir / file).string());
}

}  // namespace

std::vector<std::string> run_figure_stems(const RunFigureData& data) {
  auto id = data.run.id;
  std::vector<std::string> stems = {fmt::format("run{}_energy_per_item", id),
                                    fmt::format("run{}_throughput_latency", id),
                                    fmt::format("run{}_power", id)};
  if (!data.samples.empty()) stems.push_back(fmt::format("run{}_power_trace", id));
  return stems;
}

std::vector<std::string> write_run_figures(const RunFigureData& data, const std::string& out_dir,
                                           const RunFigureOptions& options) {
  if (data.batches.empty()) {
    throw InputError(fmt::format("run {} has no completed batch size to plot", data.run.id));
  }
  const fs::path dir(out_dir);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw Failure("cannot create directory " + dir.string() + ": " + ec.message());
  const std::string who =
      fmt::format("run {}: {} ({})", data.run.id, data.run.workload, data.run.sensor);
  std::vector<int> sizes;
  std::string script =
      "set encoding utf8\n" + batch_block(data.batches) + sample_blocks(data.samples, sizes);
  auto stems = run_figure_stems(data);
  std::vector<std::string> bodies = {energy_body("Energy per item, " + who),
                                     throughput_body("Throughput and latency, " + who),
                                     power_body("Average power, " + who, options)};
  if (!sizes.empty()) bodies.push_back(trace_body("Power trace, " + who, sizes));
  for (size_t i = 0; i < stems.size(); ++i) {
    script +=
        "reset\nset terminal svg size 900,600 dynamic noenhanced font 'DejaVu Sans,13' "
        "background rgb 'white'\nset output " +
        path_in(dir, stems[i] + ".svg") + "\n" + bodies[i] + "unset output\n";
    script +=
        "reset\nset terminal pngcairo size 900,600 noenhanced font 'DejaVu Sans,11' "
        "background rgb 'white'\nset output " +
        path_in(dir, stems[i] + ".png") + "\n" + bodies[i] + "unset output\n";
  }
  const auto script_path = dir / fmt::format("run{}.gp", data.run.id);
  {
    std::ofstream out(script_path, std::ios::binary);
    out << script;
    if (!out) throw Failure("cannot write " + script_path.string());
  }
  detail::run_gnuplot(options.gnuplot, script_path, dir / fmt::format("run{}.log", data.run.id));
  std::vector<std::string> files;
  for (const auto& stem : stems) {
    for (const char* ext : {".svg", ".png"}) {
      auto path = dir / (stem + ext);
      if (!fs::exists(path)) throw Failure("gnuplot did not write " + path.string());
      files.push_back(path.string());
    }
  }
  return files;
}

}  // namespace infergy::report
