#include "run_plot.hpp"

#include <fmt/format.h>

#include "infergy/error.hpp"
#include "infergy/run_figures.hpp"

namespace infergy::cli {
namespace {

// The TDP to draw and the GPU it belongs to, or none (simulated or CPU sensors).
report::RunFigureOptions tdp_of(Context& ctx, const measure::RunRecord& run, const PlotArgs& a) {
  report::RunFigureOptions o;
  if (a.tdp_w) {
    o.tdp_w = a.tdp_w;
    o.gpu = a.gpu;
    return o;
  }
  const std::string gpu = a.gpu.empty() ? run.nvml_device() : a.gpu;
  if (gpu.empty()) return o;
  try {
    o.tdp_w = ctx.store().catalog().find_gpu(gpu, catalog::Precision::fp32).tdp_w;
    o.gpu = gpu;
  } catch (const InputError& e) {
    if (!a.gpu.empty()) throw;  // asked for by name: say it is unknown
    *ctx.err << fmt::format("note: no TDP line: '{}' is not in the catalog (pass --tdp W)\n", gpu);
  }
  return o;
}

}  // namespace

Table plot_run(Context& ctx, int64_t run_id, const PlotArgs& args) {
  auto& runs = ctx.store().runs();
  report::RunFigureData data{runs.get(run_id), runs.batches(run_id), runs.samples(run_id)};
  auto files = report::write_run_figures(data, args.out_dir, tdp_of(ctx, data.run, args));
  Table t;
  t.columns = {{"figure"}, {"svg"}, {"png"}};
  auto stems = report::run_figure_stems(data);
  for (size_t i = 0; i < stems.size(); ++i) {
    t.rows.push_back({stems[i], files[2 * i], files[2 * i + 1]});
  }
  return t;
}

}  // namespace infergy::cli
